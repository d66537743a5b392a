using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Photos;

/// <summary>The faces found in a photo, and staff's choice of which one is the person.</summary>
public static class FacesApi
{
    /// <summary>Which of a photo's faces is the person.</summary>
    public sealed record PersonFaceChoice(Guid FaceId);

    public static IEndpointRouteBuilder MapFacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/photos/{id:guid}").WithTags("Photos").RequireAuthorization(Policies.Station);
        api.MapGet("/faces", GetFaces).WithName(nameof(GetFaces))
            .WithSummary("The faces found in a photo (boxes and quality, never the embeddings) and which one is the person.");
        api.MapPut("/person-face", ChoosePersonFace).WithName(nameof(ChoosePersonFace))
            .WithSummary("Marks which of a photo's faces is the person, when the photo holds several.");
        return app;
    }

    private static async Task<Results<Ok<PhotoFaces>, NotFound>> GetFaces(Guid id, ClaimsPrincipal user, PhotoAudience audience, FaceChoices choices, CancellationToken ct)
    {
        // The boxes are drawn on the full-resolution photo: they are for those who may see it.
        if (await audience.FindAsync(user, id, PhotoVariant.Full, ct) is null) return TypedResults.NotFound();
        // The read is audited where the faces are loaded.
        return await choices.LoadAsync(id, ct) is { } faces ? TypedResults.Ok(faces) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<PhotoFaces>, NotFound>> ChoosePersonFace(Guid id, PersonFaceChoice choice, FaceChoices choices, CancellationToken ct) =>
        await choices.ChooseAsync(id, choice.FaceId, ct) is { } faces ? TypedResults.Ok(faces) : TypedResults.NotFound();
}
