using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// The one writer of <see cref="Announcement"/>s: drafts one for every stay whose identity is not established, the
/// moment the admission is seen (<see cref="ReconcileAsync"/>, fed by the change outbox through a
/// <see cref="ChangeFollower{TConsumer}"/>); withdraws it when the person is identified or leaves; and carries out the
/// officers' edits, publications, approvals and withdrawals. Every change writes a line of history and an audit entry
/// in its own transaction.
/// </summary>
public sealed class AnnouncementRegistry(RescueDbContext db, StationClock clock, AuditLog audit, ChangeOutbox outbox, IOptions<AnnouncementOptions> options) : IChangeConsumer
{
    /// <summary>The name of the announcements' cursor in the change outbox.</summary>
    public static string Consumer => "announcements";

    private readonly AnnouncementOptions _options = options.Value;

    /// <summary>
    /// Brings the announcements of the given admissions in line with them, then moves the consumer's cursor, in one
    /// transaction: a draft for a stay without an established identity, a withdrawal once the person is identified or
    /// has left, and a second approval required once the person is known to be a minor or at risk.
    /// </summary>
    public Task HandleAsync(IReadOnlyList<Change> page, ChangeCursor cursor, CancellationToken ct) =>
        ReconcileAsync(page.Where(c => c.RecordKind == RecordKind.Admission).Select(c => c.RecordId).ToHashSet(), cursor, ct);

    /// <inheritdoc cref="HandleAsync"/>
    public async Task ReconcileAsync(IReadOnlyCollection<Guid> admissionIds, ChangeCursor cursor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.Now;
        var admissions = await db.Admissions.Include(a => a.Person).Where(a => admissionIds.Contains(a.Id)).ToListAsync(ct);
        var existing = await db.Announcements.Include(a => a.Photos).Where(a => admissionIds.Contains(a.AdmissionId)).ToDictionaryAsync(a => a.AdmissionId, ct);
        foreach (var admission in admissions)
        {
            existing.TryGetValue(admission.Id, out var announcement);
            if (announcement is { Status: AnnouncementStatus.Withdrawn }) continue;
            var reason = admission.Status == AdmissionStatus.Exited ? WithdrawReason.Left
                : Admission.IdentityEstablished(admission) ? WithdrawReason.Identified
                : (WithdrawReason?)null;
            if (reason is { } why)
            {
                if (announcement is not null) Withdraw(announcement, why, null, Actor.System, now);
                continue;
            }
            if (announcement is null)
            {
                await DraftAsync(admission, now, ct);
                continue;
            }
            var sensitive = NeedsSecondApproval(admission);
            if (sensitive && !announcement.NeedsSecondApproval)
            {
                // Published before anyone knew: off the board until a second officer approves it.
                var wasPublic = announcement.IsPublic;
                announcement.NeedsSecondApproval = true;
                announcement.Edited(Actor.System.Id, now);
                if (wasPublic) Log(announcement, AnnouncementAction.AwaitingApproval, Actor.System, now, UiText.Format("Announcement.BecameSensitive"));
            }
            else if (!sensitive && announcement.NeedsSecondApproval && announcement.Status != AnnouncementStatus.Published)
            {
                announcement.NeedsSecondApproval = false;
            }
        }
        await outbox.SaveCursorAsync(Consumer, cursor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Saves staff's edit of the text and photos; null when there is no such announcement.</summary>
    public async Task<Announcement?> UpdateAsync(Guid id, AnnouncementForm form, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        var announcement = await LoadAsync(id, ct);
        if (announcement is null) return null;
        var photos = await db.Photos.AsNoTracking()
            .Where(p => p.OwnerKind == PhotoOwner.Admission && p.OwnerId == announcement.AdmissionId && form.PhotoIds.Contains(p.Id))
            .Select(p => p.Id).ToListAsync(ct);
        if (photos.Count != form.PhotoIds.Count)
            throw new ValidationFailedException("photoIds", UiText.Format("Err.Announcement.NotItsPhoto"));
        var now = clock.Now;
        announcement.Edited(actor.Id, now);
        form.ApplyTo(announcement);
        SetPhotos(announcement, form.PhotoIds);
        Log(announcement, AnnouncementAction.Edited, actor, now, null);
        await SaveAsync(announcement, AuditAction.Update, "text and photos", ct);
        return announcement;
    }

    /// <summary>
    /// Publishes on the board and <paramref name="channels"/>, or re-publishes (a refresh) when it is public already;
    /// a sensitive one waits for a second officer instead. Null when there is no such announcement.
    /// </summary>
    public async Task<Announcement?> PublishAsync(Guid id, AnnouncementChannels channels, Actor actor, CancellationToken ct)
    {
        var announcement = await LoadAsync(id, ct);
        if (announcement is null) return null;
        var now = clock.Now;
        var wasPublic = announcement.IsPublic;
        var published = announcement.Publish(actor.Id, channels, _options.RefreshEvery, now);
        Log(announcement, !published ? AnnouncementAction.AwaitingApproval : wasPublic ? AnnouncementAction.Refreshed : AnnouncementAction.Published, actor, now, null);
        await SaveAsync(announcement, AuditAction.Update, published ? "published" : "awaiting approval", ct);
        return announcement;
    }

    /// <summary>A second case officer approves (and so publishes) a sensitive announcement. Null when there is none.</summary>
    public async Task<Announcement?> ApproveAsync(Guid id, Actor actor, CancellationToken ct)
    {
        var announcement = await LoadAsync(id, ct);
        if (announcement is null) return null;
        var now = clock.Now;
        var wasPublished = announcement.FirstPublishedAt is not null;
        announcement.Approve(actor.Id, _options.RefreshEvery, now);
        Log(announcement, AnnouncementAction.Approved, actor, now, null);
        Log(announcement, wasPublished ? AnnouncementAction.Refreshed : AnnouncementAction.Published, actor, now, null);
        await SaveAsync(announcement, AuditAction.Update, "approved and published", ct);
        return announcement;
    }

    /// <summary>Withdraws it from every channel for good. Null when there is none.</summary>
    public async Task<Announcement?> WithdrawAsync(Guid id, WithdrawReason reason, string? note, Actor actor, CancellationToken ct)
    {
        if (!Enum.IsDefined(reason)) throw new ValidationFailedException("reason", UiText.Format("Err.OneOf", string.Join(", ", Enum.GetNames<WithdrawReason>())));
        if (note is { Length: > FieldLimits.Reason }) throw new ValidationFailedException("note", UiText.Format("Err.MaxLength", FieldLimits.Reason));
        if (note is not null && TextRules.Problem(note, freeText: true) is { } problem) throw new ValidationFailedException("note", UiText.Format(problem));
        var announcement = await LoadAsync(id, ct);
        if (announcement is null) return null;
        Withdraw(announcement, reason, TextRules.IsBlank(note) ? null : note!.Trim(), actor, clock.Now);
        await SaveAsync(announcement, AuditAction.Update, "withdrawn", ct);
        return announcement;
    }


    /// <summary>A minor (by the mark, the date of birth or the lower end of the estimate) or a person at risk.</summary>
    public static bool NeedsSecondApproval(Admission admission) => admission.Minor || admission.EstimatedAgeMin < 18 || admission.AtRisk;

    private async Task DraftAsync(Admission admission, DateTimeOffset now, CancellationToken ct)
    {
        var report = admission.ReportId is { } reportId ? await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == reportId, ct) : null;
        var station = await db.Stations.AsNoTracking().OrderBy(s => s.Id).FirstAsync(ct);
        var photo = await db.Photos.AsNoTracking().Where(p => p.OwnerKind == PhotoOwner.Admission && p.OwnerId == admission.Id)
            .OrderBy(p => p.Position).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var today = clock.Today;
        var age = admission.DateOfBirth is { } dob ? Admission.AgeOn(dob, today) : (int?)null;
        var announcement = new Announcement
        {
            Id = Guid.CreateVersion7(now),
            Code = NewCode(),
            AdmissionId = admission.Id,
            PersonId = admission.PersonId,
            NeedsSecondApproval = NeedsSecondApproval(admission),
            DisplayName = TextRules.IsBlank(admission.Name.Value) ? Announcement.Unnamed : admission.Name.Value!,
            Sex = admission.Sex,
            AgeMin = age ?? admission.EstimatedAgeMin,
            AgeMax = age ?? admission.EstimatedAgeMax,
            HeightCm = admission.HeightCm,
            Features = Features(admission),
            Clothing = Cut(admission.Clothing, AnnouncementLimits.Clothing),
            Dialect = admission.Dialect.Value,
            FoundOn = clock.DateOf(report?.FoundAt ?? admission.AdmittedAt),
            FoundPlace = Cut(report?.PlaceText, AnnouncementLimits.FoundPlace) ?? station.Name,
            FoundDivisionCode = report?.DivisionCode ?? station.DivisionCode,
            Contact = Cut(string.Join(" ", new[] { station.Name, _options.Contact }.Where(s => !string.IsNullOrWhiteSpace(s))), AnnouncementLimits.Contact)!,
            FirstDueAt = admission.AdmittedAt + _options.FirstDue,
            DueAt = admission.AdmittedAt + _options.FirstDue,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (photo is { } first) SetPhotos(announcement, [first]);
        db.Announcements.Add(announcement);
        Log(announcement, AnnouncementAction.Drafted, Actor.System, now, null);
        audit.Add(AuditAction.Create, nameof(Announcement), announcement.Id, admission.CaseNumber);
    }

    private void Withdraw(Announcement announcement, WithdrawReason reason, string? note, Actor actor, DateTimeOffset now)
    {
        announcement.Withdraw(reason, note, now);
        Log(announcement, AnnouncementAction.Withdrawn, actor, now, note);
        if (actor == Actor.System) audit.Add(AuditAction.Update, nameof(Announcement), announcement.Id, $"withdrawn: {reason}");
    }

    private void SetPhotos(Announcement announcement, IReadOnlyList<Guid> photoIds)
    {
        db.AnnouncementPhotos.RemoveRange(announcement.Photos.Where(p => !photoIds.Contains(p.PhotoId)));
        announcement.Photos.RemoveAll(p => !photoIds.Contains(p.PhotoId));
        for (var i = 0; i < photoIds.Count; i++)
        {
            var row = announcement.Photos.FirstOrDefault(p => p.PhotoId == photoIds[i]);
            if (row is null) announcement.Photos.Add(row = new AnnouncementPhoto { AnnouncementId = announcement.Id, PhotoId = photoIds[i] });
            row.Position = i;
        }
    }

    private void Log(Announcement announcement, AnnouncementAction action, Actor actor, DateTimeOffset now, string? note) =>
        db.AnnouncementEvents.Add(new AnnouncementEvent
        {
            AnnouncementId = announcement.Id,
            At = now,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Channels = action is AnnouncementAction.Published or AnnouncementAction.Refreshed ? announcement.Channels : AnnouncementChannels.None,
            Note = Cut(note, FieldLimits.Reason),
        });

    private Task<Announcement?> LoadAsync(Guid id, CancellationToken ct) =>
        db.Announcements.Include(a => a.Photos).SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Saves; two officers acting on the same announcement at once: the second is told to look again.</summary>
    private async Task SaveAsync(Announcement announcement, AuditAction action, string detail, CancellationToken ct)
    {
        audit.Add(action, nameof(Announcement), announcement.Id, detail);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new TransitionRefusedException(UiText.Format("Err.Announcement.ChangedMeanwhile"));
        }
    }

    private static string? Features(Admission a)
    {
        var parts = new List<string?> { a.Build, a.Hair };
        parts.AddRange(a.Marks.Select(m => m.Described()));
        parts.Add(a.Tattoos);
        var text = string.Join("；", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return Cut(text, AnnouncementLimits.Features);
    }


    private static string? Cut(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max];

    /// <summary>Eight letters and digits with no look-alikes (no 0/O, 1/I/L): easy to read off a poster and type.</summary>
    private static string NewCode() => RandomNumberGenerator.GetString("23456789ABCDEFGHJKMNPQRSTUVWXYZ", 8);
}
