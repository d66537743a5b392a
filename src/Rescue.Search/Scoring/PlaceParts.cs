using System.Collections.Concurrent;
using Rescue.Search.Places;

namespace Rescue.Search.Scoring;

/// <summary>The hometown, found-place and dialect parts, from the places library's levels.</summary>
internal static class PlaceParts
{
    private const int CacheLimit = 50_000;

    // One notice is scored against many people and their places repeat (the station's city): resolve each text once.
    private static readonly ConcurrentDictionary<string, ResolvedPlace> Resolved = new(StringComparer.Ordinal);

    private static int _cached;

    public static ScorePart Hometown(NoticeSide notice, PersonSide person, ScoreWeights weights)
    {
        var (label, labelEn, text) = NoticeHome(notice);
        if (text is null)
            return new(ScoreKind.Hometown, 0, "启事没有家乡或走失地，无法比较户籍地。", "The notice gives no hometown or last-seen place to compare with the hukou place.");
        if (Blank(person.HukouPlace))
            return new(ScoreKind.Hometown, 0, "站内未登记户籍地，无法比较。", "No hukou place told at the station.");

        var compatibility = PlaceCompatibility.Between(Resolve(text), Resolve(person.HukouPlace));
        var points = compatibility.Level switch
        {
            PlaceAgreement.SameCounty => weights.HometownSameCounty,
            PlaceAgreement.SamePrefecture => compatibility.IsConsistent ? weights.HometownWithinPrefecture : weights.HometownSamePrefecture,
            PlaceAgreement.SameProvince => compatibility.IsConsistent ? weights.HometownWithinProvince : weights.HometownSameProvince,
            PlaceAgreement.NeighbouringProvince => weights.HometownNeighbouringProvince,
            PlaceAgreement.DifferentProvince => weights.HometownDifferentProvince,
            _ => 0,
        };
        return Sentence(ScoreKind.Hometown, points, $"户籍 {person.HukouPlace!.Trim()} 与{label} {text}", $"Told hukou place {person.HukouPlace!.Trim()} and {labelEn} {text}", compatibility);
    }

    public static ScorePart FoundPlace(NoticeSide notice, PersonSide person, ScoreWeights weights)
    {
        if (Blank(notice.LastSeenPlace))
            return new(ScoreKind.FoundPlace, 0, "启事没有走失地，无法比较发现地。", "The notice gives no last-seen place to compare with where the person was found.");
        if (Blank(person.FoundPlace))
            return new(ScoreKind.FoundPlace, 0, "站内没有发现地点，无法比较。", "No found place recorded at the station.");

        var compatibility = PlaceCompatibility.Between(Resolve(notice.LastSeenPlace), Resolve(person.FoundPlace));
        var points = compatibility.Level switch
        {
            PlaceAgreement.SameCounty => weights.FoundSameCounty,
            PlaceAgreement.SamePrefecture => weights.FoundSamePrefecture,
            PlaceAgreement.SameProvince => weights.FoundSameProvince,
            PlaceAgreement.NeighbouringProvince => weights.FoundNeighbouringProvince,
            _ => 0,
        };
        return Sentence(ScoreKind.FoundPlace, points, $"发现地 {person.FoundPlace!.Trim()} 与走失地 {notice.LastSeenPlace!.Trim()}",
            $"Found at {person.FoundPlace!.Trim()}, last seen at {notice.LastSeenPlace!.Trim()}", compatibility);
    }

    public static ScorePart Dialect(NoticeSide notice, PersonSide person, ScoreWeights weights)
    {
        var (label, labelEn, text) = NoticeHome(notice);
        if (Blank(person.Dialect))
            return new(ScoreKind.Dialect, 0, "站内没有口音信息，无法比较。", "No dialect or accent recorded at the station.");
        var told = person.Dialect!.Trim();
        if (text is null)
        {
            // No place on the notice: the family's word for the accent is all there is to compare.
            var theirs = Dialects.Shared.Find(notice.Dialect);
            var ours = Dialects.Shared.Find(told);
            return theirs is not null && ours is not null && !theirs.SpokenEverywhere && theirs.Name == ours.Name
                ? new(ScoreKind.Dialect, weights.DialectSpokenThere, $"口音 {told} 与启事所说的 {notice.Dialect!.Trim()} 相同。", $"The accent {told} is the one the notice names ({notice.Dialect!.Trim()}).")
                : new(ScoreKind.Dialect, 0, "启事没有家乡或走失地，无法比较口音。", "The notice gives no place to compare the accent with.");
        }

        var place = Resolve(text);
        var compatibility = CompareDialect(told, text, place);
        var where = place.Division?.FullName ?? text;
        return compatibility.Level switch
        {
            DialectAgreement.SpokenThere => new(ScoreKind.Dialect, weights.DialectSpokenThere,
                $"口音 {told} 在{label} {where} 通行。", $"The accent {told} is spoken at the {labelEn} {where}."),
            DialectAgreement.SpokenNearby => new(ScoreKind.Dialect, weights.DialectSpokenNearby,
                $"口音 {told} 通行于{label} {where} 的同省或邻省：{compatibility.Explanation}", $"The accent {told} is spoken near the {labelEn} {where} (same or neighbouring province)."),
            DialectAgreement.NotSpokenThere => new(ScoreKind.Dialect, weights.DialectNotSpokenThere,
                $"口音 {told} 与{label} {where} 不符：{compatibility.Explanation}", $"The accent {told} is not spoken at the {labelEn} {where}."),
            _ => new(ScoreKind.Dialect, 0, $"口音 {told} 无法与{label}比较：{compatibility.Explanation}", $"The accent {told} cannot be placed against the {labelEn}."),
        };
    }

    /// <summary>Resolves a place text once (bounded cache, cleared when full, as names do).</summary>
    public static ResolvedPlace Resolve(string? text)
    {
        var key = (text ?? "").Trim();
        if (Resolved.TryGetValue(key, out var cached)) return cached;
        var place = Divisions.Shared.Resolve(key);
        if (Interlocked.Increment(ref _cached) > CacheLimit)
        {
            Resolved.Clear();
            Interlocked.Exchange(ref _cached, 0);
        }
        Resolved[key] = place;
        return place;
    }

    // Told dialects are few (湖南话, 四川话 …) and places repeat: each pair is compared once.
    private static readonly ConcurrentDictionary<(string Told, string Place), DialectCompatibility> DialectsCompared = new();

    private static int _dialectsCached;

    private static DialectCompatibility CompareDialect(string told, string placeText, ResolvedPlace place)
    {
        if (DialectsCompared.TryGetValue((told, placeText), out var cached)) return cached;
        var compatibility = Dialects.Shared.Compare(told, place);
        if (Interlocked.Increment(ref _dialectsCached) > CacheLimit)
        {
            DialectsCompared.Clear();
            Interlocked.Exchange(ref _dialectsCached, 0);
        }
        DialectsCompared[(told, placeText)] = compatibility;
        return compatibility;
    }

    /// <summary>Where the notice says the person is from: the hometown, else where they were last seen.</summary>
    private static (string Label, string LabelEn, string? Text) NoticeHome(NoticeSide notice) =>
        !Blank(notice.Hometown) ? ("家乡", "hometown", notice.Hometown!.Trim())
        : !Blank(notice.LastSeenPlace) ? ("走失地", "last-seen place", notice.LastSeenPlace!.Trim())
        : ("", "", null);

    private static ScorePart Sentence(ScoreKind kind, double points, string subject, string subjectEn, PlaceCompatibility compatibility)
    {
        var (words, wordsEn) = compatibility.Level switch
        {
            PlaceAgreement.SameCounty => ("同一县区", "are the same county"),
            PlaceAgreement.SamePrefecture when compatibility.IsConsistent => ("同一地级市", "lie in one prefecture"),
            PlaceAgreement.SamePrefecture => ("同一地级市的不同县区", "are different counties of one prefecture"),
            PlaceAgreement.SameProvince when compatibility.IsConsistent => ("同一省份", "lie in one province"),
            PlaceAgreement.SameProvince => ("同省不同地市", "are different prefectures of one province"),
            PlaceAgreement.NeighbouringProvince => ("在相邻省份", "are in neighbouring provinces"),
            PlaceAgreement.DifferentProvince => ("不在同一省份，也不相邻", "are in provinces far apart"),
            _ => ("无法比较", "cannot be compared"),
        };
        // An ambiguous or unreadable place says why in the places library's own sentence.
        var why = compatibility.Level == PlaceAgreement.Unknown || compatibility.Explanation.Contains("可能是", StringComparison.Ordinal)
            ? "：" + compatibility.Explanation
            : "。";
        return new(kind, points, $"{subject} {words}{why}", $"{subjectEn}: they {wordsEn}.");
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);
}
