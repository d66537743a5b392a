using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Photos;

/// <summary>The faces found in a photo, and staff's choice of which one is the person.</summary>
public static class FacesApi
{
    public sealed record FaceItem(Guid Id, int FaceIndex, float X, float Y, float Side, float DetectorScore, float Sharpness,
        float YawDegrees, float RollDegrees, bool CutOff, bool Usable, bool IsPerson, string ModelVersion);

    public sealed record PhotoFaces(Guid PhotoId, int Width, int Height, FaceStatus Status, IReadOnlyList<FaceItem> Faces);

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

    public static async Task<PhotoFaces?> LoadAsync(RescueDbContext db, Guid photoId, CancellationToken ct)
    {
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return null;
        var faces = await db.FaceSignatures.AsNoTracking().Where(f => f.PhotoId == photoId).OrderBy(f => f.FaceIndex)
            .Select(f => new FaceItem(f.Id, f.FaceIndex, f.BoxX, f.BoxY, f.BoxSide, f.DetectorScore, f.Sharpness, f.YawDegrees, f.RollDegrees, f.CutOff, f.Usable, f.IsPerson, f.ModelVersion))
            .ToListAsync(ct);
        return new PhotoFaces(photo.Id, photo.Width, photo.Height, photo.FaceStatus, faces);
    }

    /// <summary>Makes <paramref name="faceId"/> the person's face of its photo, and no other.</summary>
    public static async Task ChooseAsync(RescueDbContext db, AuditLog audit, Guid photoId, Guid faceId, CancellationToken ct)
    {
        var faces = await db.FaceSignatures.Where(f => f.PhotoId == photoId).ToListAsync(ct);
        var chosen = faces.SingleOrDefault(f => f.Id == faceId) ?? throw new ValidationFailedException("faceId", UiText.Format("Err.NoSuchFace"));
        if (!chosen.Usable) throw new ValidationFailedException("faceId", UiText.Format("Err.FaceTooSmall"));
        foreach (var face in faces) face.IsPerson = face.Id == faceId;
        var photo = await db.Photos.SingleAsync(p => p.Id == photoId, ct);
        photo.FaceStatus = FaceStatus.Found;
        audit.Add(AuditAction.Update, "Photo", photoId, $"person's face: {chosen.FaceIndex}");
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Results<Ok<PhotoFaces>, NotFound>> GetFaces(Guid id, RescueDbContext db, AuditLog audit, CancellationToken ct)
    {
        var faces = await LoadAsync(db, id, ct);
        if (faces is null) return TypedResults.NotFound();
        await audit.RecordReadAsync("Photo", id, "faces", ct);
        return TypedResults.Ok(faces);
    }

    private static async Task<Results<Ok<PhotoFaces>, NotFound>> ChoosePersonFace(Guid id, PersonFaceChoice choice, RescueDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!await db.Photos.AnyAsync(p => p.Id == id, ct)) return TypedResults.NotFound();
        await ChooseAsync(db, audit, id, choice.FaceId, ct);
        return TypedResults.Ok((await LoadAsync(db, id, ct))!);
    }
}
