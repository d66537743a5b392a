using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Photos;

/// <summary>How a record's response points at one of its photos.</summary>
public sealed record PhotoRef(Guid Id, int Width, int Height, string Thumbnail, string Display)
{
    public static async Task<List<PhotoRef>> ListAsync(RescueDbContext db, PhotoOwner kind, Guid ownerId, CancellationToken ct) =>
        (await db.Photos.AsNoTracking().Where(p => p.OwnerKind == kind && p.OwnerId == ownerId).OrderBy(p => p.Position).ToListAsync(ct))
        .Select(From).ToList();

    public static PhotoRef From(Photo p) => new(p.Id, p.Width, p.Height, ThumbnailOf(p.Id), DisplayOf(p.Id));

    /// <summary>The address of a photo's thumbnail, for a page that holds only its id.</summary>
    public static string ThumbnailOf(Guid id) => $"/api/v1/photos/{id}/thumbnail";

    /// <summary>The address of a photo's display-size copy, for a page that holds only its id.</summary>
    public static string DisplayOf(Guid id) => $"/api/v1/photos/{id}/display";

    /// <summary>Adds rows for accepted photos to the unit of work, in the order given, and queues the face work for people's photos.</summary>
    public static List<Photo> AddRows(RescueDbContext db, IEnumerable<AcceptedPhoto> photos, PhotoOwner kind, Guid ownerId, string uploadedBy, DateTimeOffset now, int firstPosition = 0)
    {
        var rows = photos.Select((p, i) => new Photo
        {
            Id = Guid.CreateVersion7(now),
            Sha256 = p.Sha256,
            ContentType = p.ContentType,
            Width = p.Width,
            Height = p.Height,
            ByteSize = p.ByteSize,
            OwnerKind = kind,
            OwnerId = ownerId,
            Position = firstPosition + i,
            UploadedBy = uploadedBy,
            UploadedAt = now,
        }).ToList();
        db.Photos.AddRange(rows);
        // The people's photos get face signatures in the background; the upload does not wait.
        if (kind is PhotoOwner.Admission or PhotoOwner.Notice)
        {
            db.FaceJobs.AddRange(rows.Select(r => new FaceJob { PhotoId = r.Id, EnqueuedAt = now, NotBefore = now }));
        }
        return rows;
    }
}
