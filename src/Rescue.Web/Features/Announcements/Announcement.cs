using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Components;
using Rescue.Web.Features.Changes;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// A family-search announcement (寻亲公告) for one admission: the public text in the national site's fields, the photos
/// staff chose, and when it is due. Only <see cref="AnnouncementRegistry"/> writes it; the entity owns its status rules.
/// </summary>
/// <remarks>
/// Draft → (AwaitingApproval →) Published → Withdrawn. A refresh re-publishes a published announcement (on the board and
/// the channels staff tick) and moves its next due date 30 days on; it stays Published and the history counts it. An
/// announcement that needs a second approval (a minor, a person at risk) goes from Draft to AwaitingApproval when one
/// officer asks to publish it, and is published only when another officer approves; editing it sends it back.
/// </remarks>
public class Announcement
{
    /// <summary>What the public text calls a person who told no name.</summary>
    public const string Unnamed = "无名氏";

    public Guid Id { get; set; }

    /// <summary>The stable short code of its public page (/gg/CODE): random, so codes cannot be walked.</summary>
    public string Code { get; set; } = "";

    public Guid AdmissionId { get; set; }

    public Guid PersonId { get; set; }

    public AnnouncementStatus Status { get; set; } = AnnouncementStatus.Draft;

    /// <summary>A minor or a person at risk: a second case officer approves before it goes public.</summary>
    public bool NeedsSecondApproval { get; set; }

    // The public text, in the national site's fields; drafted from the admission, edited by staff.

    /// <summary>The name as told, or 无名氏 when none was told.</summary>
    public string DisplayName { get; set; } = "";

    public Sex Sex { get; set; }

    /// <summary>Age in years (stated or estimated): both ends equal when the date of birth is known.</summary>
    public int? AgeMin { get; set; }

    public int? AgeMax { get; set; }

    public int? HeightCm { get; set; }

    /// <summary>General health in plain words (not the health notes).</summary>
    public string? Health { get; set; }

    /// <summary>智力 in plain words.</summary>
    public string? Intellect { get; set; }

    /// <summary>精神状态 in plain words.</summary>
    public string? MentalState { get; set; }

    /// <summary>Physical features: build, hair, visible marks.</summary>
    public string? Features { get; set; }

    /// <summary>Clothing when found.</summary>
    public string? Clothing { get; set; }

    /// <summary>Accent or dialect, as families search by it.</summary>
    public string? Dialect { get; set; }

    /// <summary>The station's date the person was found (or admitted).</summary>
    public DateOnly FoundOn { get; set; }

    public string FoundPlace { get; set; } = "";

    /// <summary>The division code (行政区划代码) of the place found, for the board's region filter.</summary>
    public string? FoundDivisionCode { get; set; }

    /// <summary>Anything else the public should read (how the person came, what they say).</summary>
    public string? Description { get; set; }

    /// <summary>The station's contact printed under the text: its name, address and phone.</summary>
    public string Contact { get; set; } = "";

    /// <summary>The photos shown, in order; only their public derivatives leave the station.</summary>
    public List<AnnouncementPhoto> Photos { get; set; } = [];

    /// <summary>When the announcement must first be published: 24 hours after admission.</summary>
    public DateTimeOffset FirstDueAt { get; set; }

    /// <summary>When the next publication is due: the first one, then a refresh every 30 days; null once withdrawn.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? FirstPublishedAt { get; set; }

    public DateTimeOffset? LastPublishedAt { get; set; }

    /// <summary>Times it was published again after the first.</summary>
    public int Refreshes { get; set; }

    /// <summary>The channels it was last published on.</summary>
    public AnnouncementChannels Channels { get; set; }

    /// <summary>The officer who last edited the text or asked to publish it: never the second approver.</summary>
    public string? PreparedBy { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public WithdrawReason? WithdrawReason { get; set; }

    public string? WithdrawNote { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who did what and when, on which channels.</summary>
    public List<AnnouncementEvent> History { get; set; } = [];

    /// <summary>
    /// Removes the description and the photos of a withdrawn announcement, years after the stay ended
    /// (<c>Features/Retention/Deidentification.cs</c>); its code, dates and the figures it was counted in stay.
    /// </summary>
    public void Deidentify()
    {
        DisplayName = FoundPlace = "";
        Health = Intellect = MentalState = Features = Clothing = Dialect = Description = WithdrawNote = null;
        Photos.Clear();
    }

    public bool IsPublic => Status == AnnouncementStatus.Published;

    /// <summary>Which status may follow which; a withdrawn announcement stays withdrawn (a new stay gets a new one).</summary>
    public static readonly IReadOnlyDictionary<AnnouncementStatus, AnnouncementStatus[]> Transitions = new Dictionary<AnnouncementStatus, AnnouncementStatus[]>
    {
        [AnnouncementStatus.Draft] = [AnnouncementStatus.AwaitingApproval, AnnouncementStatus.Published, AnnouncementStatus.Withdrawn],
        [AnnouncementStatus.AwaitingApproval] = [AnnouncementStatus.Draft, AnnouncementStatus.Published, AnnouncementStatus.Withdrawn],
        [AnnouncementStatus.Published] = [AnnouncementStatus.Published, AnnouncementStatus.AwaitingApproval, AnnouncementStatus.Withdrawn],
        [AnnouncementStatus.Withdrawn] = [],
    };

    /// <summary>Staff changed the text or the photos: an announcement that needs approval must be approved again.</summary>
    public void Edited(string actorId, DateTimeOffset now)
    {
        RefuseWhenWithdrawn();
        PreparedBy = actorId;
        UpdatedAt = now;
        if (NeedsSecondApproval && Status is AnnouncementStatus.AwaitingApproval or AnnouncementStatus.Published)
        {
            ApprovedBy = null;
            ApprovedAt = null;
            Status = Status == AnnouncementStatus.Published ? AnnouncementStatus.AwaitingApproval : AnnouncementStatus.Draft;
        }
    }

    /// <summary>
    /// An officer publishes (or re-publishes) it on <paramref name="channels"/>; the board is always one. Returns
    /// false when it waits for a second approval instead. Throws when it has no photo or is withdrawn.
    /// </summary>
    public bool Publish(string actorId, AnnouncementChannels channels, TimeSpan refreshEvery, DateTimeOffset now)
    {
        RefuseWhenWithdrawn();
        if (Photos.Count == 0) throw new TransitionRefusedException(UiText.Format("Err.Announcement.NoPhoto"), "photos");
        Channels = channels | AnnouncementChannels.Board;
        UpdatedAt = now;
        if (NeedsSecondApproval && ApprovedBy is null)
        {
            Status = AnnouncementStatus.AwaitingApproval;
            PreparedBy ??= actorId;
            return false;
        }
        if (Status == AnnouncementStatus.Published) Refreshes++;
        Status = AnnouncementStatus.Published;
        FirstPublishedAt ??= now;
        LastPublishedAt = now;
        DueAt = now + refreshEvery;
        return true;
    }

    /// <summary>A second officer approves: publishes it. Throws when nothing awaits approval or the approver prepared it.</summary>
    public void Approve(string actorId, TimeSpan refreshEvery, DateTimeOffset now)
    {
        if (Status != AnnouncementStatus.AwaitingApproval)
            throw new TransitionRefusedException(UiText.Format("Err.Announcement.NotAwaiting"));
        if (actorId == PreparedBy)
            throw new TransitionRefusedException(UiText.Format("Err.Announcement.OwnApproval"));
        ApprovedBy = actorId;
        ApprovedAt = now;
        Publish(actorId, Channels, refreshEvery, now);
    }

    /// <summary>Takes it off every channel for good. Throws when it was withdrawn already.</summary>
    public void Withdraw(WithdrawReason reason, string? note, DateTimeOffset now)
    {
        RefuseWhenWithdrawn();
        Status = AnnouncementStatus.Withdrawn;
        WithdrawReason = reason;
        WithdrawNote = note;
        WithdrawnAt = now;
        DueAt = null;
        UpdatedAt = now;
    }

    /// <summary>Where it stands against its due date at <paramref name="now"/>.</summary>
    public AnnouncementTiming TimingAt(DateTimeOffset now, TimeSpan dueSoon)
    {
        if (Status == AnnouncementStatus.Withdrawn || DueAt is not { } due) return AnnouncementTiming.None;
        if (now > due) return AnnouncementTiming.Overdue;
        if (Status != AnnouncementStatus.Published) return AnnouncementTiming.Due;
        return now >= due - dueSoon ? AnnouncementTiming.RefreshDue : AnnouncementTiming.Current;
    }

    /// <summary>Whether the first publication came within the first 24 hours.</summary>
    public bool? PublishedOnTime => FirstPublishedAt is { } first ? first <= FirstDueAt : null;

    private void RefuseWhenWithdrawn()
    {
        if (Status == AnnouncementStatus.Withdrawn)
            throw new TransitionRefusedException(UiText.Format("Err.Announcement.Withdrawn"));
    }
}

public enum AnnouncementStatus
{
    Draft = 1,
    AwaitingApproval = 2,
    Published = 3,
    Withdrawn = 4,
}

/// <summary>Where an announcement stands against its due date.</summary>
public enum AnnouncementTiming
{
    None = 0,

    /// <summary>Not yet published; its first 24 hours are running.</summary>
    Due = 1,

    /// <summary>Published and not due for a while.</summary>
    Current = 2,

    /// <summary>Published; the 30-day refresh falls due soon or now.</summary>
    RefreshDue = 3,

    /// <summary>The due date has passed.</summary>
    Overdue = 4,
}

public enum WithdrawReason
{
    /// <summary>The family came (亲属接领).</summary>
    Reunited = 1,

    /// <summary>The identity was established otherwise (a notice confirmed, documents).</summary>
    Identified = 2,

    /// <summary>The person left the station.</summary>
    Left = 3,

    /// <summary>Published in error.</summary>
    Error = 4,
}

/// <summary>The channels an announcement goes out on; the station's own board is always one of them.</summary>
[Flags]
public enum AnnouncementChannels
{
    None = 0,
    Board = 1,

    /// <summary>全国救助寻亲网: staff upload the export.</summary>
    NationalSite = 2,

    Newspaper = 4,
    Poster = 8,
    SocialMedia = 16,
}

/// <summary>One photo shown by an announcement.</summary>
public class AnnouncementPhoto
{
    public Guid AnnouncementId { get; set; }

    public Guid PhotoId { get; set; }

    public int Position { get; set; }
}

/// <summary>A line of an announcement's history.</summary>
public class AnnouncementEvent
{
    public long Id { get; set; }

    public Guid AnnouncementId { get; set; }

    public DateTimeOffset At { get; set; }

    public string ActorId { get; set; } = "";

    public string ActorName { get; set; } = "";

    public AnnouncementAction Action { get; set; }

    public AnnouncementChannels Channels { get; set; }

    public string? Note { get; set; }
}

public enum AnnouncementAction
{
    Drafted = 1,
    Edited = 2,
    AwaitingApproval = 3,
    Approved = 4,
    Published = 5,
    Refreshed = 6,
    Withdrawn = 7,
}

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> builder)
    {
        builder.Property(a => a.Code).HasMaxLength(AnnouncementLimits.Code);
        builder.HasIndex(a => a.Code).IsUnique();
        // One announcement per stay: a withdrawn one stays for its history and its 410.
        builder.HasIndex(a => a.AdmissionId).IsUnique();
        builder.HasIndex(a => new { a.Status, a.LastPublishedAt });
        builder.HasIndex(a => a.DueAt);
        // The public set's version (PublicAnnouncements.VersionAsync) reads the latest change.
        builder.HasIndex(a => a.UpdatedAt);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Sex).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.DisplayName).HasMaxLength(FieldLimits.ToldValue);
        builder.Property(a => a.Health).HasMaxLength(AnnouncementLimits.Health);
        builder.Property(a => a.Intellect).HasMaxLength(AnnouncementLimits.Intellect);
        builder.Property(a => a.MentalState).HasMaxLength(AnnouncementLimits.MentalState);
        builder.Property(a => a.Features).HasMaxLength(AnnouncementLimits.Features);
        builder.Property(a => a.Clothing).HasMaxLength(AnnouncementLimits.Clothing);
        builder.Property(a => a.Dialect).HasMaxLength(FieldLimits.ToldValue);
        builder.Property(a => a.FoundPlace).HasMaxLength(AnnouncementLimits.FoundPlace);
        builder.Property(a => a.FoundDivisionCode).HasMaxLength(FieldLimits.DivisionCode);
        builder.Property(a => a.Description).HasMaxLength(AnnouncementLimits.Description);
        builder.Property(a => a.Contact).HasMaxLength(AnnouncementLimits.Contact);
        builder.Property(a => a.PreparedBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(a => a.ApprovedBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(a => a.WithdrawReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.WithdrawNote).HasMaxLength(FieldLimits.Reason);
        builder.HasMany(a => a.Photos).WithOne().HasForeignKey(p => p.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.History).WithOne().HasForeignKey(e => e.AnnouncementId).OnDelete(DeleteBehavior.Cascade);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class AnnouncementPhotoConfiguration : IEntityTypeConfiguration<AnnouncementPhoto>
{
    public void Configure(EntityTypeBuilder<AnnouncementPhoto> builder)
    {
        builder.HasKey(p => new { p.AnnouncementId, p.PhotoId });
        builder.HasIndex(p => p.PhotoId);
    }
}

internal sealed class AnnouncementEventConfiguration : IEntityTypeConfiguration<AnnouncementEvent>
{
    public void Configure(EntityTypeBuilder<AnnouncementEvent> builder)
    {
        builder.Property(e => e.ActorId).HasMaxLength(FieldLimits.ActorId);
        builder.Property(e => e.ActorName).HasMaxLength(FieldLimits.ActorName);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Note).HasMaxLength(FieldLimits.Reason);
        builder.HasIndex(e => e.AnnouncementId);
    }
}
