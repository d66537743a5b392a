using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Photos;

/// <summary>Serves a photo's upright, metadata-free files to those <see cref="PhotoAudience"/> lets see them; every serve is audited.</summary>
public static class PhotosApi
{
    public static IEndpointRouteBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/photos/{id:guid}/{variant}", GetPhoto)
            .WithTags("Photos")
            // The roles that may see some photo; which photo and which file is PhotoAudience's answer. The public
            // board will serve its public derivatives through a route of its own that asks the same rule.
            .RequireAuthorization(p => p.RequireAuthenticatedUser().RequireRole(Roles.StationStaff, Roles.CaseOfficer, Roles.Liaison))
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .WithName(nameof(GetPhoto))
            .WithSummary("A photo as JPEG: full (station roles), display (≤ 1280 px) or thumbnail (≤ 320 px).");
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> GetPhoto(
        Guid id, string variant, ClaimsPrincipal user, HttpContext http,
        PhotoAudience audience, PhotoStore store, AuditLog audit, CancellationToken ct)
    {
        // A browser takes the file for the JPEG it is said to be, whatever its bytes look like: an upload
        // crafted to also read as HTML or script is never run from the app's origin.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        PhotoVariant? wanted = variant switch
        {
            "full" => PhotoVariant.Full,
            "display" => PhotoVariant.Display,
            "thumbnail" => PhotoVariant.Thumbnail,
            _ => null,
        };
        if (wanted is not { } v) return TypedResults.NotFound();

        // A photo the caller may not see answers as one that does not exist: 403 would tell it exists.
        var photo = await audience.FindAsync(user, id, v, ct);
        if (photo is null) return TypedResults.NotFound();

        var file = store.OpenVariant(photo.Sha256, v);
        if (file is null) return TypedResults.NotFound();
        try
        {
            await audit.RecordReadAsync("Photo", id, variant, ct);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        // A face on a shared computer's disk or in a proxy's cache is a leak.
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(file, "image/jpeg");
    }
}
