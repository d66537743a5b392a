namespace Rescue.Search.Scoring;

/// <summary>The kinds of evidence a match score is made of, in the order an officer reads them.</summary>
public enum ScoreKind
{
    Face,
    Sex,
    Age,
    Height,
    Marks,
    Disabilities,
    Name,

    /// <summary>The notice's hometown (or last-seen place) against the hukou place the person told.</summary>
    Hometown,

    /// <summary>The notice's last-seen place against where the person was found.</summary>
    FoundPlace,

    /// <summary>The person's told dialect against the notice's hometown (or last-seen place).</summary>
    Dialect,

    /// <summary>The found date against the last-seen date.</summary>
    Time,
}

/// <summary>
/// One piece of evidence: points (positive for, negative against, zero when missing or neutral) and one sentence
/// for the officer, in Chinese (<see cref="Sentence"/>) and in English (<see cref="English"/>). Sentences are
/// written here rather than as keys: places, names and dialects carry their own Chinese explanations, and a key
/// with arguments would split one sentence across two projects.
/// </summary>
/// <param name="Excludes">The evidence rules the pair out (sex contradicted, found before last seen, age far off).</param>
public sealed record ScorePart(ScoreKind Kind, double Points, string Sentence, string English, bool Excludes = false)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Points:+0.0;-0.0;0}: {Sentence}";
}

/// <summary>
/// A scored pair (notice, person): the total is the sum of the parts, so an officer sees why a pair ranks; one part
/// per <see cref="ScoreKind"/>, always in that order, so a re-ranker can read them as features.
/// </summary>
/// <param name="Excluded">The first part that rules the pair out, or null; an excluded pair is not proposed.</param>
public sealed record MatchScore(double Total, IReadOnlyList<ScorePart> Parts, ScorePart? Excluded)
{
    /// <summary>Whether some part rules the pair out.</summary>
    public bool IsExcluded => Excluded is not null;

    /// <summary>The part of a kind (every kind has one).</summary>
    public ScorePart this[ScoreKind kind] => Parts.First(p => p.Kind == kind);

    /// <summary>Makes a score from its parts: the total is their sum, the first excluding part is named.</summary>
    public static MatchScore Of(IReadOnlyList<ScorePart> parts)
    {
        var total = 0.0;
        ScorePart? excluded = null;
        foreach (var part in parts)
        {
            total += part.Points;
            if (part.Excludes) excluded ??= part;
        }
        // Parts are rounded to tenths; rounding the sum keeps it equal to what the officer adds up.
        return new MatchScore(Math.Round(total, 1), parts, excluded);
    }

    /// <summary>The points of each kind in <see cref="ScoreKind"/> order: the re-ranker's feature vector.</summary>
    public float[] Features() => [.. Parts.OrderBy(p => p.Kind).Select(p => (float)p.Points)];
}
