using Rescue.Search.Matching;
using Rescue.Search.Population;
using Xunit.Abstractions;

namespace Rescue.Search.Tests.Matching;

public class MatchEvaluationTests(ITestOutputHelper output)
{
    private static readonly PopulationOptions TenThousand = new(Notices: 10_000, People: 500, Matched: 300, Seed: 42);

    [Fact]
    public void Measure_all_ablations()
    {
        foreach (var parts in new[] { MatchParts.None, MatchParts.Face, MatchParts.Names, MatchParts.Places })
        {
            var result = MatchEvaluation.Run(TenThousand, parts);
            output.WriteLine(result.ToString());
        }
        output.WriteLine(MatchEvaluation.Run(TenThousand, options: new EvaluationOptions { Faces = false }).ToString());
    }
}
