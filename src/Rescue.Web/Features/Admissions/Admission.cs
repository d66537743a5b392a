using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Admissions;

/// <summary>One stay at the station (入站登记 / 救助记录), from reception to exit.</summary>
public class Admission
{
    public Guid Id { get; set; }

    /// <summary>The station-unique case number, e.g. JZ-2026-000123.</summary>
    public string CaseNumber { get; set; } = "";

    /// <summary>The name the person gave, if any (it may be false or partial).</summary>
    public string? NameAsTold { get; set; }

    public DateTimeOffset AdmittedAt { get; set; }

    public AdmissionStatus Status { get; set; } = AdmissionStatus.InStation;
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
        builder.Property(a => a.CaseNumber).HasMaxLength(32);
        builder.HasIndex(a => a.CaseNumber).IsUnique();
        builder.Property(a => a.NameAsTold).HasMaxLength(100);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => a.AdmittedAt);
    }
}
