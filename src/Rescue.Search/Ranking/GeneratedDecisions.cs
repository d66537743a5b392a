using Rescue.Search.Matching;
using Rescue.Search.Population;

namespace Rescue.Search.Ranking;

/// <summary>
/// Officers' decisions as a generated population gives them, for training and measuring the re-ranker before real
/// decisions exist: the engine proposes each person's best notices, and a proposal is confirmed exactly when it is
/// the person's own notice.
/// </summary>
public static class GeneratedDecisions
{
    /// <summary>
    /// Loads the population into an engine as <see cref="MatchEvaluation"/> does, asks for each person's
    /// <see cref="EvaluationOptions.TopK"/> candidates, and labels them. Each pair's key is the person's id, so that a
    /// person's candidates fall on one side of the split.
    /// </summary>
    public static IReadOnlyList<LabelledPair> Of(PopulationOptions population, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(population);
        options ??= new EvaluationOptions();
        using var engine = new MatchEngine(new MatchEngineOptions { Budget = options.Budget, Today = population.AsOf });
        var loaded = MatchEvaluation.Load(engine, population, options);
        var decisions = new List<LabelledPair>();
        foreach (var (person, notice) in loaded.People)
        {
            foreach (var candidate in engine.CandidatesFor(person, options.TopK))
                decisions.Add(LabelledPair.Of(person.Id, candidate.Score, candidate.NoticeId == notice?.Id));
        }
        return decisions;
    }
}
