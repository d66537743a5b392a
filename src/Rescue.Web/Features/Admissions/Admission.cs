using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Components;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Changes;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Admissions;

/// <summary>One stay at the station (入站登记 / 救助记录), from reception to exit.</summary>
public class Admission
{
    public Guid Id { get; set; }

    /// <summary>The station-unique case number, e.g. JZ-2026-000123.</summary>
    public string CaseNumber { get; set; } = "";

    /// <summary>The individual across visits (repeat admissions, 人次, are common).</summary>
    public Guid PersonId { get; set; }

    public Person Person { get; set; } = null!;

    /// <summary>The discovery report the person came with, if any.</summary>
    public Guid? ReportId { get; set; }

    public DateTimeOffset AdmittedAt { get; set; }

    /// <summary>In the station or gone; how the stay ended is its <c>StayExit</c>.</summary>
    public AdmissionStatus Status { get; set; } = AdmissionStatus.InStation;

    /// <summary>Where the stay is on its way from reception to settlement (<c>Features/Cases/StayStages</c>).</summary>
    public StayStage Stage { get; set; } = StayStage.Reception;

    /// <summary>Where a stranded person is cared for, as the stranded review decided.</summary>
    public Placement? Placement { get; set; }

    // Identity as told: each value with how far it can be trusted.
    public ToldValue Name { get; set; } = new();

    public ToldValue Aliases { get; set; } = new();

    /// <summary>The ID number as told: its value is kept sealed (<see cref="SealedIdNumber"/>), its quality as it is.</summary>
    public ToldValue IdNumber { get; set; } = new();

    /// <summary>The ID number's value as stored, sealed by <see cref="SealedFields"/>; <see cref="Seal"/> and <see cref="Open"/> keep it with <see cref="IdNumber"/>.</summary>
    public string? SealedIdNumber { get; set; }

    /// <summary>The keyed hash the ID number is found by (<see cref="SealedFields.IdLookup"/>).</summary>
    public byte[]? IdNumberLookup { get; set; }

    public ToldValue HukouPlace { get; set; } = new();

    public ToldValue Residence { get; set; } = new();

    public ToldValue Dialect { get; set; } = new();

    public ToldValue Language { get; set; } = new();

    public Sex Sex { get; set; }

    public DateOnly? DateOfBirth { get; set; }

    public int? EstimatedAgeMin { get; set; }

    public int? EstimatedAgeMax { get; set; }

    public int? HeightCm { get; set; }

    public string? Build { get; set; }

    public string? Hair { get; set; }

    public List<Mark> Marks { get; set; } = [];

    public string? Tattoos { get; set; }

    public string? Clothing { get; set; }

    /// <summary>The inventory to be returned at exit.</summary>
    public List<Belonging> Belongings { get; set; } = [];

    /// <summary>Health as observed and told; stored sealed (<see cref="SealedHealthNotes"/>).</summary>
    public string? HealthNotes { get; set; }

    public string? SealedHealthNotes { get; set; }

    public string? MentalState { get; set; }

    public string? Disability { get; set; }

    public bool Pregnant { get; set; }

    public bool Minor { get; set; }

    /// <summary>
    /// Staff judge that publishing the person's face could put them at risk (trafficking, violence at home, a pursuer):
    /// their family-search announcement needs a second case officer's approval, as a minor's does.
    /// </summary>
    public bool AtRisk { get; set; }

    public bool? FingerprintsTaken { get; set; }

    /// <summary>
    /// Staff judged (at the reception check or later) that the person cannot travel alone (illness, disability, mental
    /// state): like a minor, they leave only escorted (接送返回).
    /// </summary>
    public bool CannotTravelAlone { get; set; }

    /// <summary>Cause and course of vagrancy as told (流浪原因及经过).</summary>
    public string? Circumstances { get; set; }

    /// <summary>Relatives and contacts as told.</summary>
    public string? Contacts { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the personal data of this stay was removed, years after the exit (<c>Features/Retention</c>).</summary>
    public DateTimeOffset? DeidentifiedAt { get; set; }

    /// <summary>
    /// Removes what identifies the person and keeps what the statistics count: the admission day, sex, the age then
    /// (a date of birth becomes the age at admission), how they came and the flags the figures group by.
    /// </summary>
    public void Deidentify(DateTimeOffset at, DateOnly admittedOn)
    {
        if (DateOfBirth is { } dob) EstimatedAgeMin = EstimatedAgeMax = AgeOn(dob, admittedOn);
        DateOfBirth = null;
        Name = new();
        Aliases = new();
        IdNumber = new();
        SealedIdNumber = null;
        IdNumberLookup = null;
        SealedHealthNotes = null;
        HukouPlace = new();
        Residence = new();
        Dialect = new();
        Language = new();
        Build = Hair = Tattoos = Clothing = HealthNotes = MentalState = Disability = Circumstances = Contacts = null;
        Marks = [];
        Belongings = [];
        DeidentifiedAt = UpdatedAt = at;
    }

    /// <summary>
    /// A stay whose identity is not established: the person was never identified (a notice confirmed) and told no ID
    /// number staff marked as known (the admission form refuses a known ID number that is not valid). The one rule the
    /// announcements (drafts, withdrawals, the public board) and the deadlines follow.
    /// </summary>
    public static readonly Expression<Func<Admission, bool>> Unidentified = a =>
        a.Person.IdentifiedAt == null && !(a.IdNumber.Quality == DataQuality.Known && a.SealedIdNumber != null);

    private static readonly Func<Admission, bool> IsUnidentified = Unidentified.Compile();

    public static bool IdentityEstablished(Admission admission) => !IsUnidentified(admission);

    /// <summary>Seals the plain sensitive fields into the stored ones; the one writer calls it before saving.</summary>
    public void Seal(SealedFields fields)
    {
        SealedIdNumber = fields.Seal(SealedField.IdNumber, IdNumber.Value);
        IdNumberLookup = fields.IdLookup(IdNumber.Value);
        SealedHealthNotes = fields.Seal(SealedField.HealthNotes, HealthNotes);
    }

    /// <summary>Opens the stored sensitive fields into the plain ones, for a reader.</summary>
    public Admission Open(SealedFields fields)
    {
        IdNumber = new ToldValue { Value = fields.Open(SealedField.IdNumber, SealedIdNumber), Quality = IdNumber.Quality };
        HealthNotes = fields.Open(SealedField.HealthNotes, SealedHealthNotes);
        return this;
    }

    /// <summary>Whole years from <paramref name="dateOfBirth"/> to <paramref name="day"/>.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly day) =>
        day.Year - dateOfBirth.Year - (day < dateOfBirth.AddYears(day.Year - dateOfBirth.Year) ? 1 : 0);

    /// <summary>The youngest the person can be on <paramref name="day"/>: exact from the date of birth, else the estimate's lower end.</summary>
    public int? YoungestAgeOn(DateOnly day) => DateOfBirth is { } dob ? AgeOn(dob, day) : EstimatedAgeMin;

    /// <summary>A minor on <paramref name="day"/>: marked so, or under 18 by the date of birth or the estimate's lower end.</summary>
    public bool MinorOn(DateOnly day) => Minor || YoungestAgeOn(day) < 18;

    /// <summary>Which status may follow which: a stay ends once; a return is a new admission of the same person.</summary>
    public static readonly IReadOnlyDictionary<AdmissionStatus, AdmissionStatus[]> Transitions = new Dictionary<AdmissionStatus, AdmissionStatus[]>
    {
        [AdmissionStatus.InStation] = [AdmissionStatus.Exited],
        [AdmissionStatus.Exited] = [],
    };

    /// <summary>The person left the station (the exit's own record is the Exit feature's). Throws when the stay has ended already.</summary>
    public void Exit(DateTimeOffset now)
    {
        if (!Transitions[Status].Contains(AdmissionStatus.Exited))
        {
            throw new TransitionRefusedException(UiText.Format("Err.AdmissionStatusChange", UiText.Format("AdmissionStatus." + Status), UiText.Format("AdmissionStatus." + AdmissionStatus.Exited)));
        }
        Status = AdmissionStatus.Exited;
        UpdatedAt = now;
    }
}

public enum AdmissionStatus
{
    InStation = 1,
    Exited = 2,
}

internal sealed class AdmissionConfiguration : IEntityTypeConfiguration<Admission>
{
    public void Configure(EntityTypeBuilder<Admission> builder)
    {
        builder.Property(a => a.CaseNumber).HasMaxLength(AdmissionLimits.CaseNumber);
        builder.HasIndex(a => a.CaseNumber).IsUnique();
        builder.HasOne(a => a.Person).WithMany(p => p.Admissions).HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Placement).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Sex).HasConversion<string>().HasMaxLength(10);
        foreach (var told in new[] { nameof(Admission.Name), nameof(Admission.Aliases), nameof(Admission.IdNumber), nameof(Admission.HukouPlace), nameof(Admission.Residence), nameof(Admission.Dialect), nameof(Admission.Language) })
        {
            builder.ComplexProperty<ToldValue>(told, c =>
            {
                if (told == nameof(Admission.IdNumber)) c.Ignore(v => v.Value);
                else c.Property(v => v.Value).HasMaxLength(FieldLimits.ToldValue);
                c.Property(v => v.Quality).HasConversion<string>().HasMaxLength(20);
            });
        }
        // Sealed (Hosting/SealedFields): ciphertext in the columns the plain values had, the plain properties unmapped.
        builder.Property(a => a.SealedIdNumber).HasColumnName("IdNumber_Value");
        builder.HasIndex(a => a.IdNumberLookup);
        builder.Ignore(a => a.HealthNotes);
        builder.Property(a => a.SealedHealthNotes).HasColumnName(nameof(Admission.HealthNotes));
        builder.OwnsMany(a => a.Marks, m => m.ToJson());
        builder.OwnsMany(a => a.Belongings, b => b.ToJson());
        builder.Property(a => a.Build).HasMaxLength(AdmissionLimits.Build);
        builder.Property(a => a.Hair).HasMaxLength(AdmissionLimits.Hair);
        builder.Property(a => a.Tattoos).HasMaxLength(AdmissionLimits.Tattoos);
        builder.Property(a => a.Clothing).HasMaxLength(AdmissionLimits.Clothing);
        builder.Property(a => a.MentalState).HasMaxLength(AdmissionLimits.MentalState);
        builder.Property(a => a.Disability).HasMaxLength(AdmissionLimits.Disability);
        builder.Property(a => a.Circumstances).HasMaxLength(AdmissionLimits.Circumstances);
        builder.Property(a => a.Contacts).HasMaxLength(AdmissionLimits.Contacts);
        builder.Property(a => a.CreatedBy).HasMaxLength(FieldLimits.ActorId);
        builder.HasIndex(a => a.AdmittedAt);
        builder.HasIndex(a => a.Status);
        // The public set's version (PublicAnnouncements.VersionAsync) reads the latest change.
        builder.HasIndex(a => a.UpdatedAt);
        builder.HasIndex(a => a.ReportId);
    }
}
