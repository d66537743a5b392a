using System.Collections.Concurrent;
using System.Text;

namespace Rescue.Search.Names;

/// <summary>Folding of Chinese text to one script, so that 劉德華 and 刘德华 (or 單 and 单) compare equal.</summary>
public static class ChineseScript
{
    private static readonly ConcurrentDictionary<Rune, string> Simplified = new();

    /// <summary>The text in simplified characters, through ICU's Traditional-Simplified transliterator.</summary>
    /// <remarks>
    /// Each character is folded once and kept (a call into ICU costs microseconds, a million notices are folded
    /// when the index loads); names need no phrase rules, so a character is folded on its own.
    /// </remarks>
    public static string ToSimplified(string text)
    {
        StringBuilder? folded = null;
        var at = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Pinyin.IsHan(rune))
            {
                var simplified = Simplified.GetOrAdd(rune, static r => IcuTransliterator.For("Traditional-Simplified").Transliterate(r.ToString()));
                if (folded is null && simplified != rune.ToString()) folded = new StringBuilder(text, 0, at, text.Length);
                folded?.Append(simplified);
            }
            else
            {
                folded?.Append(rune.ToString());
            }
            at += rune.Utf16SequenceLength;
        }
        return folded?.ToString() ?? text;
    }
}
