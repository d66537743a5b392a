using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Rescue.Search.Names;

/// <summary>One character of a name (or one Latin word) with its toneless, lower-case pinyin.</summary>
/// <param name="Text">The character as written (after folding to simplified), or a Latin word in lower case.</param>
/// <param name="Reading">Its pinyin without tones, lower case, ü written v ("lv"); a Latin word reads as itself.</param>
public readonly record struct Syllable(string Text, string Reading);

/// <summary>
/// Pinyin of Chinese text through ICU's Han-Latin transliterator: toneless syllables, and the keys that find
/// homophones (张伟 and 章伟 both read "zhangwei").
/// </summary>
public static class Pinyin
{
    // Han-Latin reads 曾 ceng and 单 dan; its /Names variant gives surname readings (曾 zeng, 单 shan, 仇 qiu)
    // but applies them to the start of every word, so it is used on surnames only, as measured on ICU 72.
    private const string General = "Han-Latin";
    private const string Surnames = "Han-Latin/Names";
    private const int SurnameCacheLimit = 10_000;

    private static readonly ConcurrentDictionary<string, string> CharacterCache = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, Syllable[]> SurnameCache = new(StringComparer.Ordinal);

    private static int _surnamesCached;

    /// <summary>The ICU library that reads pinyin and its version, for diagnostics and benchmark reports.</summary>
    public static string Source => IcuLibrary.Description;

    /// <summary>The toneless pinyin of text in its ordinary reading (曾经 → ceng jing); Latin words stay as words.</summary>
    public static IReadOnlyList<string> Of(string text) => [.. SyllablesOf(text, asSurname: false).Select(s => s.Reading)];

    /// <summary>The toneless pinyin of a surname in its reading as a surname (曾 → zeng, 单 → shan, 尉迟 → yu chi).</summary>
    public static IReadOnlyList<string> OfSurname(string surname) => [.. SyllablesOf(surname, asSurname: true).Select(s => s.Reading)];

    /// <summary>The homophone key: the syllables joined without spaces ("zhangwei").</summary>
    public static string Key(IEnumerable<string> syllables) => string.Concat(syllables);

    /// <summary>
    /// A weaker key that also joins sounds often confused by speakers of southern dialects and by those who
    /// write down what they hear: zh/z, ch/c, sh/s, n/l at the start, and an/ang, en/eng, in/ing at the end.
    /// </summary>
    public static string NearKey(IEnumerable<string> syllables) => string.Concat(syllables.Select(NearReading));

    /// <summary>The syllable with the commonly confused sounds folded together ("zhang" → "zan", "ning" → "lin").</summary>
    public static string NearReading(string syllable)
    {
        var s = syllable;
        if (s.StartsWith("zh", StringComparison.Ordinal) || s.StartsWith("ch", StringComparison.Ordinal) || s.StartsWith("sh", StringComparison.Ordinal))
            s = s[0] + s[2..];
        else if (s.StartsWith('n') && s.Length > 1) s = "l" + s[1..];
        // "ang", "eng", "ing" lose their g; "ong" has no -n partner and stays.
        if (s.Length >= 3 && s.EndsWith("ng", StringComparison.Ordinal) && s[^3] is 'a' or 'e' or 'i') s = s[..^1];
        return s;
    }

    /// <summary>Each character of text with its reading; a run of Latin letters or digits is one syllable.</summary>
    internal static Syllable[] SyllablesOf(string text, bool asSurname)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        if (!asSurname) return Read(text, asSurname: false);
        // Surnames are few, and 万俟 (mo qi) reads differently from its characters alone: keep whole surnames.
        if (SurnameCache.TryGetValue(text, out var cached)) return cached;
        var syllables = Read(text, asSurname: true);
        // ConcurrentDictionary.Count takes every lock: count adds here instead.
        if (Interlocked.Increment(ref _surnamesCached) > SurnameCacheLimit)
        {
            SurnameCache.Clear();
            Interlocked.Exchange(ref _surnamesCached, 0);
        }
        SurnameCache[text] = syllables;
        return syllables;
    }

    private static Syllable[] Read(string text, bool asSurname)
    {
        var syllables = new List<Syllable>();
        var han = new List<string>();
        var word = new StringBuilder();

        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (IsHan(rune))
            {
                FlushWord();
                han.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                FlushHan();
                word.Append(rune.ToString());
            }
            else
            {
                FlushHan();
                FlushWord();
            }
        }
        FlushHan();
        FlushWord();
        return [.. syllables];

        void FlushWord()
        {
            if (word.Length == 0) return;
            var reading = Toneless(word.ToString());
            if (reading.Length > 0) syllables.Add(new Syllable(word.ToString().ToLowerInvariant(), reading));
            word.Clear();
        }

        void FlushHan()
        {
            if (han.Count == 0) return;
            var readings = asSurname ? ReadSurname(han) : [.. han.Select(ReadCharacter)];
            for (var i = 0; i < han.Count; i++) syllables.Add(new Syllable(han[i], readings[i]));
            han.Clear();
        }
    }

    /// <summary>
    /// One character in its ordinary reading. ICU's Han-Latin takes about 50 µs a character (measured here), far
    /// more than the rest of a comparison, so each character is read once and kept: the characters used in
    /// names are a few thousand. Read alone, a character loses ICU's few word rules (重庆 chong qing), which
    /// belong to words, not to names.
    /// </summary>
    private static string ReadCharacter(string character) =>
        CharacterCache.GetOrAdd(character, static c => Split(IcuTransliterator.For(General).Transliterate(c)) is [var one] ? one : Toneless(c));

    /// <summary>A surname read as a whole, so that compound surnames keep their own readings (万俟 mo qi).</summary>
    private static string[] ReadSurname(List<string> characters)
    {
        var transliterator = IcuTransliterator.For(Surnames);
        var readings = Split(transliterator.Transliterate(string.Concat(characters)));
        if (readings.Length == characters.Count) return readings;
        // The syllables do not line up one to a character: read each alone.
        return [.. characters.Select(c => Split(transliterator.Transliterate(c)) is [var one] ? one : Toneless(c))];
    }

    private static string[] Split(string latin) =>
        [.. latin.Split([' ', '\t', '\u00B7', '\''], StringSplitOptions.RemoveEmptyEntries).Select(Toneless).Where(s => s.Length > 0)];

    /// <summary>
    /// Lower case without tone marks; ü becomes v so that 吕 lv and 卢 lu stay apart (ICU's Latin-ASCII would
    /// turn both into lu).
    /// </summary>
    internal static string Toneless(string latin)
    {
        var decomposed = latin.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        for (var i = 0; i < decomposed.Length; i++)
        {
            var c = decomposed[i];
            if (c == '\u0308' && result.Length > 0 && result[^1] == 'u')
            {
                result[^1] = 'v';
                continue;
            }
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) result.Append(char.ToLowerInvariant(c));
            else if (char.IsLetterOrDigit(c)) result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }

    /// <summary>Whether a character is a Chinese character (CJK ideograph, its extensions or compatibility forms).</summary>
    internal static bool IsHan(Rune rune) => rune.Value switch
    {
        0x3007 => true, // 〇
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0x20000 and <= 0x323AF => true,
        _ => false,
    };
}
