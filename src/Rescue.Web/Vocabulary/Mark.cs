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
}
