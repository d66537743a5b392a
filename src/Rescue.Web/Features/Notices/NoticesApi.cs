using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Notices;

/// <summary>Case officers' missing-person notices API.</summary>
public static class NoticesApi
{
    public static IEndpointRouteBuilder MapNoticesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notices")
            .WithTags("Notices")
            .RequireAuthorization(Roles.CaseOfficer);

        api.MapGet("/", ListNotices)
            .WithName(nameof(ListNotices))
            .WithSummary("Missing-person notices, newest first.");

        return app;
    }

    public sealed record NoticeItem(Guid Id, string MissingPersonName, NoticeStatus Status, DateTimeOffset CreatedAt);

    private static async Task<Ok<List<NoticeItem>>> ListNotices(RescueDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Notices
            .OrderByDescending(n => n.CreatedAt)
            .Take(100)
            .Select(n => new NoticeItem(n.Id, n.MissingPersonName, n.Status, n.CreatedAt))
            .ToListAsync(ct));
}
