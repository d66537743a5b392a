using System.Globalization;

namespace Rescue.Search.Scoring;

/// <summary>The age and height parts: what the notice says the person's age should be now, against the estimate.</summary>
internal static class AgeParts
{
    private const double DaysPerYear = 365.2425;

    /// <summary>The notice's age at a date, as an interval of fractional years, with how it was worked out.</summary>
    private sealed record ExpectedAge(double From, double To, double YearsSince, string How, string HowEn)
    {
        public double Middle => (From + To) / 2;
    }

    public static ScorePart Age(NoticeSide notice, PersonSide person, ScoreWeights weights)
    {
        var on = person.AgeEstimatedOn ?? person.FoundOn;
        var (personFrom, personTo, estimate, estimateEn) = PersonAge(person, on);
        if (on is not { } date || estimate is null)
        {
            return new(ScoreKind.Age, 0, "站内没有估计年龄，无法比较年龄。", "No estimated age at the station to compare.");
        }
        if (Expected(notice, date) is not { } expected)
        {
            return new(ScoreKind.Age, 0, "启事没有出生日期或走失时年龄，无法比较年龄。", "The notice gives neither a date of birth nor an age when last seen.");
        }

        var distance = Math.Max(0, Math.Max(expected.From - personTo, personFrom - expected.To));
        var tolerance = weights.AgeToleranceYears + weights.AgeTolerancePerYearSince * expected.YearsSince
            + weights.AgeTolerancePerYearOver20 * Math.Max(0, expected.Middle - 20);
        var about = Math.Round(expected.Middle).ToString(CultureInfo.InvariantCulture);
        var facts = $"{expected.How}（应约 {about} 岁），{estimate}";
        var factsEn = $"{expected.HowEn} (should be about {about}), {estimateEn}";
        var off = Math.Round(distance).ToString(CultureInfo.InvariantCulture);

        if (distance > weights.AgeExclusionTolerances * tolerance)
        {
            return new(ScoreKind.Age, weights.ExclusionPoints, $"年龄相差太远，排除：{facts}，相差约 {off} 岁。",
                $"Ages far apart, excluded: {factsEn}, about {off} years off.", Excludes: true);
        }
        if (distance > tolerance)
        {
            var share = Math.Clamp((distance - tolerance) / ((weights.AgeExclusionTolerances - 1) * tolerance), 0.2, 1);
            return new(ScoreKind.Age, FaceCalibration.Round(-weights.AgeContradiction * share), $"年龄不符：{facts}，相差约 {off} 岁。",
                $"Ages disagree: {factsEn}, about {off} years off.");
        }
        // A wide estimate (20–60) agrees with almost anyone: it earns fewer points.
        var narrow = Math.Clamp(weights.AgeNarrowRangeYears / Math.Max(1, personTo - personFrom), 0.4, 1);
        if (distance == 0)
        {
            return new(ScoreKind.Age, FaceCalibration.Round(weights.AgeAgrees * narrow), $"年龄相符：{facts}。", $"Ages agree: {factsEn}.");
        }
        return new(ScoreKind.Age, FaceCalibration.Round(weights.AgeAgrees * narrow * (1 - 0.6 * distance / tolerance)),
            $"年龄大致相符：{facts}，相差约 {off} 岁，在容差 {tolerance:0} 岁内。",
            $"Ages roughly agree: {factsEn}, about {off} years off, within the tolerance of {tolerance:0}.");
    }

    public static ScorePart Height(NoticeSide notice, PersonSide person, ScoreWeights weights)
    {
        if (notice.HeightCm is not { } noticeHeight || person.HeightCm is not { } personHeight)
        {
            var missing = notice.HeightCm is null ? "启事没有身高" : "站内没有身高";
            var missingEn = notice.HeightCm is null ? "The notice gives no height" : "No height recorded at the station";
            return new(ScoreKind.Height, 0, $"{missing}，无法比较身高。", $"{missingEn} to compare.");
        }
        var ageThen = AgeWhenLastSeen(notice);
        if (ageThen is null)
        {
            return new(ScoreKind.Height, 0, "不知走失时年龄，身高不作比较。", "Age when last seen unknown: heights not compared.");
        }
        if (ageThen < weights.AdultAge)
        {
            return new(ScoreKind.Height, 0, $"走失时 {ageThen} 岁，儿时身高不能说明成年身高。",
                $"Last seen aged {ageThen}: a child's height says nothing of the adult's.");
        }
        var difference = Math.Abs(noticeHeight - personHeight);
        var facts = $"启事 {noticeHeight} 厘米，站内 {personHeight} 厘米";
        var factsEn = $"notice {noticeHeight} cm, station {personHeight} cm";
        if (difference <= weights.HeightToleranceCm)
        {
            return new(ScoreKind.Height, FaceCalibration.Round(weights.HeightAgrees * (1 - 0.5 * difference / weights.HeightToleranceCm)),
                $"身高相近：{facts}。", $"Heights agree: {factsEn}.");
        }
        if (difference <= weights.HeightContradictsCm)
        {
            return new(ScoreKind.Height, 0, $"身高略有出入：{facts}，相差 {difference} 厘米。", $"Heights differ a little: {factsEn}, {difference} cm apart.");
        }
        var share = Math.Clamp((difference - weights.HeightContradictsCm) / 10.0, 0.3, 1);
        return new(ScoreKind.Height, FaceCalibration.Round(-weights.HeightContradiction * share),
            $"身高不符：{facts}，相差 {difference} 厘米。", $"Heights disagree: {factsEn}, {difference} cm apart.");
    }

    /// <summary>The notice's age when last seen: as given, or from the date of birth and the last-seen date.</summary>
    public static int? AgeWhenLastSeen(NoticeSide notice)
    {
        if (notice.AgeAtDisappearance is { } age) return age;
        if (notice.DateOfBirth is { } born && notice.LastSeenOn is { } seen)
            return (int)Math.Floor((seen.DayNumber - born.Earliest.DayNumber) / DaysPerYear);
        return null;
    }

    private static ExpectedAge? Expected(NoticeSide notice, DateOnly on)
    {
        if (notice.DateOfBirth is { } born)
        {
            var since = notice.LastSeenOn is { } seen ? Years(seen, on) : 0;
            return new ExpectedAge(Years(born.Latest, on), Years(born.Earliest, on), Math.Max(0, since),
                $"生于 {born}", $"born {born.Year}");
        }
        if (notice.AgeAtDisappearance is { } age && notice.LastSeenOn is { } lastSeen)
        {
            var since = Years(lastSeen, on);
            var sinceText = Math.Round(since).ToString(CultureInfo.InvariantCulture);
            // "8 years old" covers the whole year up to the ninth birthday.
            return new ExpectedAge(age + since, age + 1 + since, Math.Max(0, since),
                $"走失时 {age} 岁，至今 {sinceText} 年", $"{age} when last seen, {sinceText} years ago");
        }
        return null;
    }

    private static (double From, double To, string? Text, string? English) PersonAge(PersonSide person, DateOnly? on)
    {
        if (on is not { } date) return (0, 0, null, null);
        if (person.DateOfBirth is { } born)
        {
            var age = Years(born, date);
            return (age, age, $"站内登记生于 {born.Year} 年", $"born {born.Year} as registered");
        }
        if (person.EstimatedAgeMin is null && person.EstimatedAgeMax is null) return (0, 0, null, null);
        var min = person.EstimatedAgeMin ?? person.EstimatedAgeMax!.Value;
        var max = Math.Max(min, person.EstimatedAgeMax ?? min);
        var range = min == max ? $"{min}" : $"{min}–{max}";
        // An estimate of "24–30" means anyone from their 24th birthday until their 31st.
        return (min, max + 1, $"估计 {range} 岁", $"estimated {range}");
    }

    private static double Years(DateOnly from, DateOnly to) => (to.DayNumber - from.DayNumber) / DaysPerYear;
}
