using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Vocabulary;

/// <summary>How far a told value can be trusted (数据质量).</summary>
public enum DataQuality
{
    NotCollected = 0,
    Known = 1,
    Partial = 2,
    DoesNotKnow = 3,
    Refused = 4,
}

/// <summary>A value the person told, with its data-quality mark.</summary>
public sealed class ToldValue
{
    [MaxLength(FieldLimits.ToldValue)]
    public string? Value { get; set; }

    public DataQuality Quality { get; set; }

    /// <summary>
    /// How far the value can be trusted: a value typed without a mark counts as known (确知), so staff at the door
    /// type and go on; they mark it partial, not known or refused only when it is so.
    /// </summary>
    public static DataQuality QualityOf(ToldValue told) =>
        told.Quality == DataQuality.NotCollected && !TextRules.IsBlank(told.Value) ? DataQuality.Known : told.Quality;
}
