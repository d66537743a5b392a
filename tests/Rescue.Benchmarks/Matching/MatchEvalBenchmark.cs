using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Rescue.Search.Matching;
using Rescue.Search.Population;

namespace Rescue.Benchmarks.Matching;

/// <summary>
/// The in-memory matching evaluation: a generated population (synthetic cross-age faces) loaded into the
/// MatchEngine, recall@1/10/20 and MRR of each matched person's notice, with the face, the names and the places
/// each left out, and without faces at all.
/// </summary>
internal sealed class MatchEvalBenchmark : IBenchmark
{
    public string Name => "match-eval";

    public string Description => "in-memory matching recall with ablations [--notices N --people M --matched K --seed S --no-ablations]";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var population = new PopulationOptions(
            Option(args, "--notices", 10_000), Option(args, "--people", 500), Option(args, "--matched", 300), Option(args, "--seed", 42));
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;

        var runs = new JsonObject();
        var all = MatchEvaluation.Run(population);
        Console.Error.WriteLine($"all: {all}");
        runs["all"] = Figures(all);
        if (!args.Contains("--no-ablations"))
        {
            foreach (var (name, parts) in new[] { ("without_face", MatchParts.Face), ("without_names", MatchParts.Names), ("without_places", MatchParts.Places) })
            {
                var result = MatchEvaluation.Run(population, parts);
                Console.Error.WriteLine($"{name}: {result}");
                runs[name] = Figures(result);
            }
            var noFaces = MatchEvaluation.Run(population, options: new EvaluationOptions { Faces = false });
            Console.Error.WriteLine($"no_faces_at_all: {noFaces}");
            runs["no_faces_at_all"] = Figures(noFaces);
        }
        process.Refresh();

        return Task.FromResult(new JsonObject
        {
            ["notices"] = population.Notices,
            ["people"] = population.People,
            ["matched"] = all.Matched,
            ["no_face"] = all.NoFace,
            ["recall_at_1"] = all.RecallAt1,
            ["recall_at_10"] = all.RecallAt10,
            ["recall_at_20"] = all.RecallAt20,
            ["mrr"] = all.Mrr,
            ["seconds"] = all.Seconds,
            ["runs"] = runs,
            ["cpu_seconds"] = Math.Round((process.TotalProcessorTime - cpu).TotalSeconds, 1),
        });
    }

    private static JsonObject Figures(EvaluationResult result) => new()
    {
        ["recall_at_1"] = result.RecallAt1,
        ["recall_at_10"] = result.RecallAt10,
        ["recall_at_20"] = result.RecallAt20,
        ["mrr"] = result.Mrr,
        ["reverse_recall_at_10"] = result.ReverseRecallAt10,
        ["load_seconds"] = result.LoadSeconds,
        ["seconds"] = result.Seconds,
        ["ms_per_query"] = result.Matched == 0 ? 0 : Math.Round(result.Seconds * 1000 / (2 * result.Matched), 1),
    };

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
