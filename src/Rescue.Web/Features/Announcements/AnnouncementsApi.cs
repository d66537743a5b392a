using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Announcements;

/// <summary>The station's API for its announcements: lists, one in full, edits, publication, approval, withdrawal.</summary>
public static class AnnouncementsApi
{
    public static IEndpointRouteBuilder MapAnnouncementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/announcements").WithTags("Announcements").RequireAuthorization(Policies.Station);

        api.MapGet("", ListAnnouncements).WithName(nameof(ListAnnouncements))
            .WithSummary("Announcements in one list: Due (drafts and refreshes falling due, overdue first), AwaitingApproval, Published or Withdrawn.");
        api.MapGet("/{id:guid}", GetAnnouncement).WithName(nameof(GetAnnouncement))
            .WithSummary("One announcement: its state and due date, its public text and photos, and its history.");
        api.MapPut("/{id:guid}", UpdateAnnouncement).WithName(nameof(UpdateAnnouncement))
            .WithSummary("Saves the public text and the photos (the admission's own, at most four). A sensitive announcement must be approved again.");
        api.MapPost("/{id:guid}/publish", PublishAnnouncement).WithName(nameof(PublishAnnouncement))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Publishes on the board and the channels given, or refreshes a published one; a minor's or an at-risk person's waits for a second officer.");
        api.MapPost("/{id:guid}/approve", ApproveAnnouncement).WithName(nameof(ApproveAnnouncement))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("A second case officer, not the one who prepared it, approves and so publishes a sensitive announcement.");
        api.MapPost("/{id:guid}/withdraw", WithdrawAnnouncement).WithName(nameof(WithdrawAnnouncement))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Withdraws it from every channel for good: its public page and photos answer 410 from the next request.");
        return app;
    }

    /// <summary>The channels to publish on; the board is always one.</summary>
    public sealed record PublishRequest(List<AnnouncementChannels>? Channels);

    public sealed record WithdrawRequest(WithdrawReason Reason, string? Note);

    private static async Task<Ok<List<AnnouncementItem>>> ListAnnouncements(AnnouncementQueries queries, string? list, int? take, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(RequestValidation.EnumOrNull<AnnouncementList>(list, "list") ?? AnnouncementList.Due, take ?? 100, ct));

    private static async Task<Results<Ok<AnnouncementDetails>, NotFound>> GetAnnouncement(Guid id, AnnouncementQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : TypedResults.NotFound();

    private static async Task<Results<Ok<AnnouncementDetails>, NotFound>> UpdateAnnouncement(Guid id, AnnouncementForm form, ClaimsPrincipal user, AnnouncementRegistry registry, AnnouncementQueries queries, CancellationToken ct) =>
        await registry.UpdateAsync(id, form, Actor.Of(user), ct) is null ? TypedResults.NotFound() : TypedResults.Ok((await queries.GetAsync(id, ct))!);

    private static async Task<Results<Ok<AnnouncementDetails>, NotFound>> PublishAnnouncement(Guid id, PublishRequest? request, ClaimsPrincipal user, AnnouncementRegistry registry, AnnouncementQueries queries, CancellationToken ct)
    {
        var channels = AnnouncementChannels.None;
        foreach (var channel in request?.Channels ?? [])
        {
            if (!Enum.IsDefined(channel) || channel == AnnouncementChannels.None)
                throw new ValidationFailedException("channels", UiText.Format("Err.OneOf", string.Join(", ", Enum.GetNames<AnnouncementChannels>().Skip(1))));
            channels |= channel;
        }
        return await registry.PublishAsync(id, channels, Actor.Of(user), ct) is null ? TypedResults.NotFound() : TypedResults.Ok((await queries.GetAsync(id, ct))!);
    }

    private static async Task<Results<Ok<AnnouncementDetails>, NotFound>> ApproveAnnouncement(Guid id, ClaimsPrincipal user, AnnouncementRegistry registry, AnnouncementQueries queries, CancellationToken ct) =>
        await registry.ApproveAsync(id, Actor.Of(user), ct) is null ? TypedResults.NotFound() : TypedResults.Ok((await queries.GetAsync(id, ct))!);

    private static async Task<Results<Ok<AnnouncementDetails>, NotFound>> WithdrawAnnouncement(Guid id, WithdrawRequest request, ClaimsPrincipal user, AnnouncementRegistry registry, AnnouncementQueries queries, CancellationToken ct) =>
        await registry.WithdrawAsync(id, request.Reason, request.Note, Actor.Of(user), ct) is null ? TypedResults.NotFound() : TypedResults.Ok((await queries.GetAsync(id, ct))!);
}
