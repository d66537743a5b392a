using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Audit;

/// <summary>One read or change of sensitive data (审计记录): who, when, what, from where.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user id, or <c>apikey:ID</c> for an agency system.</summary>
    public string ActorId { get; set; } = "";

    public string ActorName { get; set; } = "";

    public AuditAction Action { get; set; }

    /// <summary>The kind of record, e.g. Admission, DiscoveryReport, Photo.</summary>
    public string Subject { get; set; } = "";

    public string SubjectId { get; set; } = "";

    /// <summary>What was read or changed, in a few words (never the sensitive values themselves).</summary>
    public string? Detail { get; set; }

    public string? RemoteAddress { get; set; }

    public string? CorrelationId { get; set; }

    /// <summary>
    /// The entry's place in the chain (1, 2, 3… in commit order; <see cref="AuditChain"/>), with the hash of the entry
    /// before it, its own hash and its keyed MAC. Null only for entries written before the chain began (migration AuditChain).
    /// </summary>
    public long? Sequence { get; set; }

    public byte[]? PreviousHash { get; set; }

    public byte[]? Hash { get; set; }

    public byte[]? Mac { get; set; }
}

public enum AuditAction
{
    Create = 1,
    Read = 2,
    Update = 3,
    Delete = 4,

    /// <summary>Deleted because its retention period ended (biometric data), not by a person's decision.</summary>
    Purge = 5,
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.Property(a => a.ActorId).HasMaxLength(64);
        builder.Property(a => a.ActorName).HasMaxLength(256);
        builder.Property(a => a.Action).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Subject).HasMaxLength(40);
        builder.Property(a => a.SubjectId).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(500);
        builder.Property(a => a.RemoteAddress).HasMaxLength(64);
        builder.Property(a => a.CorrelationId).HasMaxLength(64);
        builder.HasIndex(a => new { a.Subject, a.SubjectId });
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.Sequence).IsUnique();
    }
}
