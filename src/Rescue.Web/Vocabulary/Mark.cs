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
}
