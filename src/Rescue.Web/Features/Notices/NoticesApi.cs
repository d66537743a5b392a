using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Notices;

/// <summary>Case officers' notices API, and the public's submission of a notice for vetting.</summary>
public static class NoticesApi
{
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notices")
            .WithTags("Notices")
            .RequireAuthorization(Roles.CaseOfficer);

        api.MapGet("/", ListNotices).WithName(nameof(ListNotices))
            .WithSummary("Notices, newest first; q searches names, other names, places and police case numbers.");
        api.MapGet("/{id:guid}", GetNotice).WithName(nameof(GetNotice)).WithSummary("One notice with its notes and photos. The read is audited.");
        api.MapPost("/", CreateNotice)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Photos)
            .Accepts<NoticeForm>("application/json", "multipart/form-data")
            .Produces<NoticeDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithName(nameof(CreateNotice))
            .WithSummary("Registers a notice (walk-in or police): JSON, or multipart with a 'notice' JSON part and 'photos' files.");
        api.MapPost("/{id:guid}/photos", AddPhotos)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Photos)
            .Accepts<IFormFileCollection>("multipart/form-data")
            .ProducesValidationProblem()
            .WithName("AddNoticePhotos")
            .WithSummary("Adds photos a family brings later ('photos' files, 'takenYear' the year they were taken).");
        api.MapPut("/{id:guid}", UpdateNotice).WithName(nameof(UpdateNotice)).WithSummary("Replaces a notice's details.");
        api.MapPost("/{id:guid}/status", ChangeStatus).WithName(nameof(ChangeStatus))
            .WithSummary("Vets, reopens, closes as found, withdraws or expires a notice, with a note saying why.");

        // The public form: no sign-in, limited per address, and what it receives is never shown publicly.
        app.MapPost("/api/v1/public/notices", SubmitPublicNotice)
            .WithTags("Public")
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Photos)
            .Accepts<NoticeForm>("application/json", "multipart/form-data")
            .Produces<PublicNoticeIntake.Receipt>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName(nameof(SubmitPublicNotice))
            .WithSummary("A family submits a missing-person notice; it waits for a case officer's vetting.");
        return app;
    }

    private static async Task<Ok<List<NoticeItem>>> ListNotices(NoticeRegistry registry, string? status, string? source, string? q, CancellationToken ct) =>
        TypedResults.Ok(await registry.ListAsync(new(RequestValidation.EnumOrNull<NoticeStatus>(status, "status"), RequestValidation.EnumOrNull<NoticeSource>(source, "source"), q), ct));

    private static async Task<Results<Ok<NoticeDetails>, NotFound>> GetNotice(Guid id, NoticeRegistry registry, CancellationToken ct) =>
        await registry.GetAsync(id, ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound();

    private static async Task<Created<NoticeDetails>> CreateNotice(HttpRequest request, ClaimsPrincipal user, NoticeRegistry registry, CancellationToken ct)
    {
        var (form, photos) = await JsonWithPhotos.ReadAsync<NoticeForm>(request, "notice", ct);
        var source = request.Query["source"] == "Police" ? NoticeSource.Police : NoticeSource.WalkIn;
        var notice = await registry.CreateAsync(form, photos, source, NoticeStatus.Open, user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        return TypedResults.Created($"/api/v1/notices/{notice.Id}", notice);
    }

    private static async Task<Results<Ok<NoticeDetails>, NotFound>> AddPhotos(Guid id, HttpRequest request, ClaimsPrincipal user, NoticeRegistry registry, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new ValidationFailedException("photos", UiText.Format("Err.Multipart"));
        var form = await request.ReadFormAsync(ct);
        int? year = null;
        if (form["takenYear"].ToString() is { Length: > 0 } text)
        {
            year = int.TryParse(text, out var y) ? y : throw new ValidationFailedException("takenYear", UiText.Format("Err.Year"));
        }
        return await registry.AddPhotosAsync(id, IncomingPhoto.FromForm(form.Files), year, user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct) is { } notice
            ? TypedResults.Ok(notice) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<NoticeDetails>, NotFound>> UpdateNotice(Guid id, NoticeForm form, NoticeRegistry registry, CancellationToken ct) =>
        await registry.UpdateAsync(id, form, ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound();

    private static async Task<Results<Ok<NoticeDetails>, NotFound>> ChangeStatus(Guid id, NoticeStatusChange change, ClaimsPrincipal user, NoticeRegistry registry, CancellationToken ct) =>
        await registry.ChangeStatusAsync(id, change.Status, change.Note, user.FindFirstValue(ClaimTypes.NameIdentifier)!,
            user.FindFirstValue(RescueClaims.DisplayName) ?? "", ct) is { } notice ? TypedResults.Ok(notice) : TypedResults.NotFound();

    private static async Task<Accepted<PublicNoticeIntake.Receipt>> SubmitPublicNotice(HttpRequest request, PublicNoticeIntake intake, CancellationToken ct)
    {
        var (form, photos) = await JsonWithPhotos.ReadAsync<NoticeForm>(request, "notice", ct);
        // Over the limit: TooManySubmissionsException, answered 429 with Retry-After (Hosting/ErrorHandling.cs).
        return TypedResults.Accepted((string?)null, await intake.SubmitAsync(form, photos, request.HttpContext.Connection.RemoteIpAddress, ct));
    }
}
