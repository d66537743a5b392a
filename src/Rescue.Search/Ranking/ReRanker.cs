using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rescue.Search.Scoring;

namespace Rescue.Search.Ranking;

/// <summary>
/// How much one kind of evidence moved a pair's probability: the probability with the evidence as recorded, less the
/// probability were that part's points zero (what a part counts when its evidence is missing or neutral).
/// </summary>
/// <param name="Points">The part's points in the rule score.</param>
/// <param name="Contribution">Signed, in probability (0.31 is 31 percentage points); positive when the evidence speaks for the pair.</param>
public sealed record FeatureContribution(ScoreKind Kind, double Points, double Contribution)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Points:+0.0;-0.0;0} points → {Contribution:+0.00;-0.00;0}";
}

/// <summary>
/// A model trained on case officers' decisions (<see cref="ReRankerTrainer"/>) that gives a proposed pair the
/// probability that it is a true pair, from the points of its parts. It re-orders candidates; the rule score and its
/// explained parts stay what the officer reads. Thread-safe.
/// </summary>
public sealed class ReRanker
{
    private const string ManifestEntry = "rerank.json";
    private const string ModelEntry = "model.zip";
    private const int FormatVersion = 1;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly PredictionEngine<PairRow, PairPrediction> _engine;

    // A prediction engine keeps buffers of its own: one at a time.
    private readonly Lock _predicting = new();

    internal ReRanker(MLContext ml, ITransformer model, DataViewSchema inputSchema, string version)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        Version = version;
        _engine = ml.Model.CreatePredictionEngine<PairRow, PairPrediction>(model, inputSchemaDefinition: PairRow.Schema());
    }

    /// <summary>Names the model: "rerank-YYYYMMDD-HHmm-hash", trained at that UTC minute on the examples the hash names.</summary>
    public string Version { get; }

    /// <summary>The features the model reads, in order: the names of <see cref="ScoreKind"/>.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = Enum.GetNames<ScoreKind>();

    /// <summary>The probability, between 0 and 1, that the scored pair is a true pair.</summary>
    public double Score(MatchScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Probability(score.Features());
    }

    /// <summary>
    /// The probability for features already read from a score (<see cref="MatchScore.Features"/>, one per
    /// <see cref="ScoreKind"/> in order), as a stored decision keeps them.
    /// </summary>
    public double Score(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Length != FeatureNames.Count)
            throw new ArgumentException($"{features.Length} features, not one per score kind ({FeatureNames.Count})", nameof(features));
        return Probability(features);
    }

    /// <summary>
    /// The kinds of evidence that moved the pair's probability most, largest first (by size, either sign), at most
    /// <paramref name="most"/>. Each is measured by setting that part's points to zero, the value of missing
    /// evidence, and scoring again: "without this evidence the probability would be that much lower (or higher)".
    /// Parts with zero points moved nothing and are left out, as are parts the model ignores. The amounts need not
    /// add up to the probability: trees combine evidence, and two parts may each matter only with the other.
    /// </summary>
    public IReadOnlyList<FeatureContribution> Explain(MatchScore score, int most = 3)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Explain(score.Features(), most);
    }

    /// <summary>The explanation for features already read from a score, as <see cref="Score(float[])"/> takes them.</summary>
    public IReadOnlyList<FeatureContribution> Explain(float[] features, int most = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(most);
        var probability = Score(features);
        var contributions = new List<FeatureContribution>();
        for (var i = 0; i < features.Length; i++)
        {
            if (features[i] == 0) continue;
            var without = (float[])features.Clone();
            without[i] = 0;
            var change = probability - Probability(without);
            if (change != 0) contributions.Add(new FeatureContribution((ScoreKind)i, features[i], change));
        }
        return [.. contributions.OrderByDescending(c => Math.Abs(c.Contribution)).ThenBy(c => c.Kind).Take(most)];
    }

    /// <summary>
    /// Writes the model to a stream as one zip: <c>rerank.json</c> (format, version and feature names) and
    /// <c>model.zip</c> (the ML.NET model).
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var manifest = zip.CreateEntry(ManifestEntry).Open())
            JsonSerializer.Serialize(manifest, new Manifest(FormatVersion, Version, [.. FeatureNames]));
        using var model = zip.CreateEntry(ModelEntry).Open();
        _ml.Model.Save(_model, _inputSchema, model);
    }

    /// <summary>
    /// Reads a model written by <see cref="Save"/>. Throws <see cref="InvalidDataException"/> when the stream is not
    /// one, or when the model reads other features than the kinds this build scores (a kind added or renamed since
    /// it was trained): such a model must be trained again.
    /// </summary>
    public static ReRanker Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"not a re-ranker: no {ManifestEntry}");
        Manifest manifest;
        using (var read = manifestEntry.Open())
            manifest = JsonSerializer.Deserialize<Manifest>(read) ?? throw new InvalidDataException($"{ManifestEntry} is empty");
        if (manifest.Format != FormatVersion)
            throw new InvalidDataException($"re-ranker format {manifest.Format}, this build reads format {FormatVersion}");
        if (!manifest.FeatureNames.SequenceEqual(FeatureNames))
        {
            throw new InvalidDataException(
                $"re-ranker {manifest.Version} reads features [{string.Join(", ", manifest.FeatureNames)}], this build scores " +
                $"[{string.Join(", ", FeatureNames)}]: train it again");
        }

        var modelEntry = zip.GetEntry(ModelEntry) ?? throw new InvalidDataException($"re-ranker {manifest.Version} has no {ModelEntry}");
        // ML.NET reads its zip with seeks; an entry's stream cannot seek.
        using var buffer = new MemoryStream();
        using (var read = modelEntry.Open()) read.CopyTo(buffer);
        buffer.Position = 0;
        var ml = new MLContext();
        var model = ml.Model.Load(buffer, out var inputSchema);
        return new ReRanker(ml, model, inputSchema, manifest.Version);
    }

    private double Probability(float[] features)
    {
        lock (_predicting) return _engine.Predict(new PairRow { Features = features }).Probability;
    }

    private sealed record Manifest(int Format, string Version, string[] FeatureNames);
}

/// <summary>One pair as ML.NET reads it: the features and, for training, the officer's decision.</summary>
internal sealed class PairRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }

    /// <summary>The row's schema: a vector of one float per <see cref="ScoreKind"/> (its length is not a constant an attribute could name).</summary>
    public static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(PairRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Enum.GetValues<ScoreKind>().Length);
        return schema;
    }
}

/// <summary>What the model answers for a row: the calibrated probability of a true pair.</summary>
internal sealed class PairPrediction
{
    public float Probability { get; set; }
}
