using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// A deadline the rules put on a stay (a task): created by <see cref="CaseDeadlines"/> from an event, owned by a role,
/// and closed by the work it asks for. One task of a kind per stay.
/// </summary>
public class CaseTask
{
    public Guid Id { get; set; }

    public Guid AdmissionId { get; set; }

    public CaseTaskKind Kind { get; set; }

    /// <summary>The role whose inbox shows it.</summary>
    public string Role { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>A stay that ended or whose person was identified no longer needs it.</summary>
    public bool Cancelled { get; set; }
}

/// <summary>The deadlines of a stay, with the rule each comes from.</summary>
public enum CaseTaskKind
{
    /// <summary>Initial check within 24 hours of reception: refer to hospital or police when needed.</summary>
    ReceptionCheck = 1,

    /// <summary>Ask the police for a DNA sample and comparison within 7 working days of admission.</summary>
    DnaRequest = 2,

    /// <summary>The police's DNA result within one month of the request.</summary>
    DnaResult = 3,

    /// <summary>Decide the placement of a person stranded (滞留) at day 10: in-station care, outside placement or 特困供养.</summary>
    StrandedReview = 4,

    /// <summary>A person still unidentified at the settlement period (90 days): check eligibility and apply for a hukou.</summary>
    SettlementEligibility = 5,
}

internal sealed class CaseTaskConfiguration : IEntityTypeConfiguration<CaseTask>
{
    public void Configure(EntityTypeBuilder<CaseTask> builder)
    {
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.Role).HasMaxLength(30);
        builder.Property(t => t.ClosedBy).HasMaxLength(FieldLimits.ActorId);
        builder.HasIndex(t => new { t.AdmissionId, t.Kind }).IsUnique();
        // The inboxes: open tasks by due date.
        builder.HasIndex(t => t.DueAt).HasFilter("\"ClosedAt\" IS NULL");
    }
}

/// <summary>A DNA sample and comparison asked of the police (DNA 采集比对) for a stay: request, sample, result.</summary>
public class DnaRequest
{
    public Guid Id { get; set; }

    public Guid AdmissionId { get; set; }

    /// <summary>The police unit asked.</summary>
    public string PoliceUnit { get; set; } = "";

    /// <summary>The request's reference number, as the police give it.</summary>
    public string? Reference { get; set; }

    public DateOnly RequestedOn { get; set; }

    public DateOnly? SampleTakenOn { get; set; }

    public string? SampleTakenBy { get; set; }

    public DateOnly? ResultOn { get; set; }

    /// <summary>The police's answer: DNA status is sensitive, so it is stored sealed (<see cref="SealedResult"/>).</summary>
    public DnaResult? Result { get; set; }

    /// <summary><see cref="Result"/> as stored: its name sealed by <see cref="SealedFields"/>; null until the result came.</summary>
    [JsonIgnore]
    public string? SealedResult { get; set; }

    /// <summary>Seals the result for storing; the one writer calls it before saving.</summary>
    public void Seal(SealedFields fields) => SealedResult = fields.Seal(SealedField.DnaResult, Result?.ToString());

    /// <summary>Opens the stored result (a name: "Match", "NoMatch", "NoResult"), for a reader.</summary>
    public DnaRequest Open(SealedFields fields)
    {
        Result = fields.Open(SealedField.DnaResult, SealedResult) is { } name ? Enum.Parse<DnaResult>(name) : null;
        return this;
    }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Removes the sample's references and the result; when it was asked for stays.</summary>
    public void Deidentify()
    {
        Reference = SampleTakenBy = null;
        Result = null;
        SealedResult = null;
    }
}

/// <summary>What the police's comparison found. DNA status is sensitive: station roles only, every read audited.</summary>
public enum DnaResult
{
    /// <summary>A relative's sample matched: the identity is established.</summary>
    Match = 1,

    NoMatch = 2,

    /// <summary>The police answered without a comparison (no sample usable, no database access).</summary>
    NoResult = 3,
}

/// <summary>The length of each text field of a DNA request, declared once.</summary>
public static class DnaLimits
{
    public const int PoliceUnit = 100;
    public const int Reference = 50;
    public const int SampleTakenBy = 100;
}

internal sealed class DnaRequestConfiguration : IEntityTypeConfiguration<DnaRequest>
{
    public void Configure(EntityTypeBuilder<DnaRequest> builder)
    {
        builder.Property(d => d.PoliceUnit).HasMaxLength(DnaLimits.PoliceUnit);
        builder.Property(d => d.Reference).HasMaxLength(DnaLimits.Reference);
        builder.Property(d => d.SampleTakenBy).HasMaxLength(DnaLimits.SampleTakenBy);
        builder.Ignore(d => d.Result);
        builder.Property(d => d.SealedResult).HasColumnName(nameof(DnaRequest.Result));
        builder.Property(d => d.CreatedBy).HasMaxLength(FieldLimits.ActorId);
        builder.HasIndex(d => d.AdmissionId);
    }
}

/// <summary>Which role each task's deadline is for.</summary>
public static class CaseTaskRoles
{
    public static string Of(CaseTaskKind kind) => kind switch
    {
        CaseTaskKind.ReceptionCheck => Roles.StationStaff,
        _ => Roles.CaseOfficer,
    };
}
