using Rescue.Search.Scoring;

namespace Rescue.Search.Ranking;

/// <summary>
/// One case officer's decision on a proposed pair: its features (the points of each <see cref="ScoreKind"/>, in that
/// order), the rule total it was proposed with, and whether the officer confirmed it (a true pair) or rejected it.
/// </summary>
/// <param name="Key">
/// Decides which side of the train/held-out split the pair falls on: pairs with the same key fall on the same side.
/// A candidate's own id splits pair by pair; the person's id keeps all of one person's candidates together, so the
/// held-out figures say how the model does on people it has not seen.
/// </param>
/// <param name="Features">The points of each kind in <see cref="ScoreKind"/> order, as <see cref="MatchScore.Features"/> gives them.</param>
/// <param name="RuleTotal">The rule score the pair was proposed with (<see cref="MatchScore.Total"/>).</param>
/// <param name="Confirmed">True when the officer confirmed the pair, false when they rejected it.</param>
public sealed record LabelledPair(Guid Key, float[] Features, double RuleTotal, bool Confirmed)
{
    /// <summary>A decision on a scored pair: its features and total are read from the score.</summary>
    public static LabelledPair Of(Guid key, MatchScore score, bool confirmed)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new LabelledPair(key, score.Features(), score.Total, confirmed);
    }
}
