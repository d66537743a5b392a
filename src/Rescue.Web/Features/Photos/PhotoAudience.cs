using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Photos;

/// <summary>
/// Who may see which files of a photo: the one rule every read of a photo asks. Station staff and case officers
/// see every file of the station's photos, but a tip's photo (something a member of the public sent) only case
/// officers, who handle tips; a liaison sees the page-sized copies of their own agency's reports'
/// photos; anyone, signed in or not, sees the public derivative of a photo that a <see cref="IPublicPhotoSource"/>
/// says is published; nobody else sees anything.
/// </summary>
public sealed class PhotoAudience(RescueDbContext db, IEnumerable<IPublicPhotoSource> publicSources)
{
    /// <summary>Every file: the full-resolution one is evidence, for the station's own people only.</summary>
    public static readonly IReadOnlySet<PhotoVariant> Every = Enum.GetValues<PhotoVariant>().ToFrozenSet();

    /// <summary>The copies a page shows (upright, no metadata, at most 1280 px): what a partner agency sees of its own reports.</summary>
    public static readonly IReadOnlySet<PhotoVariant> PageCopies = new[] { PhotoVariant.Display, PhotoVariant.Thumbnail }.ToFrozenSet();

    /// <summary>
    /// The public derivative: today the page-sized copies, which carry no metadata. Should announcements need a
    /// copy of their own (a crop, a blurred background), it becomes a <see cref="PhotoVariant"/> named here alone.
    /// </summary>
    public static readonly IReadOnlySet<PhotoVariant> PublicDerivative = PageCopies;

    public static readonly IReadOnlySet<PhotoVariant> Nothing = FrozenSet<PhotoVariant>.Empty;

    /// <summary>The files of <paramref name="photo"/> that <paramref name="user"/> may see; empty when none.</summary>
    public async Task<IReadOnlySet<PhotoVariant>> VariantsAsync(ClaimsPrincipal user, Photo photo, CancellationToken ct)
    {
        // Roles count only on a signed-in identity: a principal built from claims alone is nobody.
        var signedIn = user.Identity?.IsAuthenticated == true;
        if (signedIn && user.IsInRole(Roles.CaseOfficer)) return Every;
        // Nothing publishes a tip's photo, and the tips queue is the case officers' alone.
        if (photo.OwnerKind == PhotoOwner.Tip) return Nothing;
        if (signedIn && user.IsInRole(Roles.StationStaff)) return Every;
        if (signedIn && user.IsInRole(Roles.Liaison) && photo.OwnerKind == PhotoOwner.Report
            && Guid.TryParse(user.FindFirstValue(RescueClaims.AgencyId), out var agencyId)
            && await db.Reports.AnyAsync(r => r.Id == photo.OwnerId && r.AgencyId == agencyId, ct))
        {
            return PageCopies;
        }
        foreach (var source in publicSources)
        {
            if (await source.IsPublishedAsync(photo, ct)) return PublicDerivative;
        }
        return Nothing;
    }

    /// <summary>
    /// The photo when <paramref name="user"/> may see its <paramref name="variant"/>; null when there is no such photo
    /// or they may not see it: the two answer alike, so a caller cannot learn that a hidden photo exists.
    /// </summary>
    public async Task<Photo?> FindAsync(ClaimsPrincipal user, Guid photoId, PhotoVariant variant, CancellationToken ct)
    {
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct);
        return photo is not null && (await VariantsAsync(user, photo, ct)).Contains(variant) ? photo : null;
    }
}

/// <summary>
/// A feature that shows photos to the public (the announcements board, 寻亲公告): says whether a photo is the public
/// face of something it has published. Register it with <c>AddScoped&lt;IPublicPhotoSource, …&gt;</c>; every registered
/// source is asked, in no particular order. None exists yet, so the public sees no photo.
/// </summary>
public interface IPublicPhotoSource
{
    /// <summary>True while <paramref name="photo"/> is shown by something published; false once it is withdrawn.</summary>
    Task<bool> IsPublishedAsync(Photo photo, CancellationToken ct);
}
