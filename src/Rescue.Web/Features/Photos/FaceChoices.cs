using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Photos;

/// <summary>The faces of a record's photos for its page, and staff's choice of the person's face.</summary>
public sealed class FaceChoices(RescueDbContext db, AuditLog audit)
{
    public async Task<Dictionary<Guid, FacesApi.PhotoFaces>> LoadAsync(IEnumerable<PhotoRef> photos, CancellationToken ct)
    {
        var faces = new Dictionary<Guid, FacesApi.PhotoFaces>();
        foreach (var photo in photos)
        {
            if (await FacesApi.LoadAsync(db, photo.Id, ct) is { } found) faces[photo.Id] = found;
        }
        return faces;
    }

    /// <summary>Takes the choice only for a photo of this owner: a crafted form cannot reach another record's photo.</summary>
    public async Task ChooseAsync(PhotoOwner owner, Guid ownerId, Guid photoId, Guid faceId, CancellationToken ct)
    {
        if (!await db.Photos.AnyAsync(p => p.Id == photoId && p.OwnerKind == owner && p.OwnerId == ownerId, ct))
        {
            throw new ValidationFailedException("faceId", UiText.Format("Err.NoSuchPhoto"));
        }
        await FacesApi.ChooseAsync(db, audit, photoId, faceId, ct);
    }
}
