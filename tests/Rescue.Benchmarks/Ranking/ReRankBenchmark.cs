using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Rescue.Search.Matching;
using Rescue.Search.Population;
using Rescue.Search.Ranking;

namespace Rescue.Benchmarks.Ranking;

/// <summary>
/// The learning re-ranker against the rule score: a generated population's candidates (each person's top 20, a
/// candidate confirmed when it is the person's notice) split by person, boosted trees trained on four fifths, the
/// model's and the rule total's AUC on the held-out fifth, and how often each puts a held-out person's notice first.
/// </summary>
internal sealed class ReRankBenchmark : IBenchmark
{
    public string Name => "rerank";

    public string Description => "re-ranker AUC against the rule's on generated decisions [--notices N --people M --matched K --seed S]";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var population = new PopulationOptions(
            Option(args, "--notices", 10_000), Option(args, "--people", 500), Option(args, "--matched", 300), Option(args, "--seed", 42));
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;

        var clock = Stopwatch.StartNew();
        var decisions = GeneratedDecisions.Of(population);
        var generateSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var trainer = new ReRankerTrainer(TimeProvider.System);
        var result = trainer.Train(decisions);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        Console.Error.WriteLine(result);
        process.Refresh();

        var figures = new JsonObject
        {
            ["notices"] = population.Notices,
            ["people"] = population.People,
            ["matched"] = population.Matched,
            ["examples"] = result.Examples,
            ["positives"] = result.Positives,
            ["train"] = result.Train,
            ["held_out"] = result.HeldOut,
            ["held_out_positives"] = result.HeldOutPositives,
            ["model_auc"] = result.ModelAuc,
            ["rule_auc"] = result.RuleAuc,
            ["switch_on"] = result.SwitchOn,
            ["refused"] = result.Refused,
            ["version"] = result.Model?.Version,
            ["generate_seconds"] = Math.Round(generateSeconds, 2),
            ["train_seconds"] = Math.Round(trainSeconds, 2),
            ["cpu_seconds"] = Math.Round((process.TotalProcessorTime - cpu).TotalSeconds, 1),
        };
        if (result.Model is { } model)
        {
            // Each held-out person's candidates in one list: is their notice first by the rule, first by the model?
            var people = decisions.Where(d => trainer.IsHeldOut(d.Key)).GroupBy(d => d.Key).Where(g => g.Any(d => d.Confirmed)).ToList();
            clock.Restart();
            var scores = people.SelectMany(g => g).ToDictionary(d => d, d => model.Score(d.Features));
            figures["us_per_score"] = scores.Count == 0 ? 0 : Math.Round(clock.Elapsed.TotalMicroseconds / scores.Count, 1);
            figures["held_out_people_with_their_notice"] = people.Count;
            figures["first_by_rule"] = people.Count(g => g.MaxBy(d => d.RuleTotal)!.Confirmed);
            figures["first_by_model"] = people.Count(g => g.MaxBy(d => scores[d])!.Confirmed);
            foreach (var pair in people.Take(3).Select(g => g.First(d => d.Confirmed)))
            {
                Console.Error.WriteLine($"a true pair, rule {pair.RuleTotal}, model {scores[pair]:0.000}: {string.Join("; ", model.Explain(pair.Features))}");
            }
        }
        return Task.FromResult(figures);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
