using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Components;
using Rescue.Web.Features.Changes;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// A tip from the public on an announcement ("我可能认识TA"): never shown publicly; it waits in the case officers'
/// queue, and every read of it is audited. An officer turns it into a notice or a note, or sets it aside.
/// </summary>
public class Tip
{
    public Guid Id { get; set; }

    public Guid AnnouncementId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public string? Relationship { get; set; }

    public string Message { get; set; } = "";

    /// <summary>A photo the sender attached (owner kind Tip): for case officers only.</summary>
    public Guid? PhotoId { get; set; }

    /// <summary>A keyed hash of the sender's address: enough to limit how often one address sends, not to find them.</summary>
    public string SourceHash { get; set; } = "";

    public TipStatus Status { get; set; } = TipStatus.New;

    public string? HandledBy { get; set; }

    public DateTimeOffset? HandledAt { get; set; }

    public string? HandledNote { get; set; }

    /// <summary>The notice the tip became, when it became one.</summary>
    public Guid? NoticeId { get; set; }

    /// <summary>Which status may follow which: a new tip is handled once; one kept as a note may still become a notice or be set aside.</summary>
    public static readonly IReadOnlyDictionary<TipStatus, TipStatus[]> Transitions = new Dictionary<TipStatus, TipStatus[]>
    {
        [TipStatus.New] = [TipStatus.Noted, TipStatus.BecameNotice, TipStatus.Dismissed],
        [TipStatus.Noted] = [TipStatus.BecameNotice, TipStatus.Dismissed],
        [TipStatus.BecameNotice] = [],
        [TipStatus.Dismissed] = [],
    };

    /// <summary>A case officer's decision on the tip; throws <see cref="TransitionRefusedException"/> for a move the rules do not allow.</summary>
    public void Handle(TipStatus status, string? note, string actorId, DateTimeOffset now)
    {
        if (!Transitions[Status].Contains(status))
        {
            throw new TransitionRefusedException(UiText.Format("Err.TipStatusChange", UiText.Format("TipStatus." + Status), UiText.Format("TipStatus." + status)));
        }
        Status = status;
        HandledBy = actorId;
        HandledAt = now;
        HandledNote = TextRules.IsBlank(note) ? HandledNote : note!.Trim();
    }
}

public enum TipStatus
{
    New = 1,

    /// <summary>Kept as a note on the case.</summary>
    Noted = 2,

    /// <summary>Turned into a missing-person notice.</summary>
    BecameNotice = 3,

    /// <summary>Set aside (nothing in it, or abuse).</summary>
    Dismissed = 4,
}

/// <summary>The length of each field of a tip, declared once.</summary>
public static class TipLimits
{
    public const int Name = 50;
    public const int Phone = 30;
    public const int Relationship = 50;
    public const int Message = 2000;

    /// <summary>A keyed SHA-256 in hex.</summary>
    public const int SourceHash = 64;
}

internal sealed class TipConfiguration : IEntityTypeConfiguration<Tip>
{
    public void Configure(EntityTypeBuilder<Tip> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(TipLimits.Name);
        builder.Property(t => t.Phone).HasMaxLength(TipLimits.Phone);
        builder.Property(t => t.Relationship).HasMaxLength(TipLimits.Relationship);
        builder.Property(t => t.Message).HasMaxLength(TipLimits.Message);
        builder.Property(t => t.SourceHash).HasMaxLength(TipLimits.SourceHash);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.HandledBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(t => t.HandledNote).HasMaxLength(FieldLimits.Reason);
        builder.HasOne<Announcement>().WithMany().HasForeignKey(t => t.AnnouncementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.Status, t.ReceivedAt });
        builder.HasIndex(t => new { t.AnnouncementId, t.ReceivedAt });
        builder.HasIndex(t => new { t.SourceHash, t.ReceivedAt });
    }
}
