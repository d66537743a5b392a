using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Components;
using Rescue.Web.Features.Changes;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices;

/// <summary>A family's or an outside source's search for someone (寻人启事).</summary>
public class MissingPersonNotice
{
    public Guid Id { get; set; }

    public NoticeStatus Status { get; set; } = NoticeStatus.PendingVetting;

    // Who reports: a family member, the police, or the source system's author.
    public string? ReporterName { get; set; }

    /// <summary>The reporter's relationship to the missing person (父亲、女儿…).</summary>
    public string? ReporterRelationship { get; set; }

    public string? ReporterPhone { get; set; }

    /// <summary>Staff saw the reporter's identity document.</summary>
    public bool ReporterIdentityChecked { get; set; }

    public string MissingPersonName { get; set; } = "";

    /// <summary>Aliases, nickname (小名), former names.</summary>
    public List<string> OtherNames { get; set; } = [];

    public Sex Sex { get; set; }

    /// <summary>The date of birth as far as known: a year, a month of a year, or a full date.</summary>
    public PartialDate? DateOfBirth { get; set; }

    public int? AgeAtDisappearance { get; set; }

    public DateOnly? LastSeenOn { get; set; }

    public string? LastSeenPlace { get; set; }

    public string? LastSeenDivisionCode { get; set; }

    public int? HeightCm { get; set; }

    public string? Build { get; set; }

    public List<Mark> Marks { get; set; } = [];

    public string? Dialect { get; set; }

    public string? Hometown { get; set; }

    public Disabilities Disabilities { get; set; }

    public string? Clothing { get; set; }

    /// <summary>How the person went missing, and anything else the reporter said.</summary>
    public string? Circumstances { get; set; }

    public NoticeSource Source { get; set; }

    /// <summary>The outside system's name (a PFIF domain, a website); null for the station's own notices.</summary>
    public string? SourceName { get; set; }

    /// <summary>The outside system's own id of the record, so a re-import updates instead of duplicating.</summary>
    public string? SourceRecordId { get; set; }

    public string? SourceUrl { get; set; }

    /// <summary>When the source last changed the record.</summary>
    public DateTimeOffset? SourceDate { get; set; }

    /// <summary>A photo held elsewhere (PFIF photo_url); not fetched.</summary>
    public string? PhotoUrl { get; set; }

    public string? PoliceCaseNumber { get; set; }

    /// <summary>When the notice stops being searched for, if the source set one.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>
    /// When the notice last closed (found, withdrawn, expired); cleared when it reopens. Its face signatures leave the
    /// index at once and are deleted once the biometric retention period has passed since then.
    /// </summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? VettedBy { get; set; }

    public DateTimeOffset? VettedAt { get; set; }

    public List<NoticeNote> Notes { get; set; } = [];

    /// <summary>
    /// Which status may follow which, for every writer (officers, the import, the expiry): vetting opens or refuses,
    /// an open notice ends, an ended one may reopen.
    /// </summary>
    public static readonly IReadOnlyDictionary<NoticeStatus, NoticeStatus[]> Transitions = new Dictionary<NoticeStatus, NoticeStatus[]>
    {
        [NoticeStatus.PendingVetting] = [NoticeStatus.Open, NoticeStatus.Withdrawn],
        [NoticeStatus.Open] = [NoticeStatus.Found, NoticeStatus.Withdrawn, NoticeStatus.Expired],
        [NoticeStatus.Found] = [NoticeStatus.Open],
        [NoticeStatus.Withdrawn] = [NoticeStatus.Open],
        [NoticeStatus.Expired] = [NoticeStatus.Open, NoticeStatus.Found, NoticeStatus.Withdrawn],
    };

    /// <summary>
    /// What a case officer closed stays closed to an outside source: an import neither reopens, updates nor adds notes
    /// to a notice in these states, though an officer may reopen it.
    /// </summary>
    public static readonly NoticeStatus[] ClosedToImport = [NoticeStatus.Found, NoticeStatus.Withdrawn];

    public static bool Allows(NoticeStatus from, NoticeStatus to) => Transitions[from].Contains(to);

    /// <summary>
    /// Moves the notice to <paramref name="status"/> and returns the note that records the move (the caller adds it);
    /// vetting stamps who vetted. Throws <see cref="TransitionRefusedException"/> for a move the rules do not allow.
    /// </summary>
    public NoticeNote ChangeStatus(NoticeStatus status, string? note, string actorId, string actorName, DateTimeOffset now)
    {
        if (!Allows(Status, status))
        {
            throw new TransitionRefusedException(UiText.Format("Err.StatusChange", UiText.Format("NoticeStatus." + Status), UiText.Format("NoticeStatus." + status)));
        }
        if (Status == NoticeStatus.PendingVetting)
        {
            VettedBy = actorId;
            VettedAt = now;
        }
        var record = new NoticeNote
        {
            Id = Guid.CreateVersion7(now),
            NoticeId = Id,
            AuthorName = actorName,
            Text = note?.Trim() ?? "",
            FromStatus = Status,
            ToStatus = status,
            CreatedAt = now,
        };
        Status = status;
        ClosedAt = IsClosed(status) ? now : null;
        UpdatedAt = now;
        return record;
    }

    /// <summary>A notice in this status is no longer searched for: found, withdrawn or expired.</summary>
    public static bool IsClosed(NoticeStatus status) => status is NoticeStatus.Found or NoticeStatus.Withdrawn or NoticeStatus.Expired;

    /// <summary>Whether the notice's own expiry has passed while it is still searched for.</summary>
    public bool IsDueToExpire(DateTimeOffset now) => Status == NoticeStatus.Open && ExpiresAt <= now;
}

public enum NoticeStatus
{
    /// <summary>Submitted by the public: not searched or shown until a case officer vets it.</summary>
    PendingVetting = 1,
    Open = 2,
    Found = 3,
    Withdrawn = 4,
    Expired = 5,
}

public enum NoticeSource
{
    /// <summary>A family at the station's desk.</summary>
    WalkIn = 1,
    Police = 2,
    PublicForm = 3,
    Import = 4,
}

/// <summary>A note on a notice: news from the family, a sighting, a status change (PFIF note).</summary>
public class NoticeNote
{
    public Guid Id { get; set; }

    public Guid NoticeId { get; set; }

    /// <summary>The source's own id of the note (PFIF note_record_id), so a re-import does not add it twice.</summary>
    public string? SourceRecordId { get; set; }

    /// <summary>The PFIF status word as given (information_sought, believed_alive, …), if any.</summary>
    public string? PfifStatus { get; set; }

    /// <summary>The author has met the missing person since they went missing (PFIF found).</summary>
    public bool? Found { get; set; }

    public string? AuthorName { get; set; }

    public string Text { get; set; } = "";

    /// <summary>For a status change made here: the status before and after (the text holds only the officer's words).</summary>
    public NoticeStatus? FromStatus { get; set; }

    public NoticeStatus? ToStatus { get; set; }

    public DateTimeOffset? SourceDate { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MissingPersonNoticeConfiguration : IEntityTypeConfiguration<MissingPersonNotice>
{
    public void Configure(EntityTypeBuilder<MissingPersonNotice> builder)
    {
        builder.ToTable("Notices");
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(n => n.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.ReporterName).HasMaxLength(NoticeLimits.ReporterName);
        builder.Property(n => n.ReporterRelationship).HasMaxLength(NoticeLimits.ReporterRelationship);
        builder.Property(n => n.ReporterPhone).HasMaxLength(NoticeLimits.ReporterPhone);
        builder.Property(n => n.MissingPersonName).HasMaxLength(NoticeLimits.MissingPersonName);
        builder.ComplexProperty(n => n.DateOfBirth);
        builder.Property(n => n.LastSeenPlace).HasMaxLength(NoticeLimits.LastSeenPlace);
        builder.Property(n => n.LastSeenDivisionCode).HasMaxLength(FieldLimits.DivisionCode);
        builder.Property(n => n.Build).HasMaxLength(NoticeLimits.Build);
        builder.OwnsMany(n => n.Marks, m => m.ToJson());
        builder.Property(n => n.Dialect).HasMaxLength(NoticeLimits.Dialect);
        builder.Property(n => n.Hometown).HasMaxLength(NoticeLimits.Hometown);
        builder.Property(n => n.Clothing).HasMaxLength(NoticeLimits.Clothing);
        builder.Property(n => n.Circumstances).HasMaxLength(NoticeLimits.Circumstances);
        builder.Property(n => n.SourceName).HasMaxLength(NoticeLimits.SourceName);
        builder.Property(n => n.SourceRecordId).HasMaxLength(NoticeLimits.SourceRecordId);
        builder.Property(n => n.SourceUrl).HasMaxLength(NoticeLimits.Address);
        builder.Property(n => n.PhotoUrl).HasMaxLength(NoticeLimits.Address);
        builder.Property(n => n.PoliceCaseNumber).HasMaxLength(NoticeLimits.PoliceCaseNumber);
        builder.Property(n => n.CreatedBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(n => n.VettedBy).HasMaxLength(FieldLimits.ActorId);
        builder.HasIndex(n => n.Status);
        // The expiry's query: open notices by expiry; the rest never need this index.
        builder.HasIndex(n => n.ExpiresAt).HasFilter($"\"Status\" = '{NoticeStatus.Open}' AND \"ExpiresAt\" IS NOT NULL");
        // One record per source id: what makes a re-import an update.
        builder.HasIndex(n => new { n.SourceName, n.SourceRecordId }).IsUnique().HasFilter("\"SourceRecordId\" IS NOT NULL");
        builder.HasMany(n => n.Notes).WithOne().HasForeignKey(n => n.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NoticeNoteConfiguration : IEntityTypeConfiguration<NoticeNote>
{
    public void Configure(EntityTypeBuilder<NoticeNote> builder)
    {
        builder.ToTable("NoticeNotes");
        builder.Property(n => n.SourceRecordId).HasMaxLength(NoticeLimits.SourceRecordId);
        builder.Property(n => n.PfifStatus).HasMaxLength(NoticeLimits.PfifStatus);
        builder.Property(n => n.FromStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.ToStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.AuthorName).HasMaxLength(NoticeLimits.NoteAuthorName);
        builder.Property(n => n.Text).HasMaxLength(NoticeLimits.NoteText);
        builder.HasIndex(n => new { n.NoticeId, n.SourceRecordId }).IsUnique().HasFilter("\"SourceRecordId\" IS NOT NULL");
    }
}
