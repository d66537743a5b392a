using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices;

/// <summary>
/// Registers, edits, vets, closes and expires missing-person notices; used by the API, the pages, the public form and
/// the expiry. Every change leaves one change-outbox row in its own transaction (the import writes its own, under
/// the same status rules: <see cref="MissingPersonNotice.Transitions"/>).
/// </summary>
public sealed class NoticeRegistry(RescueDbContext db, PhotoStore photos, PhotoAttachments attachments, AuditLog audit, ChangeOutbox changes, StationClock clock)
{
    public sealed record Filter(NoticeStatus? Status = null, NoticeSource? Source = null, string? Search = null);

    /// <summary>The author of the note an expiry leaves.</summary>
    public const string ExpiryAuthor = "system";

    public async Task<NoticeDetails> CreateAsync(NoticeForm form, IReadOnlyList<IncomingPhoto> incoming, NoticeSource source, NoticeStatus status, string actorId, CancellationToken ct)
    {
        var errors = RequestValidation.Errors(form, clock);
        if (incoming.Count > PhotoAttachments.MaxPerUpload) errors["photos"] = [UiText.Format("Err.TooManyPhotos", PhotoAttachments.MaxPerUpload)];
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var accepted = await photos.AcceptAllAsync(incoming, ct);

        var now = clock.Now;
        var notice = new MissingPersonNotice
        {
            Id = Guid.CreateVersion7(now),
            Status = status,
            Source = source,
            CreatedBy = actorId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        form.ApplyTo(notice);
        db.Notices.Add(notice);
        var rows = PhotoRef.AddRows(db, accepted, PhotoOwner.Notice, notice.Id, actorId, now);
        for (var i = 0; i < rows.Count; i++) rows[i].TakenYear = i < form.PhotoYears.Count ? form.PhotoYears[i] : null;
        audit.Add(AuditAction.Create, nameof(MissingPersonNotice), notice.Id, $"{source}, {rows.Count} photos");
        changes.Record(RecordKind.Notice, notice.Id, ChangeKind.Created, $"{source}, {status}");
        await db.SaveChangesAsync(ct);
        return NoticeDetails.From(notice, rows.Select(p => new NoticeDetails.NoticePhoto(PhotoRef.From(p), p.TakenYear)).ToList());
    }

    public async Task<NoticeDetails?> UpdateAsync(Guid id, NoticeForm form, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        var notice = await db.Notices.Include(n => n.Notes).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        form.ApplyTo(notice);
        notice.UpdatedAt = clock.Now;
        audit.Add(AuditAction.Update, nameof(MissingPersonNotice), id, "details");
        changes.Record(RecordKind.Notice, id, ChangeKind.Updated, "details");
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(notice, ct);
    }

    /// <summary>Moves the notice to <paramref name="status"/> with a note saying why; refuses a move the rules do not allow.</summary>
    public async Task<NoticeDetails?> ChangeStatusAsync(Guid id, NoticeStatus status, string? note, string actorId, string actorName, CancellationToken ct)
    {
        var notice = await db.Notices.Include(n => n.Notes).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        RequestValidation.Validate(new NoticeStatusChange(status, note), clock);
        Move(notice, status, note, actorId, actorName);
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(notice, ct);
    }

    /// <summary>
    /// Expires up to <paramref name="max"/> open notices whose <see cref="MissingPersonNotice.ExpiresAt"/> has passed,
    /// as an officer's status change would (note, audit entry, outbox row), in one transaction; returns how many.
    /// Rows another instance is expiring are skipped, not waited for.
    /// </summary>
    public async Task<int> ExpireDueAsync(int max, CancellationToken ct)
    {
        var now = clock.Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Notices
            .FromSql($"""
                SELECT * FROM "Notices" WHERE "Status" = {NoticeStatus.Open.ToString()} AND "ExpiresAt" <= {now}
                ORDER BY "ExpiresAt" LIMIT {max} FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);
        foreach (var notice in due.Where(n => n.IsDueToExpire(now)))
        {
            Move(notice, NoticeStatus.Expired, UiText.Format("NoticeExpiredNote", clock.Local(notice.ExpiresAt)), ExpiryAuthor, ExpiryAuthor);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }

    /// <summary>The one path of a status change: the notice's rule, its note, the audit entry and the outbox row.</summary>
    private void Move(MissingPersonNotice notice, NoticeStatus status, string? note, string actorId, string actorName)
    {
        var from = notice.Status;
        // Added through its set: a new note with its id already set would otherwise be taken for an existing row.
        db.NoticeNotes.Add(notice.ChangeStatus(status, note, actorId, actorName, clock.Now));
        audit.Add(AuditAction.Update, nameof(MissingPersonNotice), notice.Id, $"status {from} → {status}");
        changes.Record(RecordKind.Notice, notice.Id, ChangeKind.StatusChanged, ChangeOutbox.Move(from, status));
    }

    /// <summary>Adds photos a family brings later, with the year they were taken; null when the notice does not exist.</summary>
    public async Task<NoticeDetails?> AddPhotosAsync(Guid id, IReadOnlyList<IncomingPhoto> incoming, int? takenYear, string actorId, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().Include(n => n.Notes).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        var rows = await attachments.AddAsync(PhotoOwner.Notice, id, nameof(MissingPersonNotice), incoming, takenYear, actorId, ct);
        changes.Record(RecordKind.Notice, id, ChangeKind.PhotosAdded, $"{rows.Count} photos");
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(notice, ct);
    }

    /// <summary>The notice, with an audit entry for the read; null when it does not exist.</summary>
    public async Task<NoticeDetails?> GetAsync(Guid id, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().Include(n => n.Notes).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        await audit.RecordReadAsync(nameof(MissingPersonNotice), id, null, ct);
        return await DetailsAsync(notice, ct);
    }

    public async Task<List<NoticeItem>> ListAsync(Filter filter, CancellationToken ct)
    {
        var query = db.Notices.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(n => n.Status == status);
        if (filter.Source is { } source) query = query.Where(n => n.Source == source);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            var pattern = Like.Containing(term);
            // A family quotes the receipt number of the public form (XR-1A2B3C4D): the last 8 hex digits of the id.
            var idEnding = IdEndingOf(term) is { } ending ? Like.EndingWith(ending) : null;
            query = query.Where(n => EF.Functions.ILike(n.MissingPersonName, pattern, Like.Escape) || n.OtherNames.Contains(term)
                || EF.Functions.ILike(n.LastSeenPlace!, pattern, Like.Escape) || EF.Functions.ILike(n.Hometown!, pattern, Like.Escape)
                || n.PoliceCaseNumber == term
                || (idEnding != null && EF.Functions.Like(n.Id.ToString(), idEnding, Like.Escape)));
        }
        var rows = await query.OrderByDescending(n => n.CreatedAt).Take(200).ToListAsync(ct);
        return rows.Select(n => new NoticeItem(n.Id, n.MissingPersonName, n.Sex, n.DateOfBirth?.ToString(), n.LastSeenOn, n.LastSeenPlace, n.Status, n.Source, n.CreatedAt)).ToList();
    }

    /// <summary>
    /// The last 8 hex digits of a notice's id, in lower case as PostgreSQL writes a uuid, when <paramref name="term"/> is a
    /// receipt number (<see cref="PublicNoticeIntake.Reference"/>: XR-1A2B3C4D, or the 8 digits alone); otherwise null.
    /// </summary>
    internal static string? IdEndingOf(string term)
    {
        var digits = term.StartsWith("XR-", StringComparison.OrdinalIgnoreCase) ? term[3..] : term;
        return digits.Length == 8 && digits.All(char.IsAsciiHexDigit) ? digits.ToLowerInvariant() : null;
    }

    private async Task<NoticeDetails> DetailsAsync(MissingPersonNotice notice, CancellationToken ct)
    {
        var rows = await db.Photos.AsNoTracking().Where(p => p.OwnerKind == PhotoOwner.Notice && p.OwnerId == notice.Id).OrderBy(p => p.Position).ToListAsync(ct);
        return NoticeDetails.From(notice, rows.Select(p => new NoticeDetails.NoticePhoto(PhotoRef.From(p), p.TakenYear)).ToList());
    }
}
