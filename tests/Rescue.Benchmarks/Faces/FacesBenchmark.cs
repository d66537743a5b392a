using System.Diagnostics;
using System.Text.Json.Nodes;
using Rescue.Vision;
using SkiaSharp;

namespace Rescue.Benchmarks.Faces;

/// <summary>End-to-end face pipeline throughput on ~1-megapixel photos, with the median time of each stage.</summary>
internal sealed class FacesBenchmark : IBenchmark
{
    private const int TargetPixels = 1_000_000;

    public string Name => "faces";

    public string Description => "photos/s through the face pipeline on ~1 MP photos using every core; stage medians in ms; peak memory [--rounds N]";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4;
        var root = Environment.GetEnvironmentVariable("RESCUE_ROOT") ?? Directory.GetCurrentDirectory();
        var folder = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "faces"));
        var photos = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Select(ResizeToOneMegapixel).ToArray();
        Console.Error.WriteLine($"{photos.Length} photos from {folder}, re-encoded at ~1 MP");

        var options = VisionOptions.FromEnvironment();
        using var pipeline = new FacePipeline(options);

        // A first pass warms up the JIT and ONNX Runtime; the second gives each stage's time without
        // another photo competing for the cores.
        foreach (var photo in photos) pipeline.Analyze(photo);
        var alone = photos.Select(p => pipeline.Analyze(p)).ToArray();
        var faces = alone.Sum(a => a.Faces.Count);

        var workers = Environment.ProcessorCount;
        var total = photos.Length * rounds;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            i => pipeline.Analyze(photos[i % photos.Length]));
        clock.Stop();
        process.Refresh();
        // CPU time per photo does not move when another process takes the cores; photos per second
        // does. Both together tell a slower pipeline from a busy machine.
        var cpuPerPhoto = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / total;
        var perSecond = total / clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"{total} photos in {clock.Elapsed.TotalSeconds:F2} s on {workers} threads");

        return Task.FromResult(new JsonObject
        {
            ["photos"] = photos.Length,
            ["photos_analysed"] = total,
            ["megapixels"] = Math.Round(photos.Average(MegapixelsOf), 2),
            ["threads"] = workers,
            ["photos_per_second"] = Math.Round(perSecond, 1),
            ["cpu_ms_per_photo"] = Math.Round(cpuPerPhoto, 1),
            ["decode"] = Median(alone, t => t.Decode),
            ["detect"] = Median(alone, t => t.Detect),
            ["landmarks"] = Median(alone, t => t.Landmarks),
            ["embed"] = Median(alone, t => t.Embed),
            ["total"] = Median(alone, t => t.Total),
            ["stage_unit"] = "median ms per photo, one photo at a time",
            ["faces_per_photo"] = Math.Round((double)faces / photos.Length, 2),
            ["peak_memory_mb"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
            ["model_version"] = pipeline.ModelVersion,
        });
    }

    private static double Median(PhotoAnalysis[] analyses, Func<StageTimings, TimeSpan> stage)
    {
        var sorted = analyses.Select(a => stage(a.Timings).TotalMilliseconds).Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 2);
    }

    /// <summary>The photo scaled (up or down) to about one megapixel and re-encoded as a JPEG, as a phone upload would be.</summary>
    private static byte[] ResizeToOneMegapixel(string path)
    {
        using var original = SKBitmap.Decode(path);
        var scale = Math.Sqrt((double)TargetPixels / (original.Width * original.Height));
        var info = new SKImageInfo((int)Math.Round(original.Width * scale), (int)Math.Round(original.Height * scale));
        using var resized = original.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var image = SKImage.FromBitmap(resized);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }

    private static double MegapixelsOf(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new MemoryStream(jpeg));
        return codec.Info.Width * codec.Info.Height / 1e6;
    }
}
