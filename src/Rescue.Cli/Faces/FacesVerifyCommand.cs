using System.Text.Json.Nodes;
using Rescue.Vision;

namespace Rescue.Cli.Faces;

/// <summary>Measures the face pipeline on labelled photo pairs; the last line printed is one JSON object.</summary>
internal sealed class FacesVerifyCommand : ICliCommand
{
    public string Group => "faces";

    public string Verb => "verify";

    public string Usage => "--pairs FILE.csv --images DIR  (CSV: file_x,file_y,Decision with Yes/No)";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        var pairsFile = options.Require("pairs");
        var images = options.Require("images");
        if (!File.Exists(pairsFile)) throw new CliUsageException($"pairs file '{pairsFile}' does not exist");
        if (!Directory.Exists(images)) throw new CliUsageException($"images folder '{images}' does not exist");

        IReadOnlyList<LabelledPair> pairs;
        try
        {
            using var reader = File.OpenText(pairsFile);
            pairs = FaceVerification.ReadPairs(reader);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"{pairsFile}: {e.Message}");
            return Task.FromResult(1);
        }

        VerificationReport report;
        try
        {
            var vision = VisionOptions.FromEnvironment();
            using var pipeline = new FacePipeline(vision);
            Console.Error.WriteLine($"{pairs.Count} pairs, models {pipeline.ModelVersion} from {vision.ModelsDirectory}");
            report = new FaceVerification(pipeline).Evaluate(pairs, images, vision.MatchThreshold, new ConsoleProgress(), cancellationToken);
        }
        catch (Exception e) when (e is ModelVerificationException or InvalidOperationException or FileNotFoundException)
        {
            Console.Error.WriteLine(e.Message);
            return Task.FromResult(1);
        }

        // For people: the pairs nearest the threshold, which is where a reviewer's attention goes.
        foreach (var weakest in report.Scores.Where(s => s.Pair.SamePerson).OrderBy(s => s.Similarity ?? float.NegativeInfinity).Take(3))
            Console.WriteLine($"weakest same-person pair:      {weakest.Pair.FileX} {weakest.Pair.FileY} {Format(weakest.Similarity)}");
        foreach (var strongest in report.Scores.Where(s => !s.Pair.SamePerson).OrderByDescending(s => s.Similarity ?? float.NegativeInfinity).Take(3))
            Console.WriteLine($"strongest different-person pair: {strongest.Pair.FileX} {strongest.Pair.FileY} {Format(strongest.Similarity)}");

        var result = new JsonObject
        {
            ["pairs"] = report.Pairs,
            ["positives"] = report.Positives,
            ["negatives"] = report.Negatives,
            ["no_face"] = report.NoFace,
            ["auc"] = Round(report.Auc),
            ["tpr_at_fpr_1pct"] = Round(report.TprAtFpr1Pct),
            ["threshold"] = Round(report.Threshold),
            ["accuracy_at_threshold"] = Round(report.AccuracyAtThreshold),
        };
        Console.WriteLine(result.ToJsonString());
        return Task.FromResult(0);
    }

    private static string Format(float? similarity) => similarity?.ToString("F3") ?? "no face";

    // NaN (a set without positives or negatives) has no JSON number: it is printed as null.
    private static JsonNode? Round(double value) => double.IsNaN(value) ? null : JsonValue.Create(Math.Round(value, 4));

    /// <summary>Reports progress on standard error at once, so it never lands after the JSON line.</summary>
    private sealed class ConsoleProgress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine(value);
    }
}
