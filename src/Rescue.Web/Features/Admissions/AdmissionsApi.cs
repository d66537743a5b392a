using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Admissions;

/// <summary>Station staff's admissions API.</summary>
public static class AdmissionsApi
{
    public static IEndpointRouteBuilder MapAdmissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admissions")
            .WithTags("Admissions")
            .RequireAuthorization(Roles.StationStaff);

        api.MapGet("/", ListAdmissions)
            .WithName(nameof(ListAdmissions))
            .WithSummary("Admissions, newest first.");

        return app;
    }

    public sealed record AdmissionItem(Guid Id, string CaseNumber, string? NameAsTold, DateTimeOffset AdmittedAt, AdmissionStatus Status);

    private static async Task<Ok<List<AdmissionItem>>> ListAdmissions(RescueDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Admissions
            .OrderByDescending(a => a.AdmittedAt)
            .Take(100)
            .Select(a => new AdmissionItem(a.Id, a.CaseNumber, a.NameAsTold, a.AdmittedAt, a.Status))
            .ToListAsync(ct));
}
