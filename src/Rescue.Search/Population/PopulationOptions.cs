namespace Rescue.Search.Population;

/// <summary>What to generate: how many notices and people, how many people are a notice's person, and the seed.</summary>
/// <param name="Notices">Missing-person notices (寻人启事) from families; most have no person in the station.</param>
/// <param name="People">People registered at admission; <paramref name="Matched"/> of them are a notice's person.</param>
/// <param name="Matched">People whose notice is among the notices (the truth file lists them).</param>
/// <param name="Seed">The same seed and options give the same files, byte for byte.</param>
public sealed record PopulationOptions(int Notices, int People, int Matched, int Seed = 42)
{
    /// <summary>"Today" for the generated records: no date is later. Fixed by default so output does not drift.</summary>
    public DateOnly AsOf { get; init; } = new(2025, 6, 1);

    /// <summary>How often each kind of noise happens to the person as registered.</summary>
    public NoiseShares Noise { get; init; } = new();

    /// <summary>Face photos to hand out (several photos of one identity go to a notice and its person); none: no photos.</summary>
    public FaceIdentities? Faces { get; init; }

    /// <summary>The source name written in the notices' 来源名称 column.</summary>
    public string SourceName { get; init; } = "人口生成器";

    /// <summary>Throws when the counts cannot be met.</summary>
    public void Validate()
    {
        if (Notices < 0 || People < 0 || Matched < 0) throw new ArgumentException("counts cannot be negative");
        if (Matched > Notices || Matched > People)
            throw new ArgumentException($"matched ({Matched}) cannot exceed the notices ({Notices}) or the people ({People})");
        Noise.Validate();
    }
}

/// <summary>How a person in the station gives their name, compared with the name on the notice.</summary>
public enum NameNoise
{
    /// <summary>The full name, as the family wrote it.</summary>
    Correct,

    /// <summary>A character replaced by a common one of the same sound (同音字): staff wrote down what they heard.</summary>
    Homophone,

    /// <summary>A nickname or form of address: 小军, 阿军, 军娃, 老王.</summary>
    Nickname,

    /// <summary>The given name only (建国 for 王建国).</summary>
    GivenNameOnly,

    /// <summary>No name: many people in a station cannot say it.</summary>
    None,
}

/// <summary>What a person in the station says of their hometown, compared with the truth.</summary>
public enum HometownNoise
{
    /// <summary>The right county, in one of the ways people write it.</summary>
    RightCounty,

    /// <summary>Only the province or the prefecture.</summary>
    ProvinceOrPrefecture,

    /// <summary>Another county (a confused memory, or the place where they lived last).</summary>
    Wrong,

    /// <summary>Nothing.</summary>
    Missing,
}

/// <summary>
/// The shares of each kind of noise; each group's shares are normalised, so they need not add to exactly 1. The
/// defaults are a judgement of what stations see: half the people cannot give a name, most cannot give a county.
/// </summary>
public sealed record NoiseShares
{
    public double NameCorrect { get; init; } = 0.25;

    public double NameHomophone { get; init; } = 0.10;

    public double NameNickname { get; init; } = 0.10;

    public double NameGivenNameOnly { get; init; } = 0.05;

    public double NameNone { get; init; } = 0.50;

    public double HometownRightCounty { get; init; } = 0.25;

    public double HometownProvinceOrPrefecture { get; init; } = 0.20;

    public double HometownWrong { get; init; } = 0.10;

    public double HometownMissing { get; init; } = 0.45;

    /// <summary>Staff note the accent they hear.</summary>
    public double DialectTold { get; init; } = 0.40;

    /// <summary>Each of the notice's marks is seen again at admission (the rest are missed or healed).</summary>
    public double MarkSeen { get; init; } = 0.70;

    /// <summary>Found in another province than the hometown's; the rest in the same province, half of those in the same prefecture.</summary>
    public double FoundFarAway { get; init; } = 0.55;

    /// <summary>The estimated age's error, in years: its standard deviation is this plus <see cref="AgeErrorPerYear"/> × age.</summary>
    public double AgeErrorYears { get; init; } = 1.5;

    public double AgeErrorPerYear { get; init; } = 0.07;

    /// <summary>The measured height's error, standard deviation in centimetres.</summary>
    public double HeightErrorCm { get; init; } = 2.5;

    internal double[] NameCumulative => PlaceTables.Cumulative([NameCorrect, NameHomophone, NameNickname, NameGivenNameOnly, NameNone]);

    internal double[] HometownCumulative => PlaceTables.Cumulative([HometownRightCounty, HometownProvinceOrPrefecture, HometownWrong, HometownMissing]);

    /// <summary>The configured share of a name noise, normalised.</summary>
    public double ShareOf(NameNoise noise) => Share(NameCumulative, (int)noise);

    /// <summary>The configured share of a hometown noise, normalised.</summary>
    public double ShareOf(HometownNoise noise) => Share(HometownCumulative, (int)noise);

    internal void Validate()
    {
        double[] all = [NameCorrect, NameHomophone, NameNickname, NameGivenNameOnly, NameNone, HometownRightCounty, HometownProvinceOrPrefecture,
            HometownWrong, HometownMissing, DialectTold, MarkSeen, FoundFarAway, AgeErrorYears, AgeErrorPerYear, HeightErrorCm];
        if (all.Any(s => s < 0 || double.IsNaN(s))) throw new ArgumentException("noise shares cannot be negative");
        if (NameCorrect + NameHomophone + NameNickname + NameGivenNameOnly + NameNone <= 0) throw new ArgumentException("name shares add to nothing");
        if (HometownRightCounty + HometownProvinceOrPrefecture + HometownWrong + HometownMissing <= 0) throw new ArgumentException("hometown shares add to nothing");
    }

    private static double Share(double[] cumulative, int index) => cumulative[index] - (index == 0 ? 0 : cumulative[index - 1]);
}
