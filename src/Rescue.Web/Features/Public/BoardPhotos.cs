using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Features.Public;

/// <summary>
/// An announcement's photos on the board, by their place in it (/gg/CODE/photos/0): the public derivative only, never the
/// full-size file, to anyone; 410 from the request after the announcement is withdrawn, 404 for what never was public.
/// </summary>
public static class BoardPhotos
{
    public static IEndpointRouteBuilder MapBoardPhotos(this IEndpointRouteBuilder app)
    {
        var photos = app.MapGroup("/gg/{code}/photos/{n:int}").WithTags("Public board").AllowAnonymous();
        photos.MapGet("", (string code, int n, HttpContext http, PublicAnnouncements board, PhotoAudience audience, PhotoStore store, CancellationToken ct) =>
                ServeAsync(code, n, PhotoVariant.Display, http, board, audience, store, ct))
            .WithName("GetBoardPhoto")
            .WithSummary("The nth photo (from 0) of a public announcement, at most 1280 px, as JPEG; 410 once it is withdrawn.");
        photos.MapGet("/thumbnail", (string code, int n, HttpContext http, PublicAnnouncements board, PhotoAudience audience, PhotoStore store, CancellationToken ct) =>
                ServeAsync(code, n, PhotoVariant.Thumbnail, http, board, audience, store, ct))
            .WithName("GetBoardThumbnail")
            .WithSummary("The nth photo (from 0) of a public announcement, at most 320 px, as JPEG; 410 once it is withdrawn.");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound, StatusCodeHttpResult>> ServeAsync(
        string code, int n, PhotoVariant variant, HttpContext http, PublicAnnouncements board, PhotoAudience audience, PhotoStore store, CancellationToken ct)
    {
        // A browser takes the file for the JPEG it is said to be, whatever its bytes look like (see PhotosApi).
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var (lookup, photoId) = await board.PhotoAsync(code, n, ct);
        if (lookup == PublicLookup.Gone) return TypedResults.StatusCode(StatusCodes.Status410Gone);
        if (photoId is not { } id) return TypedResults.NotFound();

        // The photo rule is asked like every read of a photo: the public derivative of a photo a current announcement shows.
        var photo = await audience.FindAsync(http.User, id, variant, ct);
        if (photo is null || !PhotoAudience.PublicDerivative.Contains(variant)) return TypedResults.NotFound();
        var file = store.OpenVariant(photo.Sha256, variant);
        if (file is null) return TypedResults.NotFound();

        // Public, so not audited read by read (the audit log follows who reads a person's data behind the sign-in);
        // kept a minute by caches at most, revalidated by a tag that names the file without telling its hash.
        http.Response.Headers.CacheControl = BoardCaching.PhotoCacheControl;
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{photo.Sha256}/{variant}")))[..32];
        return TypedResults.Stream(file, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{tag}\""));
    }
}
