using System.Globalization;
using System.Text;

namespace Rescue.Web.Vocabulary;

/// <summary>
/// What any text a person or a partner system sends must be: no control characters (line breaks and tabs only in
/// free text), no invisible direction overrides, no broken surrogates; and how its length is counted (characters,
/// as PostgreSQL's varchar counts them, so 60 characters from CJK Extension B are 60, not 120).
/// </summary>
public static class TextRules
{
    /// <summary>
    /// A number as those who may not read it see it: <paramref name="keep"/> characters at each end, the rest starred;
    /// all starred when it is too short to hide anything.
    /// </summary>
    public static string Masked(string value, int keep)
    {
        var text = value.Trim();
        return text.Length <= 2 * keep ? new string('*', text.Length) : text[..keep] + new string('*', text.Length - 2 * keep) + text[^keep..];
    }

    /// <summary>Characters, counted as Unicode code points; a broken surrogate counts as one.</summary>
    public static int Length(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            count++;
        }
        return count;
    }

    /// <summary>True when the text shows nothing: empty, spaces, or only invisible characters (zero-width spaces, joiners, fillers).</summary>
    public static bool IsBlank(string? text)
    {
        if (text is null) return true;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !IsInvisible(c)) return false;
        }
        return true;
    }

    /// <summary>What is wrong with the characters of <paramref name="text"/>: a message key of UiText, or null when nothing is.</summary>
    public static string? Problem(string text, bool freeText)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return "Err.Text.Broken";
            }
            if (c is '\n' or '\r' or '\t')
            {
                if (!freeText) return "Err.Text.LineBreak";
                continue;
            }
            if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF') return "Err.Text.Control";
            if (IsDirectionOverride(c)) return "Err.Text.Direction";
        }
        return null;
    }

    /// <summary>Removes what <see cref="Problem"/> refuses, for lenient intake of optional free text from other systems.</summary>
    public static string Clean(string text, bool freeText)
    {
        if (Problem(text, freeText) is null) return text;
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value is '\n' or '\r' or '\t')
            {
                clean.Append(freeText ? (char)value : ' ');
                continue;
            }
            if (Rune.IsControl(rune) || value is 0xFFFE or 0xFFFF || (value <= char.MaxValue && IsDirectionOverride((char)value))) continue;
            clean.Append(rune.ToString());
        }
        return clean.ToString();
    }

    // Embeddings, overrides and isolates can make a name read differently from what is stored (U+202E).
    private static bool IsDirectionOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800' or '\u180E';
}
