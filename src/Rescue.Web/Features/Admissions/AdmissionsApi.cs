using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Admissions;

/// <summary>Station staff's admissions API (入站登记).</summary>
public static class AdmissionsApi
{
    public static IEndpointRouteBuilder MapAdmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admissions")
            .WithTags("Admissions")
            .RequireAuthorization(Roles.StationStaff);

        api.MapGet("/", ListAdmissions)
            .WithName(nameof(ListAdmissions))
            .WithSummary("Admissions, newest first; q searches case number, name, aliases and ID number.");
        api.MapGet("/{id:guid}", GetAdmission)
            .WithName(nameof(GetAdmission))
            .WithSummary("One admission with its photos. The read is audited.");
        // Same reasoning as reports: a cookie caller sends the header Hosting/CookiePosts.cs asks for.
        api.MapPost("/", CreateAdmission)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Photos)
            .Accepts<AdmissionForm>("application/json", "multipart/form-data")
            .Produces<AdmissionDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithName(nameof(CreateAdmission))
            .WithSummary("Registers an admission, from a report or directly: JSON, or multipart with an 'admission' JSON part and 'photos' files.");
        api.MapPost("/{id:guid}/photos", AddPhotos)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Photos)
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesValidationProblem()
            .WithName("AddAdmissionPhotos")
            .WithSummary("Adds photos taken after registration ('photos' files); their faces are found in the background.");
        api.MapPut("/{id:guid}", UpdateAdmission)
            .WithName(nameof(UpdateAdmission))
            .WithSummary("Replaces the registration details of an admission.");

        return app;
    }

    private static async Task<Ok<List<AdmissionItem>>> ListAdmissions(AdmissionRegistry registry, AdmissionStatus? status, DateTimeOffset? from, DateTimeOffset? to, string? q, CancellationToken ct) =>
        TypedResults.Ok(await registry.ListAsync(new(status, from, to, q), ct));

    private static async Task<Results<Ok<AdmissionDetails>, NotFound>> GetAdmission(Guid id, AdmissionRegistry registry, CancellationToken ct) =>
        await registry.GetAsync(id, ct) is { } admission ? TypedResults.Ok(admission) : TypedResults.NotFound();

    private static async Task<Created<AdmissionDetails>> CreateAdmission(HttpRequest request, ClaimsPrincipal user, AdmissionRegistry registry, CancellationToken ct)
    {
        var (form, photos) = await JsonWithPhotos.ReadAsync<AdmissionForm>(request, "admission", ct);
        var admission = await registry.CreateAsync(form, photos, user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        return TypedResults.Created($"/api/v1/admissions/{admission.Id}", admission);
    }

    private static async Task<Results<Ok<AdmissionDetails>, NotFound>> AddPhotos(Guid id, HttpRequest request, ClaimsPrincipal user, AdmissionRegistry registry, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new ValidationFailedException("photos", UiText.Format("Err.Multipart"));
        var form = await request.ReadFormAsync(ct);
        return await registry.AddPhotosAsync(id, IncomingPhoto.FromForm(form.Files), user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct) is { } admission
            ? TypedResults.Ok(admission) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<AdmissionDetails>, NotFound>> UpdateAdmission(Guid id, AdmissionForm form, AdmissionRegistry registry, CancellationToken ct) =>
        await registry.UpdateAsync(id, form, ct) is { } admission ? TypedResults.Ok(admission) : TypedResults.NotFound();
}
