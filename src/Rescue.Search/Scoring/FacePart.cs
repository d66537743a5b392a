using System.Globalization;

namespace Rescue.Search.Scoring;

/// <summary>
/// The face part: the cosine turned into points by a logistic curve whose midpoint, slope and maximum depend on
/// how many years lie between the two photos (see <see cref="ScoreWeights"/> for the curve and its numbers).
/// </summary>
public static class FaceCalibration
{
    /// <summary>The years between the notice's photo and the person's, or null when neither date is known.</summary>
    public static double? YearsBetweenPhotos(NoticeSide notice, PersonSide person, FaceComparison face)
    {
        var noticeYear = face.NoticePhotoYear ?? notice.LastSeenOn?.Year;
        var personDate = face.PersonPhotoTakenOn ?? person.AgeEstimatedOn ?? person.FoundOn;
        if (noticeYear is { } year && personDate is { } taken)
        {
            // A notice photo's year only: count from its middle.
            return Math.Abs(taken.DayNumber - new DateOnly(year, 7, 1).DayNumber) / 365.2425;
        }
        // Without dates, ages at each photo give the gap as well.
        var noticeAge = noticeYear is { } y && notice.DateOfBirth is { } born ? y - born.Year : (double?)null;
        var personAge = face.PersonAgeAtPhoto;
        return noticeAge is { } a && personAge is { } b ? Math.Abs(b - a) : null;
    }

    /// <summary>How far a gap is from same-age (0) to child → adult (1).</summary>
    public static double CrossAge(double gapYears, ScoreWeights weights) =>
        Math.Clamp((gapYears - weights.FaceSameAgeGapYears) / (weights.FaceCrossAgeGapYears - weights.FaceSameAgeGapYears), 0, 1);

    /// <summary>The cosine at which a face is as likely one person as two, for photos this far apart.</summary>
    public static double Midpoint(double gapYears, ScoreWeights weights) =>
        Lerp(weights.FaceSameAgeMidpoint, weights.FaceCrossAgeMidpoint, CrossAge(gapYears, weights));

    /// <summary>The calibrated probability (before other evidence) that the two photos show one person.</summary>
    public static double Probability(double cosine, double gapYears, ScoreWeights weights)
    {
        var slope = Lerp(weights.FaceSameAgeSlope, weights.FaceCrossAgeSlope, CrossAge(gapYears, weights));
        return 1 / (1 + Math.Exp(-slope * (cosine - Midpoint(gapYears, weights))));
    }

    /// <summary>The points of a cosine for photos this far apart: ±max, zero at the midpoint.</summary>
    public static double Points(double cosine, double gapYears, ScoreWeights weights)
    {
        var most = Lerp(weights.FaceSameAgePoints, weights.FaceCrossAgePoints, CrossAge(gapYears, weights));
        return most * (2 * Probability(cosine, gapYears, weights) - 1);
    }

    internal static ScorePart Part(NoticeSide notice, PersonSide person, FaceComparison? face, ScoreWeights weights)
    {
        if (face is null)
        {
            return new(ScoreKind.Face, 0, "没有可比较的面部照片。", "No photos to compare faces.");
        }
        var known = YearsBetweenPhotos(notice, person, face);
        var gap = known ?? weights.FaceUnknownGapYears;
        var probability = Probability(face.Cosine, gap, weights);
        var points = Points(face.Cosine, gap, weights);
        var cosine = face.Cosine.ToString("0.00", CultureInfo.InvariantCulture);
        var years = Math.Round(gap).ToString(CultureInfo.InvariantCulture);
        var (strength, strengthEn) = probability switch
        {
            >= 0.95 => ("很强", "very strong"),
            >= 0.8 => ("较强", "strong"),
            >= 0.5 => ("略高于阈值", "just above the threshold"),
            >= 0.2 => ("偏弱", "weak"),
            _ => ("很弱", "very weak"),
        };
        var cross = CrossAge(gap, weights);
        var (calibration, calibrationEn) = cross <= 0 ? ("同龄", "same-age") : cross >= 1 ? ("跨年龄", "cross-age") : ($"相隔 {years} 年", $"{years}-year");
        var (apart, apartEn) = known is null
            ? ("照片年份不详", "photo dates unknown")
            : ($"照片相隔约 {years} 年", $"photos about {years} years apart");
        return new(ScoreKind.Face, Round(points),
            $"面部相似度 {cosine}（{apart}，按{calibration}校准为{strength}）。",
            $"Face similarity {cosine} ({apartEn}; {strengthEn} on the {calibrationEn} calibration).");
    }

    private static double Lerp(double from, double to, double t) => from + (to - from) * t;

    internal static double Round(double points) => Math.Round(points, 1);
}
