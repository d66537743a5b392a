namespace Rescue.Vision;

/// <summary>Two photos and whether they show the same person, as a labelled evaluation set says.</summary>
public sealed record LabelledPair(string FileX, string FileY, bool SamePerson);

/// <summary>A pair's similarity; null when either photo has no usable face.</summary>
public sealed record ScoredPair(LabelledPair Pair, float? Similarity);

/// <summary>How well the pipeline tells same-person pairs from different-person pairs on a labelled set.</summary>
/// <param name="NoFace">Distinct photos in which no usable face was found (their pairs count as non-matches).</param>
/// <param name="Auc">Area under the ROC curve: the chance a same-person pair outscores a different-person pair.</param>
/// <param name="TprAtFpr1Pct">Share of same-person pairs found when at most 1% of different-person pairs pass.</param>
/// <param name="Threshold">The configured match threshold the accuracy is measured at.</param>
/// <param name="AccuracyAtThreshold">Share of pairs on the right side of <see cref="Threshold"/>.</param>
public sealed record VerificationReport(
    int Pairs, int Positives, int Negatives, int NoFace, double Auc, double TprAtFpr1Pct, float Threshold,
    double AccuracyAtThreshold, IReadOnlyList<ScoredPair> Scores);

/// <summary>
/// Evaluates the pipeline on labelled photo pairs: the CSV format of <c>master.csv</c>
/// (<c>file_x,file_y,Decision</c> with Yes/No; further columns are ignored).
/// </summary>
public sealed class FaceVerification(FacePipeline pipeline)
{
    /// <summary>Reads labelled pairs; the header must name <c>file_x</c>, <c>file_y</c> and <c>decision</c> (any case).</summary>
    /// <exception cref="FormatException">The header or a row is not in that format; the message gives the line.</exception>
    public static IReadOnlyList<LabelledPair> ReadPairs(TextReader csv)
    {
        var header = csv.ReadLine() ?? throw new FormatException("The pairs file is empty.");
        var columns = Split(header).Select(c => c.ToLowerInvariant()).ToList();
        var (x, y, decision) = (columns.IndexOf("file_x"), columns.IndexOf("file_y"), columns.IndexOf("decision"));
        if (x < 0 || y < 0 || decision < 0)
            throw new FormatException($"The pairs file's header must have file_x, file_y and Decision columns, not '{header}'.");

        var pairs = new List<LabelledPair>();
        var lineNumber = 1;
        for (var line = csv.ReadLine(); line is not null; line = csv.ReadLine())
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = Split(line);
            if (cells.Length <= Math.Max(decision, Math.Max(x, y)))
                throw new FormatException($"Line {lineNumber} of the pairs file has {cells.Length} columns: '{line}'.");
            var same = cells[decision].ToLowerInvariant() switch
            {
                "yes" => true,
                "no" => false,
                _ => throw new FormatException($"Line {lineNumber}: Decision must be Yes or No, not '{cells[decision]}'."),
            };
            pairs.Add(new LabelledPair(cells[x], cells[y], same));
        }
        return pairs;
    }

    /// <summary>
    /// Analyses every distinct photo once, on all cores, scores each pair with its photos' best faces, and
    /// measures the result at <paramref name="threshold"/>. A file name that is not found as given under
    /// <paramref name="imagesDirectory"/> is looked up by its last segment, since published pair lists
    /// often carry the folders of the machine they were made on.
    /// </summary>
    public VerificationReport Evaluate(IReadOnlyList<LabelledPair> pairs, string imagesDirectory, float threshold,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var files = pairs.SelectMany(p => new[] { p.FileX, p.FileY }).Distinct(StringComparer.Ordinal).ToList();
        // Every photo is found before any is analysed, so a missing one fails at once and by name.
        var paths = files.Select(f => Resolve(imagesDirectory, f)).ToList();
        var embeddings = new FaceEmbedding?[files.Count];
        var done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var analysis = pipeline.Analyze(File.ReadAllBytes(paths[i]));
            embeddings[i] = analysis.BestFace?.Embedding;
            if (analysis.Outcome != PhotoOutcome.FaceFound) progress?.Report($"{files[i]}: {analysis.Outcome}");
            if (Interlocked.Increment(ref done) % 20 == 0) progress?.Report($"{done}/{files.Count} photos");
        });

        var byFile = files.Select((f, i) => (f, e: embeddings[i])).ToDictionary(t => t.f, t => t.e, StringComparer.Ordinal);
        var scores = pairs.Select(p => new ScoredPair(p,
            byFile[p.FileX] is { } a && byFile[p.FileY] is { } b ? a.Similarity(b) : null)).ToList();
        return Measure(scores, embeddings.Count(e => e is null), threshold);
    }

    /// <summary>The report's figures for already-scored pairs; a pair without a score counts as the lowest score.</summary>
    public static VerificationReport Measure(IReadOnlyList<ScoredPair> scores, int noFace, float threshold)
    {
        // An unscored pair can never be shown as a match, which is what the lowest possible score says.
        static float Value(ScoredPair s) => s.Similarity ?? float.NegativeInfinity;
        var positives = scores.Where(s => s.Pair.SamePerson).Select(Value).ToArray();
        var negatives = scores.Where(s => !s.Pair.SamePerson).Select(Value).ToArray();
        var correct = scores.Count(s => Value(s) >= threshold == s.Pair.SamePerson);
        return new VerificationReport(
            Pairs: scores.Count,
            Positives: positives.Length,
            Negatives: negatives.Length,
            NoFace: noFace,
            Auc: Auc(positives, negatives),
            TprAtFpr1Pct: TruePositiveRate(positives, negatives, maxFalsePositiveRate: 0.01),
            Threshold: threshold,
            AccuracyAtThreshold: scores.Count == 0 ? 0 : (double)correct / scores.Count,
            Scores: scores);
    }

    /// <summary>Mann–Whitney estimate of the ROC area; ties count half.</summary>
    private static double Auc(float[] positives, float[] negatives)
    {
        if (positives.Length == 0 || negatives.Length == 0) return double.NaN;
        double wins = 0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
                wins += p > n ? 1 : p == n ? 0.5 : 0;
        }
        return wins / ((double)positives.Length * negatives.Length);
    }

    /// <summary>The best share of positives at or above a threshold that lets through at most the given share of negatives.</summary>
    private static double TruePositiveRate(float[] positives, float[] negatives, double maxFalsePositiveRate)
    {
        if (positives.Length == 0 || negatives.Length == 0) return double.NaN;
        var allowed = (int)Math.Floor(maxFalsePositiveRate * negatives.Length);
        var sorted = negatives.OrderByDescending(n => n).ToArray();
        // Strictly above the first negative that would exceed the allowance.
        var bar = allowed < sorted.Length ? sorted[allowed] : float.NegativeInfinity;
        return (double)positives.Count(p => p > bar) / positives.Length;
    }

    private static string Resolve(string imagesDirectory, string file)
    {
        var path = Path.Combine(imagesDirectory, file);
        if (File.Exists(path)) return path;
        var byName = Path.Combine(imagesDirectory, Path.GetFileName(file.Replace('\\', '/')));
        return File.Exists(byName) ? byName : throw new FileNotFoundException($"Photo '{file}' of the pairs file is not in {imagesDirectory}.", path);
    }

    private static string[] Split(string line) =>
        [.. line.Split(',').Select(c => c.Trim().Trim('"').Trim())];
}
