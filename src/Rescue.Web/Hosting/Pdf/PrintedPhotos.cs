using System.Security.Claims;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Hosting.Pdf;

/// <summary>
/// The photo files a print may hold: read through <see cref="PhotoAudience"/>, so a page prints only what the one it
/// is printed for may see.
/// </summary>
public sealed class PrintedPhotos(PhotoAudience audience, PhotoStore store)
{
    /// <summary>The file's bytes when <paramref name="viewer"/> may see it; null when not, or when the file is missing.</summary>
    public async Task<byte[]?> ReadAsync(ClaimsPrincipal viewer, Guid photoId, PhotoVariant variant, CancellationToken ct)
    {
        if (await audience.FindAsync(viewer, photoId, variant, ct) is not { } photo) return null;
        await using var file = store.OpenVariant(photo.Sha256, variant);
        if (file is null) return null;
        var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, ct);
        return bytes.ToArray();
    }
}
