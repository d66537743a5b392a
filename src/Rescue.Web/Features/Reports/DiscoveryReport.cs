using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Components;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Reports;

/// <summary>A liaison's report of a person found in the field (主动发现报告), with the handover form (交接表).</summary>
public class DiscoveryReport
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Agency Agency { get; set; } = null!;

    /// <summary>The user id, or <c>apikey:ID</c> when an agency system filed it.</summary>
    public string FiledBy { get; set; } = "";

    public string OfficerName { get; set; } = "";

    public string? OfficerPhone { get; set; }

    public DateTimeOffset FoundAt { get; set; }

    public string PlaceText { get; set; } = "";

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>Administrative division code (行政区划代码) of the place found.</summary>
    public string? DivisionCode { get; set; }

    public HowFound HowFound { get; set; }

    public ReportDisposition Disposition { get; set; }

    /// <summary>The handover form's own number, when the agency numbers them.</summary>
    public string? HandoverFormNumber { get; set; }

    public DateTimeOffset? HandedOverAt { get; set; }

    public Sex Sex { get; set; }

    public int? EstimatedAgeMin { get; set; }

    public int? EstimatedAgeMax { get; set; }

    public string Description { get; set; } = "";

    public ImmediateNeeds Needs { get; set; }

    public ReportStatus Status { get; set; } = ReportStatus.Submitted;

    public Guid? AdmissionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Removes where exactly the person was found and how they were described; the agency, day, district and how they were found stay.</summary>
    public void Deidentify()
    {
        PlaceText = "";
        Latitude = Longitude = null;
        Description = "";
    }

    /// <summary>Which status may follow which: a submitted report is admitted or closed; a closed one may still be admitted.</summary>
    public static readonly IReadOnlyDictionary<ReportStatus, ReportStatus[]> Transitions = new Dictionary<ReportStatus, ReportStatus[]>
    {
        [ReportStatus.Submitted] = [ReportStatus.Admitted, ReportStatus.Closed],
        [ReportStatus.Admitted] = [],
        [ReportStatus.Closed] = [ReportStatus.Admitted],
    };

    /// <summary>The person came to the station: the report links the admission. Throws when the report cannot be admitted.</summary>
    public void Admit(Guid admissionId)
    {
        MoveTo(ReportStatus.Admitted);
        AdmissionId = admissionId;
    }

    /// <summary>Closed without an admission. Throws when the report is admitted already.</summary>
    public void Close() => MoveTo(ReportStatus.Closed);

    private void MoveTo(ReportStatus status)
    {
        if (!Transitions[Status].Contains(status))
        {
            throw new TransitionRefusedException(UiText.Format("Err.ReportStatusChange", UiText.Format("ReportStatus." + Status), UiText.Format("ReportStatus." + status)));
        }
        Status = status;
    }
}

public enum HowFound
{
    /// <summary>巡查.</summary>
    Patrol = 1,

    /// <summary>群众求助 / 举报.</summary>
    PublicCall = 2,

    /// <summary>110 转警.</summary>
    Transfer110 = 3,

    Other = 9,
}

public enum ReportDisposition
{
    /// <summary>护送来站.</summary>
    EscortedToStation = 1,

    /// <summary>引导来站 / 告知救助政策.</summary>
    Referred = 2,
}

public enum ReportStatus
{
    Submitted = 1,

    /// <summary>The station admitted the person; the report links the admission.</summary>
    Admitted = 2,

    /// <summary>Closed without an admission (declined help, referred elsewhere).</summary>
    Closed = 3,
}

/// <summary>What the person needs at once; the station prepares before they arrive.</summary>
[Flags]
public enum ImmediateNeeds
{
    None = 0,
    Medical = 1,
    Minor = 2,
    Disabled = 4,
    Elderly = 8,
    Pregnant = 16,
}

internal sealed class DiscoveryReportConfiguration : IEntityTypeConfiguration<DiscoveryReport>
{
    public void Configure(EntityTypeBuilder<DiscoveryReport> builder)
    {
        builder.ToTable("Reports");
        builder.HasOne(r => r.Agency).WithMany().HasForeignKey(r => r.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.FiledBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(r => r.OfficerName).HasMaxLength(ReportLimits.OfficerName);
        builder.Property(r => r.OfficerPhone).HasMaxLength(ReportLimits.OfficerPhone);
        builder.Property(r => r.PlaceText).HasMaxLength(ReportLimits.PlaceText);
        builder.Property(r => r.DivisionCode).HasMaxLength(FieldLimits.DivisionCode);
        builder.Property(r => r.HowFound).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Disposition).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.HandoverFormNumber).HasMaxLength(ReportLimits.HandoverFormNumber);
        builder.Property(r => r.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Description).HasMaxLength(ReportLimits.Description);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.AgencyId, r.CreatedAt });
        builder.HasIndex(r => r.Status);
    }
}
