using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

public class FaceCalibrationTests
{
    private static readonly ScoreWeights Weights = ScoreWeights.Default;

    [Theory]
    [InlineData(0, 0.39)]
    [InlineData(2, 0.39)]
    [InlineData(15, 0.18)]
    [InlineData(40, 0.18)]
    public void The_midpoint_moves_from_the_same_age_threshold_to_the_cross_age_one(double gapYears, double midpoint) =>
        Assert.Equal(midpoint, FaceCalibration.Midpoint(gapYears, Weights), 3);

    [Fact]
    public void The_midpoint_falls_steadily_between_the_two_calibrations()
    {
        var midpoints = Enumerable.Range(2, 14).Select(gap => FaceCalibration.Midpoint(gap, Weights)).ToList();

        Assert.True(midpoints.Zip(midpoints.Skip(1)).All(p => p.First > p.Second));
        Assert.InRange(FaceCalibration.Midpoint(8.5, Weights), 0.28, 0.29);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(20)]
    public void A_cosine_at_the_midpoint_gives_no_points_and_points_rise_with_the_cosine(double gapYears)
    {
        Assert.Equal(0, FaceCalibration.Points(FaceCalibration.Midpoint(gapYears, Weights), gapYears, Weights), 6);
        var points = Enumerable.Range(-10, 21).Select(i => FaceCalibration.Points(i / 10.0, gapYears, Weights)).ToList();
        Assert.True(points.Zip(points.Skip(1)).All(p => p.First < p.Second));
        Assert.All(points, p => Assert.InRange(Math.Abs(p), 0, Weights.FaceSameAgePoints));
    }

    [Fact]
    public void A_cosine_of_0_3_is_for_a_child_photo_against_the_adult_but_against_a_photo_of_the_same_age()
    {
        Assert.True(FaceCalibration.Points(0.3, 20, Weights) > 10);
        Assert.True(FaceCalibration.Points(0.3, 1, Weights) < -10);
    }

    [Fact]
    public void The_face_part_says_the_cosine_the_years_between_the_photos_and_the_calibration()
    {
        var person = Pairs.Person with { AgeEstimatedOn = new DateOnly(2024, 7, 1) };

        var part = Pairs.Score(Pairs.Notice, person, new FaceComparison(0.52, NoticePhotoYear: 2004))[ScoreKind.Face];

        Assert.Equal("面部相似度 0.52（照片相隔约 20 年，按跨年龄校准为很强）。", part.Sentence);
        Assert.Equal("Face similarity 0.52 (photos about 20 years apart; very strong on the cross-age calibration).", part.English);
        Assert.InRange(part.Points, 29, 30);
    }

    [Fact]
    public void Photos_taken_a_year_apart_are_read_on_the_same_age_calibration()
    {
        var notice = Pairs.Notice with { LastSeenOn = new DateOnly(2023, 5, 1) };
        var face = new FaceComparison(0.30, NoticePhotoYear: 2023, PersonPhotoTakenOn: new DateOnly(2024, 5, 28));

        var part = Pairs.Score(notice, Pairs.Person, face)[ScoreKind.Face];

        Assert.Equal("面部相似度 0.30（照片相隔约 1 年，按同龄校准为很弱）。", part.Sentence);
        Assert.True(part.Points < 0);
    }

    [Fact]
    public void Without_the_photos_dates_the_gap_between_the_calibrations_is_assumed_and_said()
    {
        var notice = Pairs.Notice with { LastSeenOn = null };

        var part = Pairs.Score(notice, Pairs.Person, new FaceComparison(0.40))[ScoreKind.Face];

        Assert.StartsWith("面部相似度 0.40（照片年份不详，按相隔 8 年校准为", part.Sentence);
        Assert.Equal(Math.Round(FaceCalibration.Points(0.40, Weights.FaceUnknownGapYears, Weights), 1), part.Points);
    }

    [Fact]
    public void The_ages_at_each_photo_give_the_gap_when_the_person_photo_has_no_date()
    {
        var notice = Pairs.Notice with { DateOfBirth = new BirthDate(1998) };
        var person = Pairs.Unknown with { AgeEstimatedOn = null };

        var gap = FaceCalibration.YearsBetweenPhotos(notice, person, new FaceComparison(0.3, NoticePhotoYear: 2005, PersonAgeAtPhoto: 27));

        Assert.Equal(20, gap);
    }

    [Fact]
    public void Without_a_face_comparison_the_face_part_is_neutral_and_says_so()
    {
        var part = Pairs.Score(Pairs.Notice, Pairs.Person)[ScoreKind.Face];

        Assert.Equal(0, part.Points);
        Assert.Equal("没有可比较的面部照片。", part.Sentence);
    }
}
