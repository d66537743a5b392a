using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Announcements;

/// <summary>The case officers' queue of tips, and the public's sending of a tip on an announcement.</summary>
public static class TipsApi
{
    public static IEndpointRouteBuilder MapTipsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tips").WithTags("Tips").RequireAuthorization(Roles.CaseOfficer);

        api.MapGet("", ListTips).WithName(nameof(ListTips))
            .WithSummary("Tips, new first, then newest first (status filters: New, Noted, BecameNotice, Dismissed). Every tip listed is an audited read.");
        api.MapGet("/{id:guid}", GetTip).WithName(nameof(GetTip)).WithSummary("One tip in full, with its photo. The read is audited.");
        api.MapPost("/{id:guid}/note", NoteTip).WithName(nameof(NoteTip)).WithSummary("Keeps the tip as a note; the note (required) says what it told.");
        api.MapPost("/{id:guid}/dismiss", DismissTip).WithName(nameof(DismissTip)).WithSummary("Sets the tip aside (nothing in it, or abuse), with an optional note.");
        api.MapPost("/{id:guid}/notice", TipToNotice)
            .Produces<NoticeDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithName(nameof(TipToNotice))
            .WithSummary("Turns the tip into an open missing-person notice: the sender is its reporter and the message its circumstances unless the body says otherwise; the tip's photo goes with it.");

        // No sign-in, limited per address and per announcement; what it receives is never shown publicly.
        app.MapPost("/api/v1/public/announcements/{code}/tips", SendTip)
            .WithTags("Public")
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.OnePhoto)
            .Accepts<TipForm>("application/json", "multipart/form-data")
            .Produces<TipReceipt>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName(nameof(SendTip))
            .WithSummary("Someone who may know the person sends a tip: JSON, or multipart with a 'tip' JSON part and at most one 'photos' file.");
        return app;
    }

    /// <summary>What the sender is told.</summary>
    public sealed record TipReceipt(string Message);

    private static async Task<Ok<List<TipItem>>> ListTips(TipBox tips, string? status, int? take, CancellationToken ct)
    {
        return TypedResults.Ok(await tips.ListAsync(RequestValidation.EnumOrNull<TipStatus>(status, "status"), take ?? 100, ct));
    }

    private static async Task<Results<Ok<TipDetails>, NotFound>> GetTip(Guid id, TipBox tips, CancellationToken ct) =>
        await tips.GetAsync(id, ct) is { } tip ? TypedResults.Ok(tip) : TypedResults.NotFound();

    private static async Task<Results<Ok<TipDetails>, NotFound>> NoteTip(Guid id, TipDecision decision, ClaimsPrincipal user, TipBox tips, CancellationToken ct) =>
        await tips.NoteAsync(id, decision, Actor.Of(user), ct) ? TypedResults.Ok((await tips.GetAsync(id, ct))!) : TypedResults.NotFound();

    private static async Task<Results<Ok<TipDetails>, NotFound>> DismissTip(Guid id, TipDecision decision, ClaimsPrincipal user, TipBox tips, CancellationToken ct) =>
        await tips.DismissAsync(id, decision, Actor.Of(user), ct) ? TypedResults.Ok((await tips.GetAsync(id, ct))!) : TypedResults.NotFound();

    private static async Task<Results<Created<NoticeDetails>, NotFound>> TipToNotice(Guid id, NoticeForm form, ClaimsPrincipal user, TipBox tips, CancellationToken ct) =>
        await tips.BecomeNoticeAsync(id, form, Actor.Of(user), ct) is { } notice
            ? TypedResults.Created($"/api/v1/notices/{notice.Id}", notice) : TypedResults.NotFound();

    private static async Task<Results<Accepted<TipReceipt>, ProblemHttpResult>> SendTip(string code, HttpRequest request, TipBox tips, CancellationToken ct)
    {
        var (form, photos) = await JsonWithPhotos.ReadAsync<TipForm>(request, "tip", ct);
        // Past a limit: TooManySubmissionsException, answered 429 with Retry-After (Hosting/ErrorHandling.cs).
        return await tips.SubmitAsync(code, form, photos, request.HttpContext.Connection.RemoteIpAddress, ct) switch
        {
            PublicLookup.Found => TypedResults.Accepted((string?)null, new TipReceipt(UiText.Format("Tip.Received"))),
            PublicLookup.Gone => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, detail: UiText.Format("Tip.Gone")),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound),
        };
    }
}
