using System.ComponentModel.DataAnnotations;
using Rescue.Web.Components;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices;

/// <summary>What a case officer (or a family, on the public form) records about a missing person.</summary>
public sealed class NoticeForm : IValidatableObject
{
    [MaxLength(100)]
    public string? ReporterName { get; set; }

    [MaxLength(50)]
    public string? ReporterRelationship { get; set; }

    [MaxLength(30), RegularExpression(@"^[0-9+\- ]{3,30}$", ErrorMessage = "Err.Phone")]
    public string? ReporterPhone { get; set; }

    public bool ReporterIdentityChecked { get; set; }

    [Required, MaxLength(100)]
    public string MissingPersonName { get; set; } = "";

    [MaxLength(FieldLimits.OtherNames)]
    public List<string> OtherNames { get; set; } = [];

    public Sex Sex { get; set; }

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    [MaxLength(10)]
    public string? DateOfBirth { get; set; }

    [Range(0, 120)]
    public int? AgeAtDisappearance { get; set; }

    public DateOnly? LastSeenOn { get; set; }

    [MaxLength(200)]
    public string? LastSeenPlace { get; set; }

    [RegularExpression("^[0-9]{6}([0-9]{3}([0-9]{3})?)?$", ErrorMessage = "Err.DivisionCode")]
    public string? LastSeenDivisionCode { get; set; }

    [Range(30, 250)]
    public int? HeightCm { get; set; }

    [MaxLength(100)]
    public string? Build { get; set; }

    [MaxLength(FieldLimits.Marks)]
    public List<Mark> Marks { get; set; } = [];

    [MaxLength(100)]
    public string? Dialect { get; set; }

    [MaxLength(200)]
    public string? Hometown { get; set; }

    public Disabilities Disabilities { get; set; }

    [MaxLength(500), FreeText]
    public string? Clothing { get; set; }

    [MaxLength(4000), FreeText]
    public string? Circumstances { get; set; }

    [MaxLength(50)]
    public string? PoliceCaseNumber { get; set; }

    /// <summary>The year each uploaded photo was taken, in the order of the photos (null where unknown).</summary>
    [MaxLength(PhotoAttachments.MaxPerUpload)]
    public List<int?> PhotoYears { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        var today = RequestValidation.Today(context);
        var dob = PartialDate.Parse(DateOfBirth);
        if (!TextRules.IsBlank(DateOfBirth) && (dob is null || dob.Earliest > today))
            yield return new(UiText.Format("Err.PartialDate"), [nameof(DateOfBirth)]);
        if (dob is not null && LastSeenOn is { } seen && dob.Year > seen.Year)
            yield return new(UiText.Format("Err.BeforeBirth"), [nameof(LastSeenOn)]);
        // A day of tolerance: a family abroad may be a day ahead of the station.
        if (LastSeenOn > today.AddDays(1)) yield return new(UiText.Format("Err.FutureDate"), [nameof(LastSeenOn)]);
        if (LastSeenOn?.Year < 1900) yield return new(UiText.Format("Err.Date.Absurd"), [nameof(LastSeenOn)]);
        for (var i = 0; i < OtherNames.Count; i++)
        {
            if (TextRules.IsBlank(OtherNames[i]) || TextRules.Length(OtherNames[i]) > FieldLimits.OtherName)
                yield return new(UiText.Format("Err.OtherName", FieldLimits.OtherName), [$"otherNames[{i}]"]);
        }
        for (var i = 0; i < PhotoYears.Count; i++)
        {
            if (PhotoYears[i] is { } year && (year < 1900 || year > today.Year)) yield return new(UiText.Format("Err.PhotoYear"), [$"photoYears[{i}]"]);
        }
    }

    /// <summary>Copies the editable fields onto the notice.</summary>
    public void ApplyTo(MissingPersonNotice n)
    {
        n.ReporterName = Trim(ReporterName);
        n.ReporterRelationship = Trim(ReporterRelationship);
        n.ReporterPhone = Trim(ReporterPhone);
        n.ReporterIdentityChecked = ReporterIdentityChecked;
        n.MissingPersonName = MissingPersonName.Trim();
        n.OtherNames = OtherNames.Select(x => x.Trim()).Where(x => x.Length > 0).Distinct().ToList();
        n.Sex = Sex;
        n.DateOfBirth = PartialDate.Parse(DateOfBirth);
        n.AgeAtDisappearance = AgeAtDisappearance;
        n.LastSeenOn = LastSeenOn;
        n.LastSeenPlace = Trim(LastSeenPlace);
        n.LastSeenDivisionCode = Trim(LastSeenDivisionCode);
        n.HeightCm = HeightCm;
        n.Build = Trim(Build);
        n.Marks = Marks.Select(m => new Mark { BodyLocation = m.BodyLocation.Trim(), Kind = m.Kind.Trim(), Description = Trim(m.Description) }).ToList();
        n.Dialect = Trim(Dialect);
        n.Hometown = Trim(Hometown);
        n.Disabilities = Disabilities;
        n.Clothing = Trim(Clothing);
        n.Circumstances = Trim(Circumstances);
        n.PoliceCaseNumber = Trim(PoliceCaseNumber);
    }

    private static string? Trim(string? s) => TextRules.IsBlank(s) ? null : s!.Trim();
}
