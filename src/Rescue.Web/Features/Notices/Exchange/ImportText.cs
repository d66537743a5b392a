using System.Text;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// Text as other systems send it: lengths in characters (Unicode code points, as PostgreSQL's varchar and
/// <see cref="Vocabulary.FieldLimits"/> count them, not UTF-16 units), and control characters (lone surrogates among them).
/// </summary>
internal static class ImportText
{
    /// <summary>The length in code points: a character outside the BMP (many rare Chinese names) counts once.</summary>
    public static int Length(string text) => text.Length <= 1 || !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? text.Length : text.EnumerateRunes().Count();

    public static bool Longer(string text, int limit) => text.Length > limit && Length(text) > limit;

    /// <summary>The first <paramref name="limit"/> code points, never half a surrogate pair.</summary>
    public static string Cut(string text, int limit)
    {
        if (!Longer(text, limit)) return text;
        var units = 0;
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == limit) break;
            units += rune.Utf16SequenceLength;
        }
        return text[..units].TrimEnd();
    }

    /// <summary>
    /// Whether the text holds a control character (NUL, escape, C1 controls…); tab and line breaks count only when
    /// <paramref name="allowLayout"/> is false, as in names and ids, which are one line.
    /// </summary>
    public static bool HasControl(string text, bool allowLayout) =>
        ((text.AsSpan().ContainsAnyInRange('\0', '\u001F') || text.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
            && text.Any(c => char.IsControl(c) && !(allowLayout && c is '\t' or '\n' or '\r')))
        || (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && Enumerable.Range(0, text.Length).Any(i => IsLoneSurrogate(text, i)));

    /// <summary>The text without its control characters and lone surrogates, keeping tabs and line breaks.</summary>
    public static string WithoutControls(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((!char.IsControl(c) || c is '\t' or '\n' or '\r') && !IsLoneSurrogate(text, i)) kept.Append(c);
        }
        return kept.ToString();
    }

    /// <summary>
    /// Half of a surrogate pair, which no Unicode encoding can hold and PostgreSQL refuses (the write would fail): an XML
    /// character reference such as <c>&amp;#xD800;</c> makes one.
    /// </summary>
    private static bool IsLoneSurrogate(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])
        : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
}
