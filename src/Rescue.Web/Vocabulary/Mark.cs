using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Vocabulary;

/// <summary>A mark or scar: where on the body and what kind (胎记、疤痕…).</summary>
public sealed class Mark
{
    [Required, MaxLength(FieldLimits.MarkBodyLocation)]
    public string BodyLocation { get; set; } = "";

    [Required, MaxLength(FieldLimits.MarkKind)]
    public string Kind { get; set; } = "";

    [MaxLength(FieldLimits.MarkDescription)]
    public string? Description { get; set; }

    /// <summary>The mark as stored: each part trimmed, a blank description none.</summary>
    public Mark Trimmed() => new() { BodyLocation = BodyLocation.Trim(), Kind = Kind.Trim(), Description = TextRules.IsBlank(Description) ? null : Description!.Trim() };

    /// <summary>The mark in one phrase, as announcements and printed forms write it: 左手背疤痕（约3厘米）.</summary>
    public string Described() => $"{BodyLocation}{Kind}{(string.IsNullOrWhiteSpace(Description) ? "" : "（" + Description + "）")}";

    /// <summary>What separates marks in one text (the notice import layout, docs/notice-import.md).</summary>
    private static readonly char[] ListSeparators = [';', '；', '\n', '\r'];

    /// <summary>
    /// Reads 部位:类型[:描述] entries (the notice import layout) as each entry's text and its mark, null when the
    /// entry is not in that form; the caller checks each mark's limits.
    /// </summary>
    public static IEnumerable<(string Entry, Mark? Mark)> ReadList(string text)
    {
        foreach (var entry in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Replace('：', ':').Split(':', 3, StringSplitOptions.TrimEntries);
            yield return (entry, parts.Length < 2 ? null : new Mark { BodyLocation = parts[0], Kind = parts[1], Description = parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null });
        }
    }
}
