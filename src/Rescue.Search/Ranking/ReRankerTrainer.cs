using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Rescue.Search.Scoring;

namespace Rescue.Search.Ranking;

/// <summary>How the re-ranker is trained and when it refuses to be.</summary>
public sealed record ReRankerOptions
{
    /// <summary>The defaults documented on each property.</summary>
    public static ReRankerOptions Default { get; } = new();

    /// <summary>
    /// Fewest confirmed and fewest rejected pairs to train on: with fewer, the held-out fifth holds about ten true
    /// pairs and its AUC says little.
    /// </summary>
    public int MinimumPerClass { get; init; } = 50;

    /// <summary>Percentage of keys held out to measure the model and the rule on.</summary>
    public int HeldOutPercent { get; init; } = 20;

    /// <summary>Boosted trees. Few, small and shallow: there are eleven features and a few thousand decisions.</summary>
    public int Trees { get; init; } = 100;

    public int LeavesPerTree { get; init; } = 8;

    /// <summary>A leaf stands for at least this many training pairs, so that one odd decision cannot make a rule.</summary>
    public int MinimumPairsPerLeaf { get; init; } = 10;

    public double LearningRate { get; init; } = 0.1;

    /// <summary>ML.NET's seed: the same examples and options give the same model.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>
/// What training measured. The AUCs are on the held-out pairs alone, for the model and for the rule total, so the
/// two compare like for like; they are null when training was refused.
/// </summary>
/// <param name="Model">The trained model, or null when refused.</param>
/// <param name="Refused">Why training was refused, in a sentence, or null.</param>
/// <param name="Positives">Confirmed pairs among all the examples.</param>
/// <param name="HeldOutPositives">Confirmed pairs among the held-out ones.</param>
public sealed record TrainingResult(
    ReRanker? Model,
    string? Refused,
    int Examples,
    int Positives,
    int Train,
    int HeldOut,
    int HeldOutPositives,
    double? ModelAuc,
    double? RuleAuc)
{
    /// <summary>Whether the model should replace the rule total for ordering: it was trained and ranks the held-out pairs better.</summary>
    public bool SwitchOn => Model is not null && ModelAuc > RuleAuc;

    /// <inheritdoc />
    public override string ToString() => Refused is not null
        ? $"refused: {Refused}"
        : $"{Model!.Version}: model AUC {ModelAuc:0.0000}, rule AUC {RuleAuc:0.0000} on {HeldOut} held-out pairs " +
          $"({HeldOutPositives} true); trained on {Train}; switch on: {SwitchOn}";
}

/// <summary>
/// Trains a <see cref="ReRanker"/> on officers' decisions: splits the examples by key into training and held-out
/// pairs (the same keys always split the same way), fits boosted trees (ML.NET FastTree) to the training pairs, and
/// measures the model's AUC and the rule total's AUC on the held-out pairs. The model returned is the one measured:
/// it never sees the held-out pairs.
/// </summary>
public sealed class ReRankerTrainer(TimeProvider time, ReRankerOptions? options = null)
{
    private static readonly int FeatureCount = Enum.GetValues<ScoreKind>().Length;

    public ReRankerOptions Options { get; } = options ?? ReRankerOptions.Default;

    /// <summary>Whether a key's pairs are held out: a stable hash of the key, the same in every process and run.</summary>
    public bool IsHeldOut(Guid key)
    {
        Span<int> parts = stackalloc int[4];
        key.TryWriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(parts));
        return StableSeed.Of(parts) % 100 < Options.HeldOutPercent;
    }

    /// <summary>
    /// Trains on the examples, or refuses (a result with <see cref="TrainingResult.Refused"/> set) when there are
    /// fewer than <see cref="ReRankerOptions.MinimumPerClass"/> confirmed or rejected pairs, or when the held-out
    /// pairs lack either kind. Throws when an example's features are not one per <see cref="ScoreKind"/>.
    /// </summary>
    public TrainingResult Train(IReadOnlyList<LabelledPair> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        foreach (var example in examples)
        {
            if (example.Features.Length != FeatureCount)
                throw new ArgumentException($"pair {example.Key} has {example.Features.Length} features, not one per score kind ({FeatureCount})", nameof(examples));
        }

        var positives = examples.Count(e => e.Confirmed);
        var negatives = examples.Count - positives;
        // In one order whatever order the examples came in (a database returns rows as it likes): the trees, and so
        // the model and its version, would otherwise depend on it.
        var ordered = examples.Order(ExampleOrder.Instance).ToList();
        var train = ordered.Where(e => !IsHeldOut(e.Key)).ToList();
        var heldOut = ordered.Where(e => IsHeldOut(e.Key)).ToList();
        var heldOutPositives = heldOut.Count(e => e.Confirmed);
        TrainingResult Refuse(string reason) =>
            new(null, reason, examples.Count, positives, train.Count, heldOut.Count, heldOutPositives, null, null);

        if (positives < Options.MinimumPerClass || negatives < Options.MinimumPerClass)
        {
            return Refuse($"needs at least {Options.MinimumPerClass} confirmed and {Options.MinimumPerClass} rejected pairs; " +
                $"has {positives} confirmed and {negatives} rejected");
        }
        if (heldOutPositives == 0 || heldOutPositives == heldOut.Count)
            return Refuse($"the {heldOut.Count} held-out pairs are all {(heldOutPositives == 0 ? "rejected" : "confirmed")}: nothing to measure on");
        if (train.Count(e => e.Confirmed) == 0 || train.All(e => e.Confirmed))
            return Refuse("the training pairs are all of one kind: nothing to learn from");

        var ml = new MLContext(Options.Seed);
        var schema = PairRow.Schema();
        var trainView = ml.Data.LoadFromEnumerable(train.Select(Row), schema);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(PairRow.Label),
            FeatureColumnName = nameof(PairRow.Features),
            NumberOfTrees = Options.Trees,
            NumberOfLeaves = Options.LeavesPerTree,
            MinimumExampleCountPerLeaf = Options.MinimumPairsPerLeaf,
            LearningRate = Options.LearningRate,
            // One thread: several would make the trees depend on scheduling.
            NumberOfThreads = 1,
        });
        var model = trainer.Fit(trainView);
        var reRanker = new ReRanker(ml, model, trainView.Schema, Version(train));

        var truth = heldOut.Select(e => e.Confirmed).ToList();
        var predicted = ml.Data.CreateEnumerable<PairPrediction>(model.Transform(ml.Data.LoadFromEnumerable(heldOut.Select(Row), schema)), reuseRowObject: false);
        var modelAuc = RocAuc.Of([.. predicted.Select(p => (double)p.Probability)], truth);
        var ruleAuc = RocAuc.Of([.. heldOut.Select(e => e.RuleTotal)], truth);
        return new TrainingResult(reRanker, null, examples.Count, positives, train.Count, heldOut.Count, heldOutPositives,
            Math.Round(modelAuc, 4), Math.Round(ruleAuc, 4));
    }

    private static PairRow Row(LabelledPair pair) => new() { Features = pair.Features, Label = pair.Confirmed };

    /// <summary>"rerank-YYYYMMDD-HHmm-hash": the UTC minute of training and a hash of the training pairs and the
    /// options that shape the trees (the same pairs and options train the same model).</summary>
    private string Version(IReadOnlyList<LabelledPair> train)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var o = Options;
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{o.Trees} {o.LeavesPerTree} {o.MinimumPairsPerLeaf} {o.LearningRate} {o.Seed}")));
        Span<byte> key = stackalloc byte[16];
        foreach (var pair in train)
        {
            pair.Key.TryWriteBytes(key);
            hash.AppendData(key);
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pair.Features.AsSpan()));
            hash.AppendData([pair.Confirmed ? (byte)1 : (byte)0]);
        }
        var trainedAt = time.GetUtcNow().ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        return $"rerank-{trainedAt}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..8]}";
    }

    /// <summary>By key, then decision, then features: a total order on examples that differ.</summary>
    private sealed class ExampleOrder : IComparer<LabelledPair>
    {
        public static readonly ExampleOrder Instance = new();

        public int Compare(LabelledPair? x, LabelledPair? y)
        {
            if (x is null || y is null) return (x is null).CompareTo(y is null);
            var order = x.Key.CompareTo(y.Key);
            if (order == 0) order = x.Confirmed.CompareTo(y.Confirmed);
            for (var i = 0; order == 0 && i < x.Features.Length; i++) order = x.Features[i].CompareTo(y.Features[i]);
            return order;
        }
    }
}
