using Rescue.Search.Names;

namespace Rescue.Search.Scoring;

/// <summary>
/// Every number the rule score uses, in one place, with its reason. The defaults are set by hand from what is
/// measured (the face thresholds: docs/decisions/0002-face-match-threshold.md and the cross-age figures below)
/// and from how reliable each kind of evidence is at a station; a re-ranker trained on officers' decisions reads
/// the parts as features and may replace the sum, never the parts.
/// Points are on one scale: ±40 is a clear same-age face, 20 an identical name, 5 an agreeing sex.
/// </summary>
public sealed record ScoreWeights
{
    /// <summary>The defaults documented on each property.</summary>
    public static ScoreWeights Default { get; } = new();

    /// <summary>What an excluding part counts (so that the total still sums the parts and sorts the pair last).</summary>
    public double ExclusionPoints { get; init; } = -100;

    // Face. Points = ±max · (2σ(slope · (cosine − midpoint)) − 1): zero at the midpoint, the calibrated probability
    // that the two photos are one person is σ(…). The midpoint is the threshold that best separates true and false
    // pairs, measured on this pipeline: 0.39 for same-age pairs (300 labelled pairs),
    // 0.18 for a child's photo against the same person as an adult (1,005 people, AUC 0.92). Between the two gaps
    // midpoint, slope and maximum move linearly. Cross-age faces separate less well, so the slope and the maximum
    // are lower: a cross-age face alone should never outweigh age, names and places together.

    /// <summary>Photos at most this many years apart count as same-age (midpoint 0.39).</summary>
    public double FaceSameAgeGapYears { get; init; } = 2;

    /// <summary>Photos at least this many years apart count as child → adult (midpoint 0.18).</summary>
    public double FaceCrossAgeGapYears { get; init; } = 15;

    /// <summary>Best-separating cosine for same-age photos, measured: 0.39.</summary>
    public double FaceSameAgeMidpoint { get; init; } = 0.39;

    /// <summary>Best-separating cosine for child → adult photos, measured: about 0.18.</summary>
    public double FaceCrossAgeMidpoint { get; init; } = 0.18;

    /// <summary>Logistic slope for same-age photos: 0.1 above the midpoint gives a probability of 0.92.</summary>
    public double FaceSameAgeSlope { get; init; } = 25;

    /// <summary>Logistic slope for child → adult photos: 0.1 above the midpoint gives 0.82.</summary>
    public double FaceCrossAgeSlope { get; init; } = 15;

    /// <summary>Most points a same-age face gives or takes.</summary>
    public double FaceSameAgePoints { get; init; } = 40;

    /// <summary>Most points a child → adult face gives or takes.</summary>
    public double FaceCrossAgePoints { get; init; } = 30;

    /// <summary>The gap assumed when neither photo's date is known: between the two calibrations.</summary>
    public double FaceUnknownGapYears { get; init; } = 8;

    /// <summary>Sex agrees: weak evidence, half of people share it; a contradiction excludes.</summary>
    public double SexAgrees { get; init; } = 5;

    // Age. The notice's age at the date of the estimate (from the date of birth, or the age at disappearance plus
    // the years since) against the estimated range; the distance between the two intervals is compared with a
    // tolerance that grows with the years since disappearance and with age, since staff estimate adults' ages
    // years off and the family's "about 8" drifts with time.

    /// <summary>Points when the expected age falls in the estimated range (scaled down for wide ranges).</summary>
    public double AgeAgrees { get; init; } = 10;

    /// <summary>A range this wide or narrower earns the full points; a wider one earns proportionally fewer (at least 40%).</summary>
    public double AgeNarrowRangeYears { get; init; } = 8;

    /// <summary>Tolerance in years for a recent disappearance of a young person.</summary>
    public double AgeToleranceYears { get; init; } = 2;

    /// <summary>Tolerance added per year since disappearance.</summary>
    public double AgeTolerancePerYearSince { get; init; } = 0.1;

    /// <summary>Tolerance added per year of expected age above 20 (adults' estimated ages are off by years).</summary>
    public double AgeTolerancePerYearOver20 { get; init; } = 0.1;

    /// <summary>Most points a contradicted age takes (beyond the tolerance, up to the exclusion).</summary>
    public double AgeContradiction { get; init; } = 25;

    /// <summary>Beyond this many tolerances the age excludes the pair.</summary>
    public double AgeExclusionTolerances { get; init; } = 3;

    /// <summary>Height compared only when the notice's person was at least this old when last seen.</summary>
    public int AdultAge { get; init; } = 18;

    /// <summary>Points for heights within <see cref="HeightToleranceCm"/> (descending to half at the tolerance).</summary>
    public double HeightAgrees { get; init; } = 6;

    /// <summary>Family's and station's heights differ by a few centimetres (shoes, guesses).</summary>
    public double HeightToleranceCm { get; init; } = 5;

    /// <summary>Beyond this difference heights count against the pair.</summary>
    public double HeightContradictsCm { get; init; } = 10;

    /// <summary>Most points contradicting heights take (reached 10 cm beyond <see cref="HeightContradictsCm"/>).</summary>
    public double HeightContradiction { get; init; } = 10;

    /// <summary>A notice mark found on the person at the same body location and of the same kind: strong.</summary>
    public double MarkSame { get; init; } = 15;

    /// <summary>Same kind at a neighbouring or other-side location, or same location with an unknown kind.</summary>
    public double MarkPartly { get; init; } = 5;

    /// <summary>Most points marks give together.</summary>
    public double MarksMost { get; init; } = 30;

    /// <summary>A notice mark not found on a person whose marks were recorded: weak, staff miss marks.</summary>
    public double MarkMissing { get; init; } = -2;

    /// <summary>Most points missing marks take together.</summary>
    public double MarksMissingMost { get; init; } = -6;

    /// <summary>Intellectual disability named and observed: it is lifelong and often why the person cannot say who they are.</summary>
    public double IntellectualAgrees { get; init; } = 10;

    /// <summary>A mental disorder named and observed.</summary>
    public double MentalAgrees { get; init; } = 5;

    /// <summary>Deafness named and observed.</summary>
    public double HearingAgrees { get; init; } = 8;

    /// <summary>Speech disability named and observed.</summary>
    public double SpeechAgrees { get; init; } = 8;

    /// <summary>The notice names no disability, the person clearly has a lifelong one (intellectual, hearing, speech).</summary>
    public double DisabilityUnnamed { get; init; } = -4;

    /// <summary>The notice names no mental disorder, the person has one: milder, such disorders often begin later.</summary>
    public double MentalUnnamed { get; init; } = -2;

    /// <summary>Points per name level (names as told at a station are often nicknames, wrong or partly remembered).</summary>
    public IReadOnlyDictionary<NameLevel, double> NamePoints { get; init; } = new Dictionary<NameLevel, double>
    {
        [NameLevel.SameCharacters] = 20,
        [NameLevel.SameAfterFolding] = 20,
        [NameLevel.Homophone] = 14,
        [NameLevel.NearHomophone] = 9,
        [NameLevel.Nickname] = 8,
        [NameLevel.GivenNameOnly] = 8,
        [NameLevel.OneSyllableOff] = 4,
        // Both named and nothing agrees: weak, people at a station give false names.
        [NameLevel.None] = -2,
    };

    // Hometown against the told hukou place: "consistent" means one lies within the other, so both can be true.

    /// <summary>Same county.</summary>
    public double HometownSameCounty { get; init; } = 12;

    /// <summary>One lies within the other at prefecture level (隆回县 and 邵阳).</summary>
    public double HometownWithinPrefecture { get; init; } = 10;

    /// <summary>Two counties of one prefecture.</summary>
    public double HometownSamePrefecture { get; init; } = 5;

    /// <summary>One lies within the other at province level (隆回县 and 湖南).</summary>
    public double HometownWithinProvince { get; init; } = 6;

    /// <summary>Two prefectures of one province.</summary>
    public double HometownSameProvince { get; init; } = 3;

    /// <summary>Neighbouring provinces.</summary>
    public double HometownNeighbouringProvince { get; init; } = 0;

    /// <summary>Far apart: against, mildly (told hukou places are often wrong).</summary>
    public double HometownDifferentProvince { get; init; } = -6;

    // Last-seen place against the found place: people travel far, so distance never counts against.

    /// <summary>Found in the county where last seen.</summary>
    public double FoundSameCounty { get; init; } = 6;

    /// <summary>Found in the same prefecture.</summary>
    public double FoundSamePrefecture { get; init; } = 4;

    /// <summary>Found in the same province.</summary>
    public double FoundSameProvince { get; init; } = 2;

    /// <summary>Found in a neighbouring province.</summary>
    public double FoundNeighbouringProvince { get; init; } = 1;

    /// <summary>The told dialect is spoken at the notice's hometown.</summary>
    public double DialectSpokenThere { get; init; } = 8;

    /// <summary>Spoken in the same or a neighbouring province.</summary>
    public double DialectSpokenNearby { get; init; } = 3;

    /// <summary>Spoken elsewhere: against, mildly (an accent heard by staff may be misjudged).</summary>
    public double DialectNotSpokenThere { get; init; } = -4;

    /// <summary>Found within <see cref="FoundSoonDays"/> of disappearing: a little for, most people are found soon.</summary>
    public double FoundSoon { get; init; } = 3;

    /// <summary>Days after the last-seen date that count as soon.</summary>
    public int FoundSoonDays { get; init; } = 90;
}
