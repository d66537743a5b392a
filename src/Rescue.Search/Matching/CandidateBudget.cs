namespace Rescue.Search.Matching;

/// <summary>
/// How many candidates each source may hand to the scorer for one query. Scoring costs microseconds a pair (the
/// scoring benchmark), so a query scores at most a few hundred pairs however many records the engine holds; the
/// sources, not the scorer, must find the true pair among a million notices.
/// </summary>
/// <remarks>
/// The defaults and why: the face index is exact, and the rank of a true cross-age face among strangers is the
/// weak point (about 65% in the top 10 among 1,000 at the measured AUC of 0.92), so 200 faces reach well below the
/// top 10 without letting faces alone fill the budget. Name keys are precise when the full name's homophone key
/// matches and broad for a nickname's core (军 is in many given names), so names get 200 after the sex and birth-year
/// pre-filter, strongest keys first. Places are the broadest evidence (a county holds about 350 of a million notices,
/// a prefecture ten times that) and the cheapest to check, so they get 500, county before prefecture before
/// province (the told hukou place before the found place before the dialect's regions). Marks (location and kind)
/// select about one record in a hundred and are strong when they agree, so they get 200. The attribute sample only
/// matters for small collections where the other sources find little.
/// </remarks>
public sealed record CandidateBudget
{
    /// <summary>The defaults documented on each property.</summary>
    public static CandidateBudget Default { get; } = new();

    /// <summary>Records taken from the face index per query face.</summary>
    public int Faces { get; init; } = 200;

    /// <summary>Records taken from the name-key index, after the attribute pre-filter.</summary>
    public int Names { get; init; } = 200;

    /// <summary>Records taken from the place index, after the attribute pre-filter.</summary>
    public int Places { get; init; } = 500;

    /// <summary>Records taken from the mark index, after the attribute pre-filter.</summary>
    public int Marks { get; init; } = 200;

    /// <summary>When the other sources found fewer than this many records, the attribute sample adds some.</summary>
    public int SampleWhenFewer { get; init; } = 100;

    /// <summary>Most records the attribute sample adds.</summary>
    public int Sample { get; init; } = 300;

    /// <summary>Records the attribute sample looks at before it stops, so it stays bounded at any size.</summary>
    public int SampleScanLimit { get; init; } = 20_000;

    /// <summary>Birth-year tolerance: this many years, plus <see cref="BirthYearTolerancePerYearOfAge"/> × the age.</summary>
    public double BirthYearTolerance { get; init; } = 4;

    /// <summary>
    /// Birth-year tolerance per year of age: staff estimate an adult's age years off (the generator's error is
    /// 1.5 + 0.07 × age years, one standard deviation), and the window should hold two to three of those.
    /// </summary>
    public double BirthYearTolerancePerYearOfAge { get; init; } = 0.25;
}
