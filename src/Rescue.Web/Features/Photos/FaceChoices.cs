using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Photos;

/// <summary>The faces found in photos, and staff's choice of which one is the person; used by the faces endpoints and the record pages.</summary>
public sealed class FaceChoices(RescueDbContext db, AuditLog audit, ChangeOutbox changes)
{
    /// <summary>
    /// The faces of one photo, with an audit entry for the read (face boxes are biometric data); null when there is no
    /// such photo. Every reader of a person's faces (the faces endpoint, the record pages, a choice's answer) comes here.
    /// </summary>
    public async Task<PhotoFaces?> LoadAsync(Guid photoId, CancellationToken ct)
    {
        var faces = await ReadAsync(photoId, ct);
        await db.SaveChangesAsync(ct);
        return faces;
    }

    /// <summary>The photo's faces, with their read's audit entry added (not yet saved).</summary>
    private async Task<PhotoFaces?> ReadAsync(Guid photoId, CancellationToken ct)
    {
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return null;
        var faces = await db.FaceSignatures.AsNoTracking().Where(f => f.PhotoId == photoId).OrderBy(f => f.FaceIndex)
            .Select(f => new FaceItem(f.Id, f.FaceIndex, f.BoxX, f.BoxY, f.BoxSide, f.DetectorScore, f.Sharpness, f.YawDegrees, f.RollDegrees, f.CutOff, f.Usable, f.IsPerson, f.ModelVersion))
            .ToListAsync(ct);
        audit.Add(AuditAction.Read, "Photo", photoId, "faces");
        return new PhotoFaces(photo.Id, photo.Width, photo.Height, photo.FaceStatus, faces);
    }

    /// <summary>The faces of a record's photos, by photo id, for its page.</summary>
    public async Task<Dictionary<Guid, PhotoFaces>> LoadAsync(IEnumerable<PhotoRef> photos, CancellationToken ct)
    {
        var faces = new Dictionary<Guid, PhotoFaces>();
        foreach (var photo in photos)
        {
            if (await ReadAsync(photo.Id, ct) is { } found) faces[photo.Id] = found;
        }
        // One write for the page, an entry for each photo whose faces it shows.
        if (faces.Count > 0) await db.SaveChangesAsync(ct);
        return faces;
    }

    /// <summary>Takes the choice only for a photo of this owner: a crafted form cannot reach another record's photo.</summary>
    public async Task ChooseAsync(PhotoOwner owner, Guid ownerId, Guid photoId, Guid faceId, CancellationToken ct)
    {
        if (!await db.Photos.AnyAsync(p => p.Id == photoId && p.OwnerKind == owner && p.OwnerId == ownerId, ct))
        {
            throw new ValidationFailedException("faceId", UiText.Format("Err.NoSuchPhoto"));
        }
        await ChooseAsync(photoId, faceId, ct);
    }

    /// <summary>Makes <paramref name="faceId"/> the person's face of its photo, and no other; the photo's faces after, or null when there is no such photo.</summary>
    public async Task<PhotoFaces?> ChooseAsync(Guid photoId, Guid faceId, CancellationToken ct)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return null;
        var faces = await db.FaceSignatures.Where(f => f.PhotoId == photoId).ToListAsync(ct);
        var chosen = faces.SingleOrDefault(f => f.Id == faceId) ?? throw new ValidationFailedException("faceId", UiText.Format("Err.NoSuchFace"));
        if (!chosen.Usable) throw new ValidationFailedException("faceId", UiText.Format("Err.FaceTooSmall"));
        foreach (var face in faces) face.IsPerson = face.Id == faceId;
        photo.FaceStatus = FaceStatus.Found;
        audit.Add(AuditAction.Update, "Photo", photoId, $"person's face: {chosen.FaceIndex}");
        if (ChangeOutbox.KindOf(photo.OwnerKind) is { } kind) changes.Record(kind, photo.OwnerId, ChangeKind.FacesFound, $"photo {photoId}: face {chosen.FaceIndex} chosen");
        await db.SaveChangesAsync(ct);
        return await LoadAsync(photoId, ct);
    }
}
