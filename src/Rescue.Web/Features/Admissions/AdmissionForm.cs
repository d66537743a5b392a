using System.ComponentModel.DataAnnotations;
using Rescue.Web.Features.Reports;
using Rescue.Web.Hosting;

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

    [Range(0, 120)]
    public int? EstimatedAgeMin { get; set; }

    [Range(0, 120)]
    public int? EstimatedAgeMax { get; set; }

    [Range(30, 250)]
    public int? HeightCm { get; set; }

    [MaxLength(100)]
    public string? Build { get; set; }

    [MaxLength(100)]
    public string? Hair { get; set; }

    public List<Mark> Marks { get; set; } = [];

    [MaxLength(500)]
    public string? Tattoos { get; set; }

    [MaxLength(500)]
    public string? Clothing { get; set; }

    public List<Belonging> Belongings { get; set; } = [];

    [MaxLength(2000)]
    public string? HealthNotes { get; set; }

    [MaxLength(500)]
    public string? MentalState { get; set; }

    [MaxLength(500)]
    public string? Disability { get; set; }

    public bool Pregnant { get; set; }

    public bool Minor { get; set; }

    public bool? FingerprintsTaken { get; set; }

    [MaxLength(2000)]
    public string? Circumstances { get; set; }

    [MaxLength(2000)]
    public string? Contacts { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var (field, told) in Told())
        {
            var hasValue = !string.IsNullOrWhiteSpace(told.Value);
            if (told.Value?.Length > 200) yield return new("at most 200 characters", [field + ".value"]);
            if (told.Quality is DataQuality.Known or DataQuality.Partial && !hasValue)
                yield return new("marked known or partial, so give the value", [field + ".value"]);
            if (told.Quality is DataQuality.NotCollected or DataQuality.DoesNotKnow or DataQuality.Refused && hasValue)
                yield return new($"marked {told.Quality}, so leave the value empty (or mark it partial)", [field + ".value"]);
        }
        if (IdNumber.Quality == DataQuality.Known && IdNumber.Value is { } id && ResidentIdNumber.Problem(id) is { } problem)
            yield return new(problem, ["idNumber.value"]);
        if (EstimatedAgeMin > EstimatedAgeMax) yield return new("cannot be more than the estimated maximum age", [nameof(EstimatedAgeMin)]);
        if (DateOfBirth is { } dob && (dob.Year < 1900 || dob > DateOnly.FromDateTime(RequestValidation.Now(context).UtcDateTime))) yield return new("is not a plausible date of birth", [nameof(DateOfBirth)]);
        if (Sex == Sex.Male && Pregnant) yield return new("a person recorded as male cannot be marked pregnant", [nameof(Pregnant)]);
        for (var i = 0; i < Marks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Marks[i].BodyLocation) || Marks[i].BodyLocation.Length > 50) yield return new("say where on the body (up to 50 characters)", [$"marks[{i}].bodyLocation"]);
            if (string.IsNullOrWhiteSpace(Marks[i].Kind) || Marks[i].Kind.Length > 50) yield return new("say what kind of mark (up to 50 characters)", [$"marks[{i}].kind"]);
        }
        for (var i = 0; i < Belongings.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Belongings[i].Item) || Belongings[i].Item.Length > 100) yield return new("name the item (up to 100 characters)", [$"belongings[{i}].item"]);
            if (Belongings[i].Quantity is < 1 or > 10000) yield return new("must be between 1 and 10000", [$"belongings[{i}].quantity"]);
        }
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
        a.DateOfBirth = DateOfBirth ?? (IdNumber.Quality == DataQuality.Known ? ResidentIdNumber.BirthDate(IdNumber.Value ?? "") : null);
        a.EstimatedAgeMin = EstimatedAgeMin;
        a.EstimatedAgeMax = EstimatedAgeMax;
        a.HeightCm = HeightCm;
        a.Build = Trim(Build);
        a.Hair = Trim(Hair);
        a.Marks = Marks.Select(m => new Mark { BodyLocation = m.BodyLocation.Trim(), Kind = m.Kind.Trim(), Description = Trim(m.Description) }).ToList();
        a.Tattoos = Trim(Tattoos);
        a.Clothing = Trim(Clothing);
        a.Belongings = Belongings.Select(b => new Belonging { Item = b.Item.Trim(), Quantity = b.Quantity, Note = Trim(b.Note) }).ToList();
        a.HealthNotes = Trim(HealthNotes);
        a.MentalState = Trim(MentalState);
        a.Disability = Trim(Disability);
        a.Pregnant = Pregnant;
        // A minor needs escorting and special care: mark them whether staff ticked it or the age says so.
        a.Minor = Minor || EstimatedAgeMax < 18 || (a.DateOfBirth is { } dob && dob.AddYears(18) > today);
        a.FingerprintsTaken = FingerprintsTaken;
        a.Circumstances = Trim(Circumstances);
        a.Contacts = Trim(Contacts);
    }

    private static ToldValue Clean(ToldValue v, bool upper = false) =>
        new() { Quality = v.Quality, Value = Trim(upper ? v.Value?.ToUpperInvariant() : v.Value) };

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
