using System.Collections.Concurrent;
using Rescue.Search.Names;
using Rescue.Search.Places;

namespace Rescue.Search.Matching;

/// <summary>A lookup key and its tier: keys of a lower tier are more precise and are gathered first.</summary>
internal readonly record struct RecordKey(string Value, int Tier);

/// <summary>
/// The name keys of a record. Both sides get the same keys, so a lookup is an equality: 王军 on a notice and 小军
/// at the station share the core key "c:jun", 王建国 and 建国 the given-name key "g:jianguo".
/// </summary>
internal static class NameKeys
{
    /// <summary>
    /// Keys by name text: names repeat (a million notices hold far fewer distinct names), and reading a name
    /// through ICU costs more than every other key of a record together, so loading the engine reads each once.
    /// </summary>
    private const int CacheLimit = 200_000;
    private static readonly ConcurrentDictionary<string, RecordKey[]> Cached = new(StringComparer.Ordinal);
    private static int _cached;

    public static IEnumerable<RecordKey> Of(IEnumerable<string?> names)
    {
        var keys = new HashSet<RecordKey>();
        foreach (var text in names)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (!Cached.TryGetValue(text, out var known))
            {
                // ConcurrentDictionary.Count takes every lock: the additions are counted here instead.
                if (Interlocked.Increment(ref _cached) > CacheLimit)
                {
                    Cached.Clear();
                    Interlocked.Exchange(ref _cached, 0);
                }
                Cached[text] = known = [.. OfOne(text)];
            }
            keys.UnionWith(known);
        }
        return keys;
    }

    private static HashSet<RecordKey> OfOne(string text)
    {
        var keys = new HashSet<RecordKey>();
        var name = ChineseName.Parse(text);
        foreach (var reading in name.Readings)
        {
            switch (reading.Form)
            {
                case NameForm.FullName:
                    Add(keys, "f:" + reading.Key, 0);
                    Add(keys, "n:" + reading.NearKey, 0);
                    Add(keys, "g:" + Pinyin.Key(reading.GivenName.Select(s => s.Reading)), 1);
                    foreach (var syllable in reading.GivenName) Add(keys, "c:" + syllable.Reading, 2);
                    break;
                case NameForm.GivenNameOnly:
                    Add(keys, "g:" + reading.Key, 1);
                    foreach (var syllable in reading.GivenName) Add(keys, "c:" + syllable.Reading, 2);
                    break;
                case NameForm.Nickname when reading.Core is { } core:
                    Add(keys, "c:" + core.Reading, 2);
                    break;
                case NameForm.Transcribed:
                    Add(keys, "f:" + reading.Key, 0);
                    break;
            }
            // A form of address by surname (老王) keys nothing: a surname alone selects a tenth of everyone.
        }
        return keys;
    }

    private static void Add(HashSet<RecordKey> keys, string key, int tier)
    {
        if (key.Length > 2) keys.Add(new RecordKey(key, tier));
    }
}

/// <summary>
/// The place keys of a record: the county, prefecture and province of a place, so that a notice from 隆回县 and a
/// person who told 邵阳 share the prefecture key.
/// </summary>
internal static class PlaceKeys
{
    private const int CacheLimit = 50_000;
    private static readonly ConcurrentDictionary<string, ResolvedPlace> Resolved = new(StringComparer.Ordinal);
    private static int _resolved;

    /// <summary>The keys of places; <paramref name="tier"/> is the tier of a county key (prefecture +1, province +2).</summary>
    public static IEnumerable<RecordKey> Of(IEnumerable<string?> places, int tier = 0)
    {
        var keys = new HashSet<RecordKey>();
        foreach (var text in places)
            if (Resolve(text)?.Division is { } division) AddKeys(keys, division, tier);
        return keys;
    }

    /// <summary>
    /// The keys of the regions where a told dialect is spoken (湖南话 → 湖南), as broad as their divisions; none for
    /// a dialect spoken everywhere (普通话) or not known.
    /// </summary>
    public static IEnumerable<RecordKey> OfDialect(string? told, int tier)
    {
        var keys = new HashSet<RecordKey>();
        if (string.IsNullOrWhiteSpace(told) || Dialects.Shared.Find(told) is not { SpokenEverywhere: false } dialect) return keys;
        foreach (var region in dialect.Regions)
        {
            keys.Add(region.Level switch
            {
                DivisionLevel.County => new RecordKey("c:" + region.Code, tier),
                DivisionLevel.Prefecture => new RecordKey("p:" + region.Code, tier),
                _ => new RecordKey("v:" + region.Code, tier),
            });
        }
        return keys;
    }

    private static void AddKeys(HashSet<RecordKey> keys, Division division, int tier)
    {
        if (division.Level == DivisionLevel.County)
        {
            keys.Add(new RecordKey("c:" + division.Code, tier));
            // A municipality's district hangs under the province: the municipality is its prefecture.
            keys.Add(new RecordKey("p:" + (division.Prefecture ?? division.Parent!).Code, tier + 1));
        }
        else if (division.Level == DivisionLevel.Prefecture)
        {
            keys.Add(new RecordKey("p:" + division.Code, tier + 1));
        }
        keys.Add(new RecordKey("v:" + division.Province.Code, tier + 2));
    }

    private static ResolvedPlace? Resolve(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Resolved.TryGetValue(text, out var cached)) return cached;
        // ConcurrentDictionary.Count takes every lock: the additions are counted here instead.
        if (Interlocked.Increment(ref _resolved) > CacheLimit)
        {
            Resolved.Clear();
            Interlocked.Exchange(ref _resolved, 0);
        }
        return Resolved[text] = Divisions.Shared.Resolve(text);
    }
}

/// <summary>
/// The mark keys of a record: body location and kind as written (左臂:疤痕). A mark seen on both sides is strong
/// evidence and a key selects about one record in a hundred.
/// </summary>
internal static class MarkKeys
{
    public static IEnumerable<RecordKey> Of(IEnumerable<Scoring.BodyMark> marks) =>
        marks.Where(m => !string.IsNullOrWhiteSpace(m.BodyLocation))
            .Select(m => new RecordKey("m:" + m.BodyLocation.Trim() + ":" + m.Kind.Trim(), 0))
            .Distinct();
}

/// <summary>Keys → record ids, with each record's keys kept so that removing a record is as cheap as adding it.</summary>
internal sealed class KeyIndex
{
    private readonly Dictionary<string, HashSet<Guid>> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, RecordKey[]> _keys = [];

    public void Set(Guid id, IEnumerable<RecordKey> keys)
    {
        Remove(id);
        var array = keys.ToArray();
        if (array.Length == 0) return;
        _keys[id] = array;
        foreach (var key in array)
        {
            if (!_records.TryGetValue(key.Value, out var set)) _records[key.Value] = set = [];
            set.Add(id);
        }
    }

    public void Remove(Guid id)
    {
        if (!_keys.Remove(id, out var keys)) return;
        foreach (var key in keys)
        {
            var set = _records[key.Value];
            set.Remove(id);
            if (set.Count == 0) _records.Remove(key.Value);
        }
    }

    /// <summary>Records sharing a key, the most precise keys first; each record once.</summary>
    public IEnumerable<Guid> Lookup(IEnumerable<RecordKey> keys)
    {
        var seen = new HashSet<Guid>();
        foreach (var key in keys.OrderBy(k => k.Tier))
        {
            if (!_records.TryGetValue(key.Value, out var set)) continue;
            foreach (var id in set)
                if (seen.Add(id)) yield return id;
        }
    }
}
