using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices;

/// <summary>Registers, edits, vets and closes missing-person notices; used by the API and the pages.</summary>
public sealed class NoticeRegistry(RescueDbContext db, PhotoStore photos, PhotoAttachments attachments, AuditLog audit, StationClock clock)
{
    public sealed record Filter(NoticeStatus? Status = null, NoticeSource? Source = null, string? Search = null);

    /// <summary>Which status may follow which: vetting opens or refuses, an open notice ends, an ended one may reopen.</summary>
    public static readonly IReadOnlyDictionary<NoticeStatus, NoticeStatus[]> Transitions = new Dictionary<NoticeStatus, NoticeStatus[]>
    {
        [NoticeStatus.PendingVetting] = [NoticeStatus.Open, NoticeStatus.Withdrawn],
        [NoticeStatus.Open] = [NoticeStatus.Found, NoticeStatus.Withdrawn, NoticeStatus.Expired],
        [NoticeStatus.Found] = [NoticeStatus.Open],
        [NoticeStatus.Withdrawn] = [NoticeStatus.Open],
        [NoticeStatus.Expired] = [NoticeStatus.Open, NoticeStatus.Found, NoticeStatus.Withdrawn],
    };

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
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(notice, ct);
    }

    /// <summary>Moves the notice to <paramref name="status"/> with a note saying why; refuses a move the rules do not allow.</summary>
    public async Task<NoticeDetails?> ChangeStatusAsync(Guid id, NoticeStatus status, string? note, string actorId, string actorName, CancellationToken ct)
    {
        var notice = await db.Notices.Include(n => n.Notes).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        RequestValidation.Validate(new NoticeStatusChange(status, note), clock);
        if (!Transitions[notice.Status].Contains(status))
        {
            throw new ValidationFailedException("status", UiText.Format("Err.StatusChange", UiText.Format("NoticeStatus." + notice.Status), UiText.Format("NoticeStatus." + status)));
        }
        var now = clock.Now;
        if (notice.Status == NoticeStatus.PendingVetting)
        {
            notice.VettedBy = actorId;
            notice.VettedAt = now;
        }
        // Added through its set: a new note with its id already set would otherwise be taken for an existing row.
        db.NoticeNotes.Add(new NoticeNote
        {
            Id = Guid.CreateVersion7(now),
            NoticeId = id,
            AuthorName = actorName,
            Text = note?.Trim() ?? "",
            FromStatus = notice.Status,
            ToStatus = status,
            CreatedAt = now,
        });
        audit.Add(AuditAction.Update, nameof(MissingPersonNotice), id, $"status {notice.Status} → {status}");
        notice.Status = status;
        notice.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(notice, ct);
    }

    /// <summary>Adds photos a family brings later, with the year they were taken; null when the notice does not exist.</summary>
    public async Task<NoticeDetails?> AddPhotosAsync(Guid id, IReadOnlyList<IncomingPhoto> incoming, int? takenYear, string actorId, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().Include(n => n.Notes).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        await attachments.AddAsync(PhotoOwner.Notice, id, nameof(MissingPersonNotice), incoming, takenYear, actorId, ct);
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
