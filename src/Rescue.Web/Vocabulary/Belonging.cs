using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Vocabulary;

/// <summary>One item of the belongings inventory.</summary>
public sealed class Belonging
{
    [Required, MaxLength(FieldLimits.BelongingItem)]
    public string Item { get; set; } = "";

    [Range(1, FieldLimits.BelongingQuantity)]
    public int Quantity { get; set; } = 1;

    [MaxLength(FieldLimits.BelongingNote)]
    public string? Note { get; set; }
}
