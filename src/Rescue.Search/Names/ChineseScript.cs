using System.Text;

namespace Rescue.Search.Names;

/// <summary>Folding of Chinese text to one script, so that 劉德華 and 刘德华 (or 單 and 单) compare equal.</summary>
public static class ChineseScript
{
    /// <summary>The text in simplified characters, through ICU's Traditional-Simplified transliterator.</summary>
    public static string ToSimplified(string text)
    {
        // Most names are already simplified and many are Latin: skip ICU for text with no Chinese at all.
        if (!text.EnumerateRunes().Any(Pinyin.IsHan)) return text;
        return IcuTransliterator.For("Traditional-Simplified").Transliterate(text);
    }
}
