using System.ComponentModel.DataAnnotations;
using Rescue.Web.Components;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>The public text and photos of an announcement as staff edit them (API and page).</summary>
public sealed class AnnouncementForm : IValidatableObject
{
    /// <summary>The name as told; empty means 无名氏.</summary>
    [MaxLength(FieldLimits.ToldValue)]
    public string? DisplayName { get; set; }

    public Sex Sex { get; set; }

    [Range(0, FieldLimits.MaxAge)]
    public int? AgeMin { get; set; }

    [Range(0, FieldLimits.MaxAge)]
    public int? AgeMax { get; set; }

    [Range(FieldLimits.MinHeightCm, FieldLimits.MaxHeightCm)]
    public int? HeightCm { get; set; }

    [MaxLength(AnnouncementLimits.Health)]
    public string? Health { get; set; }

    [MaxLength(AnnouncementLimits.Intellect)]
    public string? Intellect { get; set; }

    [MaxLength(AnnouncementLimits.MentalState)]
    public string? MentalState { get; set; }

    [MaxLength(AnnouncementLimits.Features), FreeText]
    public string? Features { get; set; }

    [MaxLength(AnnouncementLimits.Clothing), FreeText]
    public string? Clothing { get; set; }

    [MaxLength(FieldLimits.ToldValue)]
    public string? Dialect { get; set; }

    public DateOnly FoundOn { get; set; }

    [Required, MaxLength(AnnouncementLimits.FoundPlace)]
    public string FoundPlace { get; set; } = "";

    [MaxLength(FieldLimits.DivisionCode)]
    public string? FoundDivisionCode { get; set; }

    [MaxLength(AnnouncementLimits.Description), FreeText]
    public string? Description { get; set; }

    [Required, MaxLength(AnnouncementLimits.Contact), FreeText]
    public string Contact { get; set; } = "";

    /// <summary>The admission's photos to show, in order (their public derivatives only).</summary>
    [MaxLength(AnnouncementLimits.Photos)]
    public List<Guid> PhotoIds { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (AgeMin > AgeMax) yield return new(UiText.Format("Err.AgeMinMax"), [nameof(AgeMin)]);
        if (FoundOn > RequestValidation.Today(context)) yield return new(UiText.Format("Err.FutureDate"), [nameof(FoundOn)]);
        if (!string.IsNullOrEmpty(FoundDivisionCode) && !FieldFormats.IsDivisionCode(FoundDivisionCode))
            yield return new(UiText.Format("Err.DivisionCode"), [nameof(FoundDivisionCode)]);
        if (PhotoIds.Distinct().Count() != PhotoIds.Count) yield return new(UiText.Format("Err.Announcement.PhotoTwice"), [nameof(PhotoIds)]);
    }

    /// <summary>The form filled with what the announcement says now.</summary>
    public static AnnouncementForm From(Announcement a) => new()
    {
        DisplayName = a.DisplayName,
        Sex = a.Sex,
        AgeMin = a.AgeMin,
        AgeMax = a.AgeMax,
        HeightCm = a.HeightCm,
        Health = a.Health,
        Intellect = a.Intellect,
        MentalState = a.MentalState,
        Features = a.Features,
        Clothing = a.Clothing,
        Dialect = a.Dialect,
        FoundOn = a.FoundOn,
        FoundPlace = a.FoundPlace,
        FoundDivisionCode = a.FoundDivisionCode,
        Description = a.Description,
        Contact = a.Contact,
        PhotoIds = a.Photos.OrderBy(p => p.Position).Select(p => p.PhotoId).ToList(),
    };

    /// <summary>Copies the text onto the announcement; the photos are the registry's to check and set.</summary>
    public void ApplyTo(Announcement a)
    {
        a.DisplayName = Trim(DisplayName) ?? Announcement.Unnamed;
        a.Sex = Sex;
        a.AgeMin = AgeMin;
        a.AgeMax = AgeMax;
        a.HeightCm = HeightCm;
        a.Health = Trim(Health);
        a.Intellect = Trim(Intellect);
        a.MentalState = Trim(MentalState);
        a.Features = Trim(Features);
        a.Clothing = Trim(Clothing);
        a.Dialect = Trim(Dialect);
        a.FoundOn = FoundOn;
        a.FoundPlace = FoundPlace.Trim();
        a.FoundDivisionCode = Trim(FoundDivisionCode);
        a.Description = Trim(Description);
        a.Contact = Contact.Trim();
    }

    private static string? Trim(string? s) => TextRules.IsBlank(s) ? null : s!.Trim();
}
