using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

/// <summary>A notice and the same person as the station would register them years later, for the scoring tests.</summary>
internal static class Pairs
{
    /// <summary>张伟, a boy of 8 last seen in 隆回 in May 2006, with a scar on his left arm.</summary>
    public static NoticeSide Notice { get; } = new()
    {
        Name = "张伟",
        OtherNames = ["伟伟"],
        Sex = RecordedSex.Male,
        AgeAtDisappearance = 8,
        LastSeenOn = new DateOnly(2006, 5, 1),
        LastSeenPlace = "湖南省邵阳市隆回县",
        Hometown = "湖南省邵阳市隆回县",
        HeightCm = 125,
        Marks = [new BodyMark("左臂", "疤痕", "小时候烫伤")],
    };

    /// <summary>
    /// The same man found in 2024 in 东莞: he gives a homophone of his name, 邵阳 as his hukou place and speaks 湖南话;
    /// staff estimate 24–30 and note a scar on the left upper arm.
    /// </summary>
    public static PersonSide Person { get; } = new()
    {
        Name = "章伟",
        Sex = RecordedSex.Male,
        EstimatedAgeMin = 24,
        EstimatedAgeMax = 30,
        AgeEstimatedOn = new DateOnly(2024, 6, 1),
        FoundOn = new DateOnly(2024, 5, 28),
        FoundPlace = "广东省东莞市",
        HukouPlace = "邵阳",
        Dialect = "湖南话",
        HeightCm = 171,
        Marks = [new BodyMark("左上臂", "伤疤")],
    };

    /// <summary>A person of whom nothing was recorded but the admission date.</summary>
    public static PersonSide Unknown { get; } = new() { AgeEstimatedOn = new DateOnly(2024, 6, 1) };

    public static MatchScore Score(NoticeSide notice, PersonSide person, FaceComparison? face = null) =>
        MatchScorer.Default.Score(notice, person, face);
}
