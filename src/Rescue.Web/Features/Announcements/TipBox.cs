using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>The <c>Rescue:Tips</c> section: how many tips one address, and one announcement, may receive.</summary>
public sealed class TipOptions
{
    public const string Section = "Rescue:Tips";

    /// <summary>Tips one address may send in <see cref="AddressWindow"/>.</summary>
    [Range(1, 100_000)]
    public int PerAddress { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tips one announcement may receive in <see cref="AnnouncementWindow"/>: beyond it a flood is abuse, and the page says to call.</summary>
    [Range(1, 1_000_000)]
    public int PerAnnouncement { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan AnnouncementWindow { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>What a visitor writes on an announcement's tip form ("我可能认识TA"); the photo comes beside it.</summary>
public sealed class TipForm
{
    /// <summary>The honeypot's longest value: a person never sees the field, so anything in it is a robot's.</summary>
    private const int HoneypotLength = 200;

    [Required, MaxLength(TipLimits.Name)]
    public string Name { get; set; } = "";

    [Required, MaxLength(TipLimits.Phone), PhoneNumber]
    public string Phone { get; set; } = "";

    [MaxLength(TipLimits.Relationship)]
    public string? Relationship { get; set; }

    [Required, MaxLength(TipLimits.Message), FreeText]
    public string Message { get; set; } = "";

    /// <summary>A field hidden from people: a form that fills it is answered as accepted and nothing is kept.</summary>
    [MaxLength(HoneypotLength)]
    public string? Website { get; set; }
}

/// <summary>A case officer's words on a decision about a tip: the API's request body and what <see cref="TipBox"/> checks.</summary>
public sealed record TipDecision([property: MaxLength(FieldLimits.Reason), FreeText] string? Note);

/// <summary>A tip as the officers' queue lists it: who sent it and its first words, and which announcement it is about.</summary>
public sealed record TipItem(
    Guid Id, DateTimeOffset ReceivedAt, TipStatus Status, string Name, string MessageStart, bool HasPhoto,
    Guid AnnouncementId, string AnnouncementCode, string CaseNumber);

/// <summary>One tip in full, for a case officer.</summary>
public sealed record TipDetails(
    Guid Id, DateTimeOffset ReceivedAt, TipStatus Status, string Name, string Phone, string? Relationship, string Message,
    PhotoRef? Photo, Guid AnnouncementId, string AnnouncementCode, Guid AdmissionId, string CaseNumber,
    string? HandledBy, DateTimeOffset? HandledAt, string? HandledNote, Guid? NoticeId);

/// <summary>
/// The one writer of <see cref="Tip"/>s: takes them from the public for announcements public now (limited per address
/// and per announcement, a honeypot for robots), and carries out the case officers' decisions: keep as a note, set
/// aside, or turn into a missing-person notice. Every read of a tip, the queue's included, is audited; nothing here is
/// ever shown publicly (<see cref="PublicAnnouncements"/> carries no tip, and a tip's photo is in no public source).
/// </summary>
public sealed class TipBox(
    RescueDbContext db, PublicAnnouncements announcements, PublicSenders senders, PhotoStore photos, NoticeRegistry notices,
    AuditLog audit, IOptions<TipOptions> options, StationClock clock, ILogger<TipBox> log)
{
    /// <summary>How much of a message the queue shows.</summary>
    public const int MessageStartLength = 40;

    /// <summary>
    /// Takes a tip on the announcement behind <paramref name="code"/>; answers <see cref="PublicLookup.Found"/> when it
    /// was received (or was a robot's, which is answered alike), else how the announcement answers (gone or unknown).
    /// Throws <see cref="ValidationFailedException"/> for a form to correct and <see cref="TooManySubmissionsException"/>
    /// past a limit.
    /// </summary>
    public async Task<PublicLookup> SubmitAsync(string code, TipForm form, IReadOnlyList<IncomingPhoto> photo, IPAddress? from, CancellationToken ct)
    {
        // Checked before the limits, so a mistyped form uses up nothing.
        var errors = RequestValidation.Errors(form, clock);
        if (photo.Count > 1) errors.TryAdd("photos", [UiText.Format("Err.Tip.OnePhoto")]);
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var (lookup, announcement) = await announcements.FindAsync(code, ct);
        if (lookup != PublicLookup.Found) return lookup;
        if (!string.IsNullOrWhiteSpace(form.Website))
        {
            log.LogInformation("A tip on {Code} filled the hidden field: answered as received, not kept", announcement!.Code);
            return PublicLookup.Found;
        }
        var announcementId = await db.Announcements.Where(a => a.Code == announcement!.Code).Select(a => a.Id).SingleAsync(ct);

        var limits = options.Value;
        var sender = senders.KeyOf(from);
        var now = clock.Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Always the sender's lock first, then the announcement's: two posts never wait on each other the other way round.
        await PublicSenders.LockAsync(db, sender, ct);
        await PublicSenders.LockAsync(db, "tips:" + announcementId, ct);
        var fromSender = await db.Tips.Where(t => t.SourceHash == sender && t.ReceivedAt > now - limits.AddressWindow).Select(t => t.ReceivedAt).ToListAsync(ct);
        PublicSenders.Enforce(fromSender, limits.PerAddress, limits.AddressWindow, now);
        var onAnnouncement = await db.Tips.Where(t => t.AnnouncementId == announcementId && t.ReceivedAt > now - limits.AnnouncementWindow).Select(t => t.ReceivedAt).ToListAsync(ct);
        PublicSenders.Enforce(onAnnouncement, limits.PerAnnouncement, limits.AnnouncementWindow, now, "Err.Tip.TooManyOnAnnouncement");

        var accepted = await photos.AcceptAllAsync(photo, ct);
        var tip = new Tip
        {
            Id = Guid.CreateVersion7(now),
            AnnouncementId = announcementId,
            ReceivedAt = now,
            Name = form.Name.Trim(),
            Phone = form.Phone.Trim(),
            Relationship = TextRules.IsBlank(form.Relationship) ? null : form.Relationship!.Trim(),
            Message = form.Message.Trim(),
            SourceHash = sender,
        };
        db.Tips.Add(tip);
        // A tip's photo gets no face work (PhotoRef.AddRows queues it only for people's records) and is in no public source.
        tip.PhotoId = PhotoRef.AddRows(db, accepted, PhotoOwner.Tip, tip.Id, "public", now).FirstOrDefault()?.Id;
        audit.Add(AuditAction.Create, nameof(Tip), tip.Id, $"announcement {announcement!.Code}, {accepted.Count} photo");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return PublicLookup.Found;
    }

    /// <summary>New tips waiting for a case officer (the menu's count: no tip is read).</summary>
    public Task<int> CountNewAsync(CancellationToken ct) => db.Tips.CountAsync(t => t.Status == TipStatus.New, ct);

    /// <summary>
    /// The queue: new tips first, then the rest, newest first within each (or only those of <paramref name="status"/>).
    /// Listing shows who sent each tip, so every tip listed gets its own read entry in the audit log.
    /// </summary>
    public async Task<List<TipItem>> ListAsync(TipStatus? status, int take, CancellationToken ct)
    {
        var query = db.Tips.AsNoTracking();
        if (status is { } only) query = query.Where(t => t.Status == only);
        var rows = await (
            from t in query
            join a in db.Announcements on t.AnnouncementId equals a.Id
            join s in db.Admissions on a.AdmissionId equals s.Id
            orderby t.Status == TipStatus.New descending, t.ReceivedAt descending, t.Id
            select new { t.Id, t.ReceivedAt, t.Status, t.Name, t.Message, t.PhotoId, t.AnnouncementId, a.Code, s.CaseNumber })
            .Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        foreach (var row in rows) audit.Add(AuditAction.Read, nameof(Tip), row.Id, "list");
        await db.SaveChangesAsync(ct);
        return rows.Select(r => new TipItem(r.Id, r.ReceivedAt, r.Status, r.Name, Start(r.Message), r.PhotoId is not null, r.AnnouncementId, r.Code, r.CaseNumber)).ToList();
    }

    /// <summary>One tip in full; the read is audited. Null when there is no such tip.</summary>
    public async Task<TipDetails?> GetAsync(Guid id, CancellationToken ct)
    {
        var found = await (
            from t in db.Tips.AsNoTracking()
            join a in db.Announcements on t.AnnouncementId equals a.Id
            join s in db.Admissions on a.AdmissionId equals s.Id
            where t.Id == id
            select new { Tip = t, a.Code, a.AdmissionId, s.CaseNumber })
            .SingleOrDefaultAsync(ct);
        if (found is null) return null;
        await audit.RecordReadAsync(nameof(Tip), id, "details", ct);
        var tip = found.Tip;
        var photo = tip.PhotoId is { } photoId ? await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct) : null;
        return new TipDetails(tip.Id, tip.ReceivedAt, tip.Status, tip.Name, tip.Phone, tip.Relationship, tip.Message, photo is null ? null : PhotoRef.From(photo),
            tip.AnnouncementId, found.Code, found.AdmissionId, found.CaseNumber, tip.HandledBy, tip.HandledAt, tip.HandledNote, tip.NoticeId);
    }

    /// <summary>Keeps the tip as a note (the note says what it told); false when there is no such tip.</summary>
    public Task<bool> NoteAsync(Guid id, TipDecision decision, Actor actor, CancellationToken ct)
    {
        if (TextRules.IsBlank(decision.Note)) throw new ValidationFailedException("note", UiText.Format("Err.Required"));
        return HandleAsync(id, TipStatus.Noted, decision, actor, ct);
    }

    /// <summary>Sets the tip aside (nothing in it, or abuse); false when there is no such tip.</summary>
    public Task<bool> DismissAsync(Guid id, TipDecision decision, Actor actor, CancellationToken ct) => HandleAsync(id, TipStatus.Dismissed, decision, actor, ct);

    /// <summary>
    /// Turns the tip into a missing-person notice, open at once (an officer has read it): the sender becomes the
    /// reporter and the message the circumstances, where <paramref name="form"/> leaves them empty, and the tip's photo
    /// becomes the notice's (so matching compares its face). Both commit together. Null when there is no such tip.
    /// </summary>
    public async Task<NoticeDetails?> BecomeNoticeAsync(Guid id, NoticeForm form, Actor actor, CancellationToken ct)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await LockedAsync(id, ct) is not { } tip) return null;
            tip.Handle(TipStatus.BecameNotice, null, actor.Id, clock.Now);

            if (TextRules.IsBlank(form.ReporterName)) form.ReporterName = tip.Name;
            if (TextRules.IsBlank(form.ReporterPhone)) form.ReporterPhone = tip.Phone;
            if (TextRules.IsBlank(form.ReporterRelationship)) form.ReporterRelationship = tip.Relationship;
            if (TextRules.IsBlank(form.Circumstances)) form.Circumstances = tip.Message;
            List<IncomingPhoto> photo = [];
            if (tip.PhotoId is { } photoId && await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct) is { } row
                && await photos.ReadEvidenceAsync(row.Sha256, ct) is { } bytes)
            {
                photo.Add(new IncomingPhoto("photos[0]", () => new MemoryStream(bytes, writable: false)));
            }
            // The notice's save carries the tip's decision; the link to the notice follows in the same transaction.
            var notice = await notices.CreateAsync(form, photo, NoticeSource.PublicForm, NoticeStatus.Open, actor.Id, ct);
            tip.NoticeId = notice.Id;
            audit.Add(AuditAction.Update, nameof(Tip), tip.Id, $"became notice {PublicNoticeIntake.Reference(notice.Id)}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return notice;
        }
        catch
        {
            // A refused form rolls back; the decision must not linger in this scope for a later save (a page's audited read) to write.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    private async Task<bool> HandleAsync(Guid id, TipStatus status, TipDecision decision, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(decision, clock);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await LockedAsync(id, ct) is not { } tip) return false;
            var from = tip.Status;
            tip.Handle(status, decision.Note, actor.Id, clock.Now);
            audit.Add(AuditAction.Update, nameof(Tip), tip.Id, $"status {from} → {status}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>The tip, held until the transaction ends: two officers deciding at once decide one after the other.</summary>
    private Task<Tip?> LockedAsync(Guid id, CancellationToken ct) =>
        db.Tips.FromSql($"""SELECT * FROM "Tips" WHERE "Id" = {id} FOR UPDATE""").SingleOrDefaultAsync(ct);

    /// <summary>The first words of a message, cut between characters a reader sees as one.</summary>
    private static string Start(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        var info = new StringInfo(line);
        return info.LengthInTextElements <= MessageStartLength ? line : info.SubstringByTextElements(0, MessageStartLength) + "…";
    }
}
