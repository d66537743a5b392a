using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Reports;

/// <summary>Discovery reports: liaisons and their agencies' systems file them; the station reads them.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("Reports");

        // Partner systems post without an antiforgery token; a caller signed in by the cookie sends the header
        // Hosting/CookiePosts.cs asks for, which a form of another site cannot.
        api.MapPost("/", FileReport)
            .RequireAuthorization(Roles.Liaison)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Photos)
            .AcceptsIdempotencyKey()
            .Accepts<ReportIntake.NewReport>("application/json", "multipart/form-data")
            .Produces<ReportDetails>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithName(nameof(FileReport))
            .WithSummary("Files a discovery report: JSON, or multipart with a 'report' JSON part and 'photos' files. Send an Idempotency-Key header: a retry returns the first answer.");

        api.MapGet("/", ListReports).RequireAuthorization(Policies.Reports)
            .WithName(nameof(ListReports)).WithSummary("Reports, newest first: a liaison's own agency's, or all for the station.");
        api.MapGet("/{id:guid}", GetReport).RequireAuthorization(Policies.Reports)
            .WithName(nameof(GetReport)).WithSummary("One report with its photos and what became of it.");
        return app;
    }

    private static async Task<IResult> FileReport(HttpRequest request, ClaimsPrincipal user, ReportIntake intake, CancellationToken ct)
    {
        var key = Idempotency.KeyOf(request);
        var (report, photos) = await JsonWithPhotos.ReadAsync<ReportIntake.NewReport>(request, "report", ct);
        var agencyId = Guid.Parse(user.FindFirstValue(RescueClaims.AgencyId)!);
        var actor = user.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var filed = await intake.FileAsync(report, photos, new(agencyId, actor), key, ct);
        // The stored answer, not a new one: a retry gets the first answer's bytes, location and status.
        return filed.Receipt.AsResult();
    }

    private static async Task<Ok<List<ReportItem>>> ListReports(
        ClaimsPrincipal user, ReportQueries reports, ReportStatus? status, DateTimeOffset? from, DateTimeOffset? to, Guid? agencyId, string? q, CancellationToken ct) =>
        TypedResults.Ok(await reports.ListAsync(user, new(status, from, to, agencyId, q), ct));

    private static async Task<Results<Ok<ReportDetails>, NotFound>> GetReport(Guid id, ClaimsPrincipal user, ReportQueries reports, CancellationToken ct) =>
        await reports.GetAsync(user, id, ct) is { } report ? TypedResults.Ok(report) : TypedResults.NotFound();
}
