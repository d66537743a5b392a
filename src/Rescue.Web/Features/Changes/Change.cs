using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Changes;

/// <summary>
/// One change of one record (a row of the change outbox): what the matching engine, announcements and deadlines
/// read to learn that a report, an admission or a notice changed.
/// </summary>
/// <remarks>
/// A row is written in the transaction of the change it reports, so it exists exactly when the change committed.
/// It is a signal, not a copy: a consumer reads the record's current state. Rows are never marked as processed:
/// each consumer keeps its own cursor (<see cref="ChangeCursor"/>) and reads on from it with
/// <see cref="ChangeOutbox.ReadAfterAsync"/>, so consumers neither wait for nor know about each other.
/// </remarks>
public class Change
{
    /// <summary>Increasing, and unique; with <see cref="Transaction"/> the order a consumer reads in.</summary>
    public long Id { get; set; }

    public RecordKind RecordKind { get; set; }

    public Guid RecordId { get; set; }

    public ChangeKind What { get; set; }

    /// <summary>A few words for people and logs ("Open→Found", "import"); consumers decide on <see cref="What"/> and the record.</summary>
    public string? Detail { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>
    /// The writing transaction's id (PostgreSQL xid8), set by the database. Identity values are taken in one order and
    /// committed in another: a cursor on <see cref="Id"/> alone would step past a row whose transaction commits late.
    /// </summary>
    public ulong Transaction { get; set; }
}

/// <summary>The records whose changes the outbox carries.</summary>
public enum RecordKind
{
    Report = 1,
    Admission = 2,
    Notice = 3,
}

/// <summary>What happened to the record; a status change (an expiry included) says from what to what in the detail.</summary>
public enum ChangeKind
{
    Created = 1,

    /// <summary>Its details changed (a form saved, an import's new values or notes).</summary>
    Updated = 2,

    StatusChanged = 3,

    PhotosAdded = 4,

    /// <summary>The faces of one of its photos were found, or staff chose which face is the person's: its face signatures changed.</summary>
    FacesFound = 5,
}

internal sealed class ChangeConfiguration : IEntityTypeConfiguration<Change>
{
    public void Configure(EntityTypeBuilder<Change> builder)
    {
        builder.ToTable("Changes");
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.RecordKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.What).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Detail).HasMaxLength(ChangeOutbox.DetailLength);
        builder.Property(c => c.Transaction).HasColumnType("xid8").HasDefaultValueSql("pg_current_xact_id()").ValueGeneratedOnAdd();
        builder.HasIndex(c => new { c.Transaction, c.Id });
        builder.HasIndex(c => new { c.RecordKind, c.RecordId });
    }
}

/// <summary>Where a consumer of the outbox that must not miss a change after a restart stopped reading.</summary>
public class ConsumerCursor
{
    public string Consumer { get; set; } = "";

    public ulong Transaction { get; set; }

    public long ChangeId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ConsumerCursorConfiguration : IEntityTypeConfiguration<ConsumerCursor>
{
    public void Configure(EntityTypeBuilder<ConsumerCursor> builder)
    {
        builder.ToTable("ConsumerCursors");
        builder.HasKey(c => c.Consumer);
        builder.Property(c => c.Consumer).HasMaxLength(50);
        builder.Property(c => c.Transaction).HasColumnType("xid8");
    }
}
