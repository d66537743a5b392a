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
    [MaxLength(NoticeLimits.ReporterName)]
    public string? ReporterName { get; set; }

    [MaxLength(NoticeLimits.ReporterRelationship)]
    public string? ReporterRelationship { get; set; }

    [MaxLength(NoticeLimits.ReporterPhone), PhoneNumber]
    public string? ReporterPhone { get; set; }

    public bool ReporterIdentityChecked { get; set; }

    [Required, MaxLength(NoticeLimits.MissingPersonName)]
    public string MissingPersonName { get; set; } = "";

    [MaxLength(FieldLimits.OtherNames)]
    public List<string> OtherNames { get; set; } = [];

    public Sex Sex { get; set; }

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    [MaxLength(NoticeLimits.DateOfBirth)]
    public string? DateOfBirth { get; set; }

    [Range(0, FieldLimits.MaxAge)]
    public int? AgeAtDisappearance { get; set; }

    public DateOnly? LastSeenOn { get; set; }

    [MaxLength(NoticeLimits.LastSeenPlace)]
    public string? LastSeenPlace { get; set; }

    [MaxLength(FieldLimits.DivisionCode), DivisionCode]
    public string? LastSeenDivisionCode { get; set; }

    [Range(FieldLimits.MinHeightCm, FieldLimits.MaxHeightCm)]
    public int? HeightCm { get; set; }

    [MaxLength(NoticeLimits.Build)]
    public string? Build { get; set; }

    [MaxLength(FieldLimits.Marks)]
    public List<Mark> Marks { get; set; } = [];

    [MaxLength(NoticeLimits.Dialect)]
    public string? Dialect { get; set; }

    [MaxLength(NoticeLimits.Hometown)]
    public string? Hometown { get; set; }

    public Disabilities Disabilities { get; set; }

    [MaxLength(NoticeLimits.Clothing), FreeText]
    public string? Clothing { get; set; }

    [MaxLength(NoticeLimits.Circumstances), FreeText]
    public string? Circumstances { get; set; }

    [MaxLength(NoticeLimits.PoliceCaseNumber)]
    public string? PoliceCaseNumber { get; set; }

    /// <summary>The year each uploaded photo was taken, in the order of the photos (null where unknown).</summary>
    [MaxLength(PhotoAttachments.MaxPerUpload)]
    public List<int?> PhotoYears { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        var today = RequestValidation.Today(context);
        var dob = PartialDate.Parse(DateOfBirth);
        if (!TextRules.IsBlank(DateOfBirth) && (dob is null || !FieldFormats.IsBirthDate(dob.Earliest, today)))
            yield return new(UiText.Format("Err.PartialDate"), [nameof(DateOfBirth)]);
        if (dob is not null && LastSeenOn is { } seen && dob.Year > seen.Year)
            yield return new(UiText.Format("Err.BeforeBirth"), [nameof(LastSeenOn)]);
        if (LastSeenOn > FieldFormats.LatestSeen(today)) yield return new(UiText.Format("Err.FutureDate"), [nameof(LastSeenOn)]);
        if (LastSeenOn < FieldFormats.EarliestSeen) yield return new(UiText.Format("Err.Date.Absurd"), [nameof(LastSeenOn)]);
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
        n.Marks = Marks.Select(m => m.Trimmed()).ToList();
        n.Dialect = Trim(Dialect);
        n.Hometown = Trim(Hometown);
        n.Disabilities = Disabilities;
        n.Clothing = Trim(Clothing);
        n.Circumstances = Trim(Circumstances);
        n.PoliceCaseNumber = Trim(PoliceCaseNumber);
    }

    private static string? Trim(string? s) => TextRules.IsBlank(s) ? null : s!.Trim();
}
