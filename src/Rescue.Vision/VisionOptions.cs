using System.Globalization;

namespace Rescue.Vision;

/// <summary>Settings of the face pipeline: where the verified models are and how faces are judged.</summary>
/// <remarks>
/// Configuration keys: <c>Rescue:ModelsDirectory</c> (environment <c>Rescue__ModelsDirectory</c>) and
/// <c>Rescue:Vision:*</c> for the rest, e.g. <c>Rescue__Vision__MatchThreshold</c>.
/// </remarks>
public sealed class VisionOptions
{
    /// <summary>Environment variable naming the folder that holds the ONNX files and <c>manifest.tsv</c>.</summary>
    public const string ModelsDirectoryVariable = "Rescue__ModelsDirectory";

    /// <summary>Environment variable overriding <see cref="MatchThreshold"/>.</summary>
    public const string MatchThresholdVariable = "Rescue__Vision__MatchThreshold";

    /// <summary>
    /// Cosine similarity at or above which a pair is shown as a likely match. It orders candidates for
    /// a case officer; it never decides (see docs/decisions/0002-face-match-threshold.md).
    /// </summary>
    public const float DefaultMatchThreshold = 0.39f;

    /// <summary>Folder with <c>fr_detect.onnx</c>, <c>fr_landmark.onnx</c>, <c>fr_feature.onnx</c> and <c>manifest.tsv</c>.</summary>
    public string ModelsDirectory { get; set; } = "";

    /// <inheritdoc cref="DefaultMatchThreshold"/>
    public float MatchThreshold { get; set; } = DefaultMatchThreshold;

    /// <summary>Detector score below which a box is dropped (the detector's own operating point).</summary>
    public float DetectionThreshold { get; set; } = 0.65f;

    /// <summary>Overlap above which the weaker of two detections is dropped.</summary>
    public float NmsIouThreshold { get; set; } = 0.4f;

    /// <summary>
    /// Smallest face side, in pixels of the photo, that gives a usable embedding. Smaller faces are still
    /// reported, but do not count as a usable face.
    /// </summary>
    public int MinFaceSize { get; set; } = 32;

    /// <summary>
    /// Photos at least this wide (as decoded) are also searched in overlapping tiles, because the
    /// detector misses faces narrower than about 3% of what it sees (its smallest anchor is 10 of 320
    /// pixels). In narrower photos such a face is below <see cref="MinFaceSize"/> anyway: 32 × 320 / 10 = 1024.
    /// </summary>
    public int TilingMinWidth { get; set; } = 1024;

    /// <summary>
    /// Longest side a photo is decoded to. JPEG decoding scales down for free in the codec, and detail
    /// beyond this only costs time: a face of 3% of the width still keeps enough pixels.
    /// </summary>
    public int MaxDecodeSide { get; set; } = 2048;

    /// <summary>
    /// ONNX Runtime threads per model run. One, because the pipeline gets its parallelism from several
    /// photos at once; more threads per run would fight over the same two cores.
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Runs the models with denormal floats flushed to zero, which some CPUs compute many times slower
    /// and which change no embedding. Off only for the test that checks the latter.
    /// </summary>
    internal bool DenormalsAsZero { get; set; } = true;

    /// <summary>Throws when a setting cannot work, so a bad configuration fails at start.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelsDirectory))
            throw new InvalidOperationException($"VisionOptions.ModelsDirectory is not set: set {ModelsDirectoryVariable}, or run from inside the repository (a models/ folder with {ModelCatalog.ManifestFileName} is looked for upwards).");
        if (!Directory.Exists(ModelsDirectory))
            throw new InvalidOperationException($"VisionOptions.ModelsDirectory '{ModelsDirectory}' does not exist.");
        if (MatchThreshold is < -1 or > 1 || float.IsNaN(MatchThreshold))
            throw new InvalidOperationException($"VisionOptions.MatchThreshold must be a cosine similarity in [-1, 1], not {MatchThreshold}.");
        if (DetectionThreshold is <= 0 or >= 1)
            throw new InvalidOperationException($"VisionOptions.DetectionThreshold must be in (0, 1), not {DetectionThreshold}.");
        if (NmsIouThreshold is <= 0 or >= 1)
            throw new InvalidOperationException($"VisionOptions.NmsIouThreshold must be in (0, 1), not {NmsIouThreshold}.");
        if (MinFaceSize < 1 || TilingMinWidth < 1 || MaxDecodeSide < 320 || IntraOpThreads < 1)
            throw new InvalidOperationException("VisionOptions: MinFaceSize, TilingMinWidth and IntraOpThreads must be positive and MaxDecodeSide at least 320.");
    }

    /// <summary>
    /// Options for tools and tests that have no configuration system: the models directory from
    /// <c>Rescue__ModelsDirectory</c>, else the nearest <c>models/</c> above the current or the program's
    /// folder; the threshold from <c>Rescue__Vision__MatchThreshold</c>, else the default.
    /// </summary>
    public static VisionOptions FromEnvironment()
    {
        var options = new VisionOptions
        {
            ModelsDirectory = Environment.GetEnvironmentVariable(ModelsDirectoryVariable) is { Length: > 0 } configured
                ? configured
                : FindModelsDirectory(Directory.GetCurrentDirectory()) ?? FindModelsDirectory(AppContext.BaseDirectory) ?? "",
        };
        if (Environment.GetEnvironmentVariable(MatchThresholdVariable) is { Length: > 0 } threshold)
        {
            options.MatchThreshold = float.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidOperationException($"{MatchThresholdVariable}='{threshold}' is not a number.");
        }
        options.Validate();
        return options;
    }

    /// <summary>The nearest folder named <c>models</c> holding a <c>manifest.tsv</c>, walking up from <paramref name="start"/>.</summary>
    public static string? FindModelsDirectory(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models");
            if (File.Exists(Path.Combine(candidate, ModelCatalog.ManifestFileName))) return candidate;
        }
        return null;
    }
}
