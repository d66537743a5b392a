using System.Globalization;
using Rescue.Search.Population;
using Rescue.Search.Scoring;

namespace Rescue.Search.Matching;

/// <summary>
/// Reads a generated notice's or person's columns (the rows of N.csv and P.csv) into what the scorer compares, as
/// the product's import would: blank fields are missing, dates and numbers parsed invariantly.
/// </summary>
public static class GeneratedSides
{
    /// <summary>What a generated notice says.</summary>
    public static NoticeSide Notice(GeneratedNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var c = notice.Columns;
        return new NoticeSide
        {
            Name = Text(c["姓名"]),
            OtherNames = Text(c["别名"]) is { } alias ? [alias] : [],
            Sex = Sex(c["性别"]),
            DateOfBirth = BirthDate(c["出生日期"]),
            AgeAtDisappearance = Number(c["走失时年龄"]),
            LastSeenOn = Date(c["最后见到日期"]),
            LastSeenPlace = Text(c["最后见到地点"]),
            Hometown = Text(c["家乡"]),
            Dialect = Text(c["方言口音"]),
            HeightCm = Number(c["身高"]),
            Marks = Marks(c["体表特征"]),
            Disabilities = Disabilities(c["残疾情况"]),
        };
    }

    /// <summary>What the station recorded of a generated person.</summary>
    public static PersonSide Person(GeneratedPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var c = person.Columns;
        var foundOn = Date(c["found_on"]);
        return new PersonSide
        {
            Name = Text(c["name"]),
            Sex = Sex(c["sex"]),
            EstimatedAgeMin = Number(c["age_min"]),
            EstimatedAgeMax = Number(c["age_max"]),
            AgeEstimatedOn = foundOn,
            HeightCm = Number(c["height_cm"]),
            Marks = Marks(c["marks"]),
            HukouPlace = Text(c["hometown"]),
            Dialect = Text(c["dialect"]),
            FoundPlace = Text(c["found_place"]),
            FoundOn = foundOn,
            ObservedDisabilities = Observed(person.Truth.Category),
        };
    }

    /// <summary>
    /// What staff observe of a person of each kind: P.csv has no disabilities column, and leaving them out would
    /// make the disabilities part count against every true pair whose notice names one.
    /// </summary>
    private static DisabilityFlags Observed(MissingCategory category) => category switch
    {
        MissingCategory.IntellectualDisability => DisabilityFlags.Intellectual,
        MissingCategory.MentalIllness or MissingCategory.ElderlyWithDementia => DisabilityFlags.Mental,
        MissingCategory.DeafAndMute => DisabilityFlags.Hearing | DisabilityFlags.Speech,
        _ => DisabilityFlags.None,
    };

    private static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static RecordedSex Sex(string value) => value.Trim() switch
    {
        "男" => RecordedSex.Male,
        "女" => RecordedSex.Female,
        _ => RecordedSex.Unknown,
    };

    private static int? Number(string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static DateOnly? Date(string value) =>
        DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static BirthDate? BirthDate(string value)
    {
        if (Date(value) is { } day) return new BirthDate(day.Year, day.Month, day.Day);
        return Number(value) is { } year ? new BirthDate(year) : null;
    }

    private static IReadOnlyList<BodyMark> Marks(string value) =>
    [
        .. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => m.Split(':', 2))
            .Select(p => new BodyMark(p[0], p.Length > 1 ? p[1] : "")),
    ];

    private static DisabilityFlags Disabilities(string value)
    {
        var flags = DisabilityFlags.None;
        if (value.Contains('智')) flags |= DisabilityFlags.Intellectual;
        if (value.Contains('精')) flags |= DisabilityFlags.Mental;
        if (value.Contains('听') || value.Contains('聋')) flags |= DisabilityFlags.Hearing;
        if (value.Contains('言') || value.Contains('哑')) flags |= DisabilityFlags.Speech;
        return flags;
    }
}
