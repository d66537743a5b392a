using Rescue.Search.Matching;
using Rescue.Search.Population;

namespace Rescue.Search.Tests.Matching;

/// <summary>One evaluation of the whole population, shared by the tests that read its figures.</summary>
public sealed class TenThousandNotices
{
    public static readonly PopulationOptions Population = new(Notices: 10_000, People: 500, Matched: 300, Seed: 42);

    public EvaluationResult Everything { get; } = MatchEvaluation.Run(Population);
}

public class MatchEvaluationTests(TenThousandNotices evaluation) : IClassFixture<TenThousandNotices>
{
    [Fact]
    public void Most_matched_people_find_their_notice_among_ten_thousand()
    {
        var result = evaluation.Everything;
        Assert.Equal(300, result.Matched);
        // Measured 0.92 at 10 and 0.83 at 1 (seed 42, synthetic cross-age faces); the floors leave room for changes
        // to the scorer's weights, not for a broken candidate source.
        Assert.True(result.RecallAt10 >= 0.75, $"recall@10 {result.RecallAt10}");
        Assert.True(result.RecallAt1 >= 0.65, $"recall@1 {result.RecallAt1}");
        Assert.True(result.ReverseRecallAt10 >= 0.85, $"notices finding their person, recall@10 {result.ReverseRecallAt10}");
    }

    [Fact]
    public void Leaving_out_names_lowers_recall()
    {
        var withoutNames = MatchEvaluation.Run(TenThousandNotices.Population, MatchParts.Names);

        Assert.True(withoutNames.RecallAt10 < evaluation.Everything.RecallAt10, $"{withoutNames.RecallAt10} without names, {evaluation.Everything.RecallAt10} with");
        Assert.True(withoutNames.Mrr < evaluation.Everything.Mrr);
    }

    [Fact]
    public void Leaving_out_a_part_zeroes_its_points_and_drops_its_source()
    {
        var weights = MatchEvaluation.WeightsWithout(MatchParts.Names | MatchParts.Places);

        Assert.All(weights.NamePoints.Values, points => Assert.Equal(0, points));
        Assert.Equal(0, weights.HometownSameCounty);
        Assert.Equal(0, weights.DialectSpokenThere);
        Assert.Equal(CandidateSources.Face | CandidateSources.Marks | CandidateSources.Attributes,
            MatchEvaluation.SourcesWithout(MatchParts.Names | MatchParts.Places));
    }
}
