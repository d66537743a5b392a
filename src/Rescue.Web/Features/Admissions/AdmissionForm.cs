using System.ComponentModel.DataAnnotations;
using Rescue.Web.Components;
using Rescue.Web.Features.Reports;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Admissions;

/// <summary>What station staff record at registration (登记); used to create and to update an admission.</summary>
public sealed class AdmissionForm : IValidatableObject
{
    /// <summary>The discovery report the person came with (its photos are attached too).</summary>
    public Guid? ReportId { get; set; }

    /// <summary>An earlier person this admission is the same individual as (repeat visit).</summary>
    public Guid? PersonId { get; set; }

    public DateTimeOffset? AdmittedAt { get; set; }

    public ToldValue Name { get; set; } = new();

    public ToldValue Aliases { get; set; } = new();

    public ToldValue IdNumber { get; set; } = new();

    public ToldValue HukouPlace { get; set; } = new();

    public ToldValue Residence { get; set; } = new();

    public ToldValue Dialect { get; set; } = new();

    public ToldValue Language { get; set; } = new();

    public Sex Sex { get; set; }

    public DateOnly? DateOfBirth { get; set; }

    [Range(0, FieldLimits.MaxAge)]
    public int? EstimatedAgeMin { get; set; }

    [Range(0, FieldLimits.MaxAge)]
    public int? EstimatedAgeMax { get; set; }

    [Range(FieldLimits.MinHeightCm, FieldLimits.MaxHeightCm)]
    public int? HeightCm { get; set; }

    [MaxLength(AdmissionLimits.Build)]
    public string? Build { get; set; }

    [MaxLength(AdmissionLimits.Hair)]
    public string? Hair { get; set; }

    [MaxLength(FieldLimits.Marks)]
    public List<Mark> Marks { get; set; } = [];

    [MaxLength(AdmissionLimits.Tattoos), FreeText]
    public string? Tattoos { get; set; }

    [MaxLength(AdmissionLimits.Clothing), FreeText]
    public string? Clothing { get; set; }

    [MaxLength(FieldLimits.Belongings)]
    public List<Belonging> Belongings { get; set; } = [];

    [MaxLength(AdmissionLimits.HealthNotes), FreeText]
    public string? HealthNotes { get; set; }

    [MaxLength(AdmissionLimits.MentalState), FreeText]
    public string? MentalState { get; set; }

    [MaxLength(AdmissionLimits.Disability), FreeText]
    public string? Disability { get; set; }

    public bool Pregnant { get; set; }

    public bool Minor { get; set; }

    public bool AtRisk { get; set; }

    public bool? FingerprintsTaken { get; set; }

    [MaxLength(AdmissionLimits.Circumstances), FreeText]
    public string? Circumstances { get; set; }

    [MaxLength(AdmissionLimits.Contacts), FreeText]
    public string? Contacts { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var (field, told) in Told())
        {
            var hasValue = !TextRules.IsBlank(told.Value);
            var quality = ToldValue.QualityOf(told);
            if (quality is DataQuality.Known or DataQuality.Partial && !hasValue)
                yield return new(UiText.Format("Err.Told.NeedsValue"), [field + ".value"]);
            if (quality is DataQuality.DoesNotKnow or DataQuality.Refused && hasValue)
                yield return new(UiText.Format("Err.Told.NoValue", UiText.Format("Quality." + quality)), [field + ".value"]);
        }
        if (ToldValue.QualityOf(IdNumber) == DataQuality.Known && IdNumber.Value is { } id && ResidentIdNumber.Problem(id) is { } problem)
            yield return new(problem, ["idNumber.value"]);
        var now = RequestValidation.Now(context);
        if (AdmittedAt > now.AddMinutes(10)) yield return new(UiText.Format("Err.Future"), [nameof(AdmittedAt)]);
        // The case number carries the year: an admission before the system's era is a typing error.
        if (AdmittedAt?.Year < 2000) yield return new(UiText.Format("Err.AdmittedTooEarly"), [nameof(AdmittedAt)]);
        if (EstimatedAgeMin > EstimatedAgeMax) yield return new(UiText.Format("Err.AgeMinMax"), [nameof(EstimatedAgeMin)]);
        if (DateOfBirth is { } dob && !FieldFormats.IsBirthDate(dob, RequestValidation.Today(context))) yield return new(UiText.Format("Err.DateOfBirth"), [nameof(DateOfBirth)]);
        if (Sex == Sex.Male && Pregnant) yield return new(UiText.Format("Err.MalePregnant"), [nameof(Pregnant)]);
    }

    public IEnumerable<(string Field, ToldValue Value)> Told() =>
    [
        ("name", Name), ("aliases", Aliases), ("idNumber", IdNumber), ("hukouPlace", HukouPlace),
        ("residence", Residence), ("dialect", Dialect), ("language", Language),
    ];

    /// <summary>Copies the editable fields onto the admission.</summary>
    public void ApplyTo(Admission a, DateOnly today)
    {
        a.Name = Clean(Name);
        a.Aliases = Clean(Aliases);
        a.IdNumber = Clean(IdNumber, upper: true);
        a.HukouPlace = Clean(HukouPlace);
        a.Residence = Clean(Residence);
        a.Dialect = Clean(Dialect);
        a.Language = Clean(Language);
        a.Sex = Sex;
        a.DateOfBirth = DateOfBirth ?? (a.IdNumber.Quality == DataQuality.Known ? ResidentIdNumber.BirthDate(IdNumber.Value ?? "") : null);
        a.EstimatedAgeMin = EstimatedAgeMin;
        a.EstimatedAgeMax = EstimatedAgeMax;
        a.HeightCm = HeightCm;
        a.Build = Trim(Build);
        a.Hair = Trim(Hair);
        a.Marks = Marks.Select(m => m.Trimmed()).ToList();
        a.Tattoos = Trim(Tattoos);
        a.Clothing = Trim(Clothing);
        a.Belongings = Belongings.Select(b => new Belonging { Item = b.Item.Trim(), Quantity = b.Quantity, Note = Trim(b.Note) }).ToList();
        a.HealthNotes = Trim(HealthNotes);
        a.MentalState = Trim(MentalState);
        a.Disability = Trim(Disability);
        a.Pregnant = Pregnant;
        // A minor needs escorting and special care: mark them whether staff ticked it or the age says so.
        a.Minor = Minor || EstimatedAgeMax < 18 || (a.DateOfBirth is { } dob && dob.AddYears(18) > today);
        a.AtRisk = AtRisk;
        a.FingerprintsTaken = FingerprintsTaken;
        a.Circumstances = Trim(Circumstances);
        a.Contacts = Trim(Contacts);
    }

    private static ToldValue Clean(ToldValue v, bool upper = false) =>
        new() { Quality = ToldValue.QualityOf(v), Value = Trim(upper ? v.Value?.ToUpperInvariant() : v.Value) };

    private static string? Trim(string? s) => TextRules.IsBlank(s) ? null : s!.Trim();
}
