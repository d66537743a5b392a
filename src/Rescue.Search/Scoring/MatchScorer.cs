using Rescue.Search.Names;

namespace Rescue.Search.Scoring;

/// <summary>
/// Scores a pair (a notice, a person at the station) as a sum of explained parts: face, sex, age, height, marks,
/// disabilities, name, hometown, found place, dialect and time. Stateless and thread-safe: the matching feature
/// calls it for every candidate the vector index or a pre-filter returns.
/// </summary>
public sealed class MatchScorer(ScoreWeights? weights = null)
{
    /// <summary>A scorer with <see cref="ScoreWeights.Default"/>.</summary>
    public static MatchScorer Default { get; } = new();

    public ScoreWeights Weights { get; } = weights ?? ScoreWeights.Default;

    /// <summary>Scores a pair; <paramref name="face"/> is null when either side has no face signature.</summary>
    public MatchScore Score(NoticeSide notice, PersonSide person, FaceComparison? face = null)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(person);
        var w = Weights;
        return MatchScore.Of(
        [
            FaceCalibration.Part(notice, person, face, w),
            Sex(notice, person, w),
            AgeParts.Age(notice, person, w),
            AgeParts.Height(notice, person, w),
            Marks(notice, person, w),
            Disabilities(notice, person, w),
            Name(notice, person, w),
            PlaceParts.Hometown(notice, person, w),
            PlaceParts.FoundPlace(notice, person, w),
            PlaceParts.Dialect(notice, person, w),
            Time(notice, person, w),
        ]);
    }

    private static ScorePart Sex(NoticeSide notice, PersonSide person, ScoreWeights w)
    {
        if (notice.Sex == RecordedSex.Unknown || person.Sex == RecordedSex.Unknown)
        {
            var (who, whoEn) = notice.Sex == RecordedSex.Unknown ? ("启事", "on the notice") : ("站内", "at the station");
            return new(ScoreKind.Sex, 0, $"性别不详（{who}未记录），不作比较。", $"Sex unknown {whoEn}: not compared.");
        }
        if (notice.Sex != person.Sex)
        {
            return new(ScoreKind.Sex, w.ExclusionPoints, $"性别不符：启事为{SexWord(notice.Sex)}，站内为{SexWord(person.Sex)}，排除。",
                $"Sex contradicts: {notice.Sex.ToString().ToLowerInvariant()} on the notice, {person.Sex.ToString().ToLowerInvariant()} at the station; excluded.", Excludes: true);
        }
        return new(ScoreKind.Sex, w.SexAgrees, $"性别一致（{SexWord(person.Sex)}）。", $"Same sex ({person.Sex.ToString().ToLowerInvariant()}).");
    }

    private static string SexWord(RecordedSex sex) => sex == RecordedSex.Male ? "男" : "女";

    private static ScorePart Marks(NoticeSide notice, PersonSide person, ScoreWeights w)
    {
        if (notice.Marks.Count == 0)
            return new(ScoreKind.Marks, 0, "启事没有记录体表特征。", "The notice records no marks or scars.");
        if (person.Marks.Count == 0)
            return new(ScoreKind.Marks, 0, "站内没有记录体表特征，无法比较。", "No marks or scars recorded at the station.");

        var theirs = person.Marks.Select(BodyMarks.Read).ToList();
        double found = 0, missing = 0;
        var sentences = new List<string>();
        var english = new List<string>();
        foreach (var mark in notice.Marks.Select(BodyMarks.Read))
        {
            var best = theirs.Select(t => (Mark: t, Agreement: BodyMarks.Compare(mark, t))).MaxBy(t => t.Agreement);
            var written = Written(mark);
            switch (best.Agreement)
            {
                case MarkAgreement.Same:
                    found += w.MarkSame;
                    sentences.Add($"{written}与站内记录的{Written(best.Mark)}相同");
                    english.Add($"{written} matches {Written(best.Mark)}");
                    break;
                case MarkAgreement.Partly:
                    found += w.MarkPartly;
                    sentences.Add($"{written}与站内记录的{Written(best.Mark)}部分相符");
                    english.Add($"{written} partly matches {Written(best.Mark)}");
                    break;
                default:
                    missing += w.MarkMissing;
                    sentences.Add($"站内未见{written}");
                    english.Add($"{written} not seen at the station");
                    break;
            }
        }
        var points = Math.Min(found, w.MarksMost) + Math.Max(missing, w.MarksMissingMost);
        return new(ScoreKind.Marks, FaceCalibration.Round(points), $"体表特征：{string.Join("；", sentences)}。", $"Marks: {string.Join("; ", english)}.");
    }

    private static string Written(BodyMarks.ReadMark mark) =>
        $"{mark.Written.BodyLocation.Trim()}{mark.Written.Kind.Trim()}";

    private static readonly (DisabilityFlags Flag, string Word, string English)[] DisabilityWords =
    [
        (DisabilityFlags.Intellectual, "智力残疾", "intellectual disability"),
        (DisabilityFlags.Mental, "精神障碍", "mental disorder"),
        (DisabilityFlags.Hearing, "听力残疾", "hearing disability"),
        (DisabilityFlags.Speech, "言语残疾", "speech disability"),
    ];

    private static ScorePart Disabilities(NoticeSide notice, PersonSide person, ScoreWeights w)
    {
        var named = notice.Disabilities;
        var observed = person.ObservedDisabilities;
        if (named == DisabilityFlags.None && observed == DisabilityFlags.None)
            return new(ScoreKind.Disabilities, 0, "双方都没有记录残疾或精神障碍。", "Neither side records a disability.");

        double points = 0;
        var both = new List<(string Word, string English)>();
        var unnamed = new List<(string Word, string English)>();
        var unseen = new List<(string Word, string English)>();
        foreach (var (flag, word, en) in DisabilityWords)
        {
            var onNotice = named.HasFlag(flag);
            var seen = observed.HasFlag(flag);
            if (onNotice && seen)
            {
                both.Add((word, en));
                points += flag switch
                {
                    DisabilityFlags.Intellectual => w.IntellectualAgrees,
                    DisabilityFlags.Mental => w.MentalAgrees,
                    DisabilityFlags.Hearing => w.HearingAgrees,
                    _ => w.SpeechAgrees,
                };
            }
            else if (onNotice) unseen.Add((word, en));
            else if (seen)
            {
                unnamed.Add((word, en));
                // Only when the family named nothing at all: naming one disability and not another is no contradiction.
                if (named == DisabilityFlags.None) points += flag == DisabilityFlags.Mental ? w.MentalUnnamed : w.DisabilityUnnamed;
            }
        }
        var zh = new List<string>();
        var enParts = new List<string>();
        if (both.Count > 0)
        {
            zh.Add($"{Join(both, "、")}相符");
            enParts.Add($"{Join(both, " and ", english: true)} on both sides");
        }
        if (unseen.Count > 0)
        {
            zh.Add($"启事称{Join(unseen, "、")}，站内未观察到");
            enParts.Add($"the notice names {Join(unseen, " and ", english: true)}, not observed at the station");
        }
        if (unnamed.Count > 0)
        {
            zh.Add($"站内观察到{Join(unnamed, "、")}，启事未提及");
            enParts.Add($"{Join(unnamed, " and ", english: true)} observed, not named on the notice");
        }
        return new(ScoreKind.Disabilities, points, $"残疾情况：{string.Join("；", zh)}。", $"Disabilities: {string.Join("; ", enParts)}.");

        static string Join(List<(string Word, string English)> items, string separator, bool english = false) =>
            string.Join(separator, items.Select(i => english ? i.English : i.Word));
    }

    private static ScorePart Name(NoticeSide notice, PersonSide person, ScoreWeights w)
    {
        var told = new[] { person.Name }.Concat(person.Aliases).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (told.Count == 0)
            return new(ScoreKind.Name, 0, "未提供姓名。", "No name told at the station.");
        var written = new[] { notice.Name }.Concat(notice.OtherNames).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (written.Count == 0)
            return new(ScoreKind.Name, 0, "启事没有姓名。", "The notice gives no name.");

        var match = NameComparer.CompareBest(written, told);
        if (ChineseName.Parse(match.Name).IsEmpty || ChineseName.Parse(match.OtherName).IsEmpty)
            return new(ScoreKind.Name, 0, "姓名无法识别，不作比较。", "Names not readable: not compared.");
        var points = w.NamePoints.GetValueOrDefault(match.Level);
        var pair = $"{match.Name} / {match.OtherName}";
        var sentence = match.Level switch
        {
            NameLevel.SameCharacters => $"姓名相同：{match.Name}。",
            NameLevel.SameAfterFolding => $"姓名繁简体相同：{pair}（{match.Form}）。",
            NameLevel.Homophone => $"姓名同音：{match.Form}（{pair}）。",
            NameLevel.NearHomophone => $"姓名音近：{match.Form} / {match.OtherForm}（{pair}）。",
            NameLevel.Nickname => $"可能是小名或称呼：{match.Form} / {match.OtherForm}。",
            NameLevel.GivenNameOnly => $"只说了名，名字相同：{pair}。",
            NameLevel.OneSyllableOff => $"同姓，名字差一个字：{pair}。",
            _ => $"姓名不同：{pair}。",
        };
        return new(ScoreKind.Name, points, sentence, match.Explain());
    }

    private static ScorePart Time(NoticeSide notice, PersonSide person, ScoreWeights w)
    {
        if (notice.LastSeenOn is not { } lastSeen)
            return new(ScoreKind.Time, 0, "启事没有走失日期，无法比较时间。", "The notice gives no last-seen date.");
        if (person.FoundOn is not { } found)
            return new(ScoreKind.Time, 0, "站内没有发现日期，无法比较时间。", "No found date at the station.");
        if (found < lastSeen)
        {
            return new(ScoreKind.Time, w.ExclusionPoints, $"发现于 {found:yyyy-MM-dd}，早于走失日期 {lastSeen:yyyy-MM-dd}，排除。",
                $"Found on {found:yyyy-MM-dd}, before the last-seen date {lastSeen:yyyy-MM-dd}; excluded.", Excludes: true);
        }
        var days = found.DayNumber - lastSeen.DayNumber;
        if (days <= w.FoundSoonDays)
        {
            return new(ScoreKind.Time, w.FoundSoon, $"走失 {days} 天后被发现，时间相符。", $"Found {days} days after last seen: consistent.");
        }
        var years = days / 365.2425;
        var (after, afterEn) = years < 1 ? ($"约 {days / 30} 个月", $"about {days / 30} months") : ($"约 {Math.Round(years):0} 年", $"about {Math.Round(years):0} years");
        return new(ScoreKind.Time, 0, $"走失{after}后被发现，时间相符。", $"Found {afterEn} after last seen: consistent.");
    }
}
