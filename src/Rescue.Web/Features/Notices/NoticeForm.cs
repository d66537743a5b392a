using System.ComponentModel.DataAnnotations;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Reports;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Notices;

/// <summary>What a case officer (or a family, on the public form) records about a missing person.</summary>
public sealed class NoticeForm : IValidatableObject
{
    [MaxLength(100)]
    public string? ReporterName { get; set; }

    [MaxLength(50)]
    public string? ReporterRelationship { get; set; }

    [MaxLength(30), RegularExpression(@"^[0-9+\- ]{3,30}$", ErrorMessage = "digits, +, - and spaces only")]
    public string? ReporterPhone { get; set; }

    public bool ReporterIdentityChecked { get; set; }

    [Required, MaxLength(100)]
    public string MissingPersonName { get; set; } = "";

    public List<string> OtherNames { get; set; } = [];

    public Sex Sex { get; set; }

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    public string? DateOfBirth { get; set; }

    [Range(0, 120)]
    public int? AgeAtDisappearance { get; set; }

    public DateOnly? LastSeenOn { get; set; }

    [MaxLength(200)]
    public string? LastSeenPlace { get; set; }

    [RegularExpression("^[0-9]{6}([0-9]{3}([0-9]{3})?)?$", ErrorMessage = "a division code has 6, 9 or 12 digits")]
    public string? LastSeenDivisionCode { get; set; }

    [Range(30, 250)]
    public int? HeightCm { get; set; }

    [MaxLength(100)]
    public string? Build { get; set; }

    public List<Mark> Marks { get; set; } = [];

    [MaxLength(100)]
    public string? Dialect { get; set; }

    [MaxLength(200)]
    public string? Hometown { get; set; }

    public Disabilities Disabilities { get; set; }

    [MaxLength(500)]
    public string? Clothing { get; set; }

    [MaxLength(4000)]
    public string? Circumstances { get; set; }

    [MaxLength(50)]
    public string? PoliceCaseNumber { get; set; }

    /// <summary>The year each uploaded photo was taken, in the order of the photos (null where unknown).</summary>
    public List<int?> PhotoYears { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (!string.IsNullOrWhiteSpace(DateOfBirth) && PartialDate.Parse(DateOfBirth) is null)
            yield return new("write it as YYYY, YYYY-MM or YYYY-MM-DD, a real date", [nameof(DateOfBirth)]);
        if (PartialDate.Parse(DateOfBirth) is { } dob && LastSeenOn is { } seen && dob.Year > seen.Year)
            yield return new("cannot be before the date of birth", [nameof(LastSeenOn)]);
        var now = RequestValidation.Now(context);
        if (LastSeenOn > DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)))
            yield return new("cannot be in the future", [nameof(LastSeenOn)]);
        for (var i = 0; i < OtherNames.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(OtherNames[i]) || OtherNames[i].Length > 100) yield return new("a name of 1 to 100 characters", [$"otherNames[{i}]"]);
        }
        for (var i = 0; i < Marks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Marks[i].BodyLocation) || Marks[i].BodyLocation.Length > 50) yield return new("say where on the body (up to 50 characters)", [$"marks[{i}].bodyLocation"]);
            if (string.IsNullOrWhiteSpace(Marks[i].Kind) || Marks[i].Kind.Length > 50) yield return new("say what kind of mark (up to 50 characters)", [$"marks[{i}].kind"]);
        }
        for (var i = 0; i < PhotoYears.Count; i++)
        {
            if (PhotoYears[i] is { } year && (year < 1900 || year > now.Year)) yield return new("a year between 1900 and this year", [$"photoYears[{i}]"]);
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

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
