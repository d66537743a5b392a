using System.Collections.Concurrent;
using System.Text;

namespace Rescue.Search.Names;

/// <summary>How a name as told is built: a full name, a given name alone, a nickname or a form of address.</summary>
public enum NameForm
{
    /// <summary>Surname and given name: 王建国, 欧阳娜娜.</summary>
    FullName,

    /// <summary>The given name alone (建国), or a two-character name that may be one.</summary>
    GivenNameOnly,

    /// <summary>A nickname around one character of the name: 小军, 阿军, 军娃, 军子, 军军, 大军, 二娃.</summary>
    Nickname,

    /// <summary>A form of address by surname: 老王.</summary>
    AddressBySurname,

    /// <summary>A name of several parts with a middle dot (买买提·艾力), or a name written in Latin letters.</summary>
    Transcribed,
}

/// <summary>One way to read a name as told; a name can have several (明华: surname 明, or the given name 明华).</summary>
/// <param name="Form">How the name is built in this reading.</param>
/// <param name="Surname">The surname's characters with their readings as a surname (曾 zeng); empty when not told.</param>
/// <param name="GivenName">The given name's characters; for a transcribed name, its first part.</param>
/// <param name="Whole">Every character of the name in order, the surname in its surname reading.</param>
/// <param name="Core">For a nickname or form of address, the character taken from the real name (小军 → 军).</param>
/// <param name="CoreMayBeSurname">Whether the core may be the surname: 小王 and 阿王 address by surname, 军娃 does not.</param>
public sealed record NameReading(
    NameForm Form,
    IReadOnlyList<Syllable> Surname,
    IReadOnlyList<Syllable> GivenName,
    IReadOnlyList<Syllable> Whole,
    Syllable? Core = null,
    bool CoreMayBeSurname = false)
{
    /// <summary>The surname as written ("" when not told).</summary>
    public string SurnameText => string.Concat(Surname.Select(s => s.Text));

    /// <summary>The given name as written ("" when not told).</summary>
    public string GivenNameText => string.Concat(GivenName.Select(s => s.Text));

    /// <summary>The whole name's homophone key ("zhangwei").</summary>
    public string Key { get; } = Pinyin.Key(Whole.Select(s => s.Reading));

    /// <summary>The whole name's near-homophone key (<see cref="Pinyin.NearKey"/>).</summary>
    public string NearKey { get; } = Pinyin.NearKey(Whole.Select(s => s.Reading));
}

/// <summary>
/// A Chinese name as told on a notice or at admission, parsed into surname and given name (or a nickname or
/// form of address), folded to simplified characters, with the pinyin of every character.
/// </summary>
public sealed class ChineseName
{
    private const int CacheLimit = 100_000;

    private static readonly ConcurrentDictionary<string, ChineseName> Cache = new(StringComparer.Ordinal);

    private static int _cached;

    private static readonly char[] MiddleDots = ['·', '•', '‧', '・', '･', '.', '。'];

    private static readonly HashSet<string> FamiliarPrefixes = ["小", "阿"];

    private static readonly HashSet<string> RankPrefixes = ["大", "二", "三"];

    private static readonly HashSet<string> NicknameSuffixes = ["娃", "子", "仔", "儿", "妹"];

    private ChineseName(string text, string written, string folded, IReadOnlyList<NameReading> readings)
    {
        Text = text;
        Written = written;
        Folded = folded;
        Readings = readings;
    }

    /// <summary>No name at all.</summary>
    public static ChineseName Empty { get; } = new("", "", "", []);

    /// <summary>The name as told, trimmed, with full-width letters made ordinary (NFKC).</summary>
    public string Text { get; }

    /// <summary>The name in simplified characters and lower case, without spaces or middle dots.</summary>
    public string Folded { get; }

    /// <summary>The ways this name can be read, the likeliest first; none for an empty name.</summary>
    public IReadOnlyList<NameReading> Readings { get; }

    /// <summary>Whether nothing usable was told.</summary>
    public bool IsEmpty => Readings.Count == 0;

    /// <summary>The likeliest reading, or null for an empty name.</summary>
    public NameReading? Primary => Readings.Count > 0 ? Readings[0] : null;

    /// <summary>The surname in the likeliest reading ("" when none was told).</summary>
    public string Surname => Primary?.SurnameText ?? "";

    /// <summary>The given name in the likeliest reading.</summary>
    public string GivenName => Primary?.GivenNameText ?? "";

    /// <summary>The text without spaces, for "same characters".</summary>
    internal string Written { get; }

    /// <summary>Parses a name as told; null, blank or punctuation-only text gives <see cref="Empty"/>.</summary>
    public static ChineseName Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Empty;
        if (Cache.TryGetValue(text, out var cached)) return cached;
        var name = Build(text);
        // ConcurrentDictionary.Count takes every lock, which costs more than parsing: count adds here instead.
        if (Interlocked.Increment(ref _cached) > CacheLimit)
        {
            Cache.Clear();
            Interlocked.Exchange(ref _cached, 0);
        }
        Cache[text] = name;
        return name;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static ChineseName Build(string raw)
    {
        var text = string.Join(' ', raw.Normalize(NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var written = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var simplified = ChineseScript.ToSimplified(text);
        var folded = string.Concat(simplified.Where(c => char.IsLetterOrDigit(c) || char.IsSurrogate(c))).ToLowerInvariant();
        if (folded.Length == 0) return Empty;
        return new ChineseName(text, written, folded, ReadingsOf(simplified));
    }

    private static List<NameReading> ReadingsOf(string simplified)
    {
        var parts = simplified.Split(MiddleDots, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => Pinyin.SyllablesOf(part, asSurname: false))
            .Where(part => part.Length > 0)
            .ToList();
        if (parts.Count == 0) return [];

        var units = parts.SelectMany(p => p).ToArray();
        var han = units.Any(u => u.Text.EnumerateRunes().Any(Pinyin.IsHan));
        // 买买提·艾力: a personal name and the father's name, not a Chinese surname and given name.
        if (parts.Count > 1 && han) return [new NameReading(NameForm.Transcribed, [.. parts.Skip(1).SelectMany(p => p)], parts[0], [.. parts.SelectMany(p => p)])];

        if (!han) return LatinReadings(units);
        return HanReadings(units);
    }

    /// <summary>"Zhang Wei" or "Wei Zhang": the order of a name in Latin letters is not known, so both are kept.</summary>
    private static List<NameReading> LatinReadings(Syllable[] words)
    {
        var readings = new List<NameReading> { new(NameForm.Transcribed, [], [], words) };
        if (words.Length > 1) readings.Add(new NameReading(NameForm.Transcribed, [], [], [words[^1], .. words[..^1]]));
        return readings;
    }

    private static List<NameReading> HanReadings(Syllable[] units)
    {
        var n = units.Length;
        var c = units.Select(u => u.Text).ToArray();
        var full = new List<NameReading>();
        var nicknames = new List<NameReading>();
        var givenOnly = new List<NameReading>();

        if (n == 2)
        {
            if (FamiliarPrefixes.Contains(c[0])) nicknames.Add(Nickname(units, units[1], coreMayBeSurname: true));
            else if (c[0] == "老") nicknames.Add(new NameReading(NameForm.AddressBySurname, [], [], units, units[1], CoreMayBeSurname: true));
            else if (RankPrefixes.Contains(c[0])) nicknames.Add(Nickname(units, units[1], coreMayBeSurname: false));
            else if (NicknameSuffixes.Contains(c[1])) nicknames.Add(Nickname(units, units[0], coreMayBeSurname: false));
            if (c[0] == c[1]) nicknames.Add(Nickname(units, units[0], coreMayBeSurname: false));
        }

        var surnameLength = n >= 3 && ChineseSurnames.IsCompound(c[0] + c[1]) ? 2
            : n >= 2 && ChineseSurnames.IsSingle(c[0]) ? 1
            // Three characters or more are almost always a surname and a given name, even a rare surname.
            : n >= 3 && nicknames.Count == 0 ? 1
            : 0;
        if (surnameLength > 0)
        {
            var surname = Pinyin.SyllablesOf(string.Concat(c[..surnameLength]), asSurname: true);
            if (surname.Length != surnameLength) surname = units[..surnameLength];
            full.Add(new NameReading(NameForm.FullName, surname, units[surnameLength..], [.. surname, .. units[surnameLength..]]));
        }

        // 建国 is a given name told alone; 王芳 starts with a common surname and is not. 小军 may be either a
        // nickname or the given name of 王小军, so it keeps both readings.
        if (n <= 3 && surnameLength != 2 && (n == 1 || !ChineseSurnames.IsCommon(c[0])))
            givenOnly.Add(new NameReading(NameForm.GivenNameOnly, [], units, units));

        return [.. full, .. nicknames, .. givenOnly];
    }

    private static NameReading Nickname(Syllable[] units, Syllable core, bool coreMayBeSurname) =>
        new(NameForm.Nickname, [], [], units, core, coreMayBeSurname);
}
