using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Photos;

/// <summary>Adds photos to a record that exists already (staff often photograph a person after registering them).</summary>
public sealed class PhotoAttachments(RescueDbContext db, PhotoStore store, AuditLog audit, StationClock clock)
{
    /// <summary>The most photos one upload takes, for a new record or an existing one.</summary>
    public const int MaxPerUpload = 10;

    /// <summary>
    /// Checks and stores the files first, then adds the rows (queued for faces) and the audit entry to the caller's
    /// unit of work: the record's service saves them with its change-outbox row.
    /// </summary>
    public async Task<List<Photo>> AddAsync(PhotoOwner kind, Guid ownerId, string subject, IReadOnlyList<IncomingPhoto> incoming, int? takenYear, string actorId, CancellationToken ct)
    {
        if (incoming.Count == 0) throw new ValidationFailedException("photos", UiText.Format("Err.NoPhoto"));
        if (incoming.Count > MaxPerUpload) throw new ValidationFailedException("photos", UiText.Format("Err.TooManyPhotos", MaxPerUpload));
        if (takenYear is < 1900 || takenYear > clock.Today.Year) throw new ValidationFailedException("takenYear", UiText.Format("Err.PhotoYear"));
        var accepted = await store.AcceptAllAsync(incoming, ct);

        var last = await db.Photos.Where(p => p.OwnerKind == kind && p.OwnerId == ownerId).MaxAsync(p => (int?)p.Position, ct) ?? -1;
        var rows = PhotoRef.AddRows(db, accepted, kind, ownerId, actorId, clock.Now, last + 1);
        foreach (var row in rows) row.TakenYear = takenYear;
        audit.Add(AuditAction.Update, subject, ownerId, $"{rows.Count} photos added");
        return rows;
    }
}
