namespace Rescue.Search.Scoring;

/// <summary>Sex as recorded on either side; unknown when neither seen nor told (same values as the web layer's Sex).</summary>
public enum RecordedSex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}

/// <summary>Disabilities named on a notice or observed at the station (same values as the web layer's Disabilities).</summary>
[Flags]
public enum DisabilityFlags
{
    None = 0,

    /// <summary>智力残疾.</summary>
    Intellectual = 1,

    /// <summary>精神障碍 (a mental disorder, as a family names it or as staff observe it).</summary>
    Mental = 2,

    /// <summary>听力残疾.</summary>
    Hearing = 4,

    /// <summary>言语残疾.</summary>
    Speech = 8,
}

/// <summary>A date of birth known to the year, the month or the day (a notice's partial date).</summary>
public sealed record BirthDate(int Year, int? Month = null, int? Day = null)
{
    /// <summary>The first day the date can mean.</summary>
    public DateOnly Earliest => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>The last day the date can mean.</summary>
    public DateOnly Latest => Day is not null ? Earliest
        : Month is { } month ? new DateOnly(Year, month, DateTime.DaysInMonth(Year, month))
        : new DateOnly(Year, 12, 31);

    /// <inheritdoc />
    public override string ToString() =>
        Month is null ? $"{Year} 年" : Day is null ? $"{Year} 年 {Month} 月" : $"{Year} 年 {Month} 月 {Day} 日";
}

/// <summary>A mark or scar as written on either side: where on the body (左臂) and what kind (疤痕), with a free description.</summary>
public sealed record BodyMark(string BodyLocation, string Kind, string? Description = null);

/// <summary>
/// What a missing-person notice (寻人启事) says, as the matching feature copies it from its entity: every field may
/// be missing.
/// </summary>
public sealed record NoticeSide
{
    /// <summary>The missing person's name (姓名).</summary>
    public string? Name { get; init; }

    /// <summary>Aliases, nicknames (小名) and former names.</summary>
    public IReadOnlyList<string> OtherNames { get; init; } = [];

    public RecordedSex Sex { get; init; }

    public BirthDate? DateOfBirth { get; init; }

    /// <summary>Age in years when last seen, as the family gave it.</summary>
    public int? AgeAtDisappearance { get; init; }

    public DateOnly? LastSeenOn { get; init; }

    /// <summary>走失地点 as written.</summary>
    public string? LastSeenPlace { get; init; }

    /// <summary>家乡 / 户籍地 as written.</summary>
    public string? Hometown { get; init; }

    /// <summary>The dialect or accent the family names; compared with the person's only when the notice gives no place.</summary>
    public string? Dialect { get; init; }

    /// <summary>Height in centimetres when last seen.</summary>
    public int? HeightCm { get; init; }

    public IReadOnlyList<BodyMark> Marks { get; init; } = [];

    /// <summary>Disabilities the family named; <see cref="DisabilityFlags.None"/> is read as "none named".</summary>
    public DisabilityFlags Disabilities { get; init; }
}

/// <summary>
/// What the station recorded about a person (an admission, or the person across stays), as the matching feature
/// copies it: identity as told, estimated age, what staff observed, where and when the person was found.
/// </summary>
public sealed record PersonSide
{
    /// <summary>The name as told (may be false or a nickname).</summary>
    public string? Name { get; init; }

    /// <summary>Other names told: aliases, nicknames.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public RecordedSex Sex { get; init; }

    /// <summary>Estimated age, lowest, at <see cref="AgeEstimatedOn"/>.</summary>
    public int? EstimatedAgeMin { get; init; }

    /// <summary>Estimated age, highest, at <see cref="AgeEstimatedOn"/>.</summary>
    public int? EstimatedAgeMax { get; init; }

    /// <summary>When the age was estimated: the admission date. Falls back to <see cref="FoundOn"/>.</summary>
    public DateOnly? AgeEstimatedOn { get; init; }

    /// <summary>A date of birth told or established; when given, it is used instead of the estimate.</summary>
    public DateOnly? DateOfBirth { get; init; }

    public int? HeightCm { get; init; }

    public IReadOnlyList<BodyMark> Marks { get; init; } = [];

    /// <summary>The hukou place (户籍地) as told.</summary>
    public string? HukouPlace { get; init; }

    /// <summary>The dialect or accent as told or heard (湖南话, 东北口音).</summary>
    public string? Dialect { get; init; }

    /// <summary>Where the person was found (发现地点).</summary>
    public string? FoundPlace { get; init; }

    /// <summary>When the person was found or came to the station.</summary>
    public DateOnly? FoundOn { get; init; }

    /// <summary>What staff observed: intellectual disability, mental state, hearing, speech.</summary>
    public DisabilityFlags ObservedDisabilities { get; init; }
}

/// <summary>
/// A face comparison between the notice's photo and the person's, from the vector index: the cosine and what is
/// known of when each photo was taken, so that the face part can weigh the cosine by the years between them.
/// </summary>
/// <param name="Cosine">Cosine similarity of the two L2-normalised signatures.</param>
/// <param name="NoticePhotoYear">The year the notice's photo was taken, when the family gave it.</param>
/// <param name="PersonPhotoTakenOn">When the person's photo was taken (usually the admission date).</param>
/// <param name="PersonAgeAtPhoto">The person's estimated age when photographed, if known.</param>
public sealed record FaceComparison(double Cosine, int? NoticePhotoYear = null, DateOnly? PersonPhotoTakenOn = null, double? PersonAgeAtPhoto = null);
