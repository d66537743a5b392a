using Rescue.Search.Places;

namespace Rescue.Search.Population;

/// <summary>
/// Why someone goes missing, which decides their age, disabilities and how long ago it happened. The shares are
/// <see cref="PopulationGenerator.CategoryShares"/>.
/// </summary>
public enum MissingCategory
{
    /// <summary>Elderly people with dementia (老年痴呆), 60 to 92, mostly lost within the last few years.</summary>
    ElderlyWithDementia,

    /// <summary>People with an intellectual disability (智力残疾), 8 to 55.</summary>
    IntellectualDisability,

    /// <summary>People with a mental illness (精神残疾), 18 to 65.</summary>
    MentalIllness,

    /// <summary>Deaf and mute people (聋哑), 12 to 60: they can rarely tell staff anything.</summary>
    DeafAndMute,

    /// <summary>Children lost or abducted long ago (1985 to 2018), aged 1 to 14 then, adults now.</summary>
    ChildLongAgo,

    /// <summary>Adults who left home or lost touch while working away, 18 to 60.</summary>
    Adult,
}

/// <summary>A body mark as the notice layout writes it: 部位:类型 (左臂:疤痕).</summary>
public sealed record Mark(string BodyLocation, string Kind)
{
    public override string ToString() => $"{BodyLocation}:{Kind}";

    /// <summary>Marks in the notice layout's format, separated by ;.</summary>
    public static string Format(IEnumerable<Mark> marks) => string.Join(';', marks);
}

/// <summary>The truth about a generated person: who they are, where from, and when and where they were last seen.</summary>
public sealed record MissingPerson(
    MissingCategory Category,
    bool IsMale,
    string Surname,
    string GivenName,
    DateOnly BornOn,
    Division Hometown,
    string Dialect,
    int AdultHeightCm,
    IReadOnlyList<Mark> Marks,
    DateOnly LastSeenOn,
    Division LastSeenIn)
{
    public string FullName => Surname + GivenName;

    /// <summary>Same person, marks compared by value (a record would compare the lists by reference).</summary>
    public bool Equals(MissingPerson? other) =>
        other is not null && Category == other.Category && IsMale == other.IsMale && Surname == other.Surname && GivenName == other.GivenName
        && BornOn == other.BornOn && Hometown == other.Hometown && Dialect == other.Dialect && AdultHeightCm == other.AdultHeightCm
        && Marks.SequenceEqual(other.Marks) && LastSeenOn == other.LastSeenOn && LastSeenIn == other.LastSeenIn;

    public override int GetHashCode() => HashCode.Combine(Surname, GivenName, BornOn, Hometown.Code, LastSeenOn);

    /// <summary>Whole years of age on a day.</summary>
    public int AgeOn(DateOnly day) => day.Year - BornOn.Year - (day.DayOfYear < BornOn.DayOfYear ? 1 : 0);

    /// <summary>Height on a day: children grow towards their adult height, the old lose a little.</summary>
    public int HeightOn(DateOnly day) => HeightAt(AgeOn(day));

    internal int HeightAt(int age)
    {
        // Mean height by age as a share of adult height (Chinese growth standards, rounded); flat from 18.
        ReadOnlySpan<double> share = [0.30, 0.44, 0.52, 0.57, 0.61, 0.65, 0.69, 0.72, 0.76, 0.79, 0.82, 0.85, 0.88, 0.92, 0.95, 0.97, 0.98, 0.99, 1.0];
        var height = AdultHeightCm * share[Math.Clamp(age, 0, share.Length - 1)];
        if (age >= 70) height -= (age - 65) * 0.2;
        return (int)Math.Round(height);
    }
}

/// <summary>One generated notice: the row of N.csv and the person it is about.</summary>
public sealed record GeneratedNotice(int Index, string SourceRecordId, MissingPerson Person, IReadOnlyDictionary<string, string> Columns);

/// <summary>One generated person as registered at admission: the row of P.csv, the truth, and the noise applied.</summary>
/// <param name="NoticeId">The source record id of this person's notice, or null for a person no notice looks for.</param>
public sealed record GeneratedPerson(
    string PersonId,
    string? NoticeId,
    MissingPerson Truth,
    NameNoise NameNoise,
    HometownNoise HometownNoise,
    Division? ToldHometown,
    IReadOnlyDictionary<string, string> Columns);

/// <summary>How many records were written, for the command's last JSON line.</summary>
public sealed record PopulationCounts(int Notices, int People, int Matched, int NoticePhotos, int PersonPhotos, int MatchedWithFaces);
