using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Cases;

/// <summary>A stay's deadlines and DNA requests.</summary>
public static class CasesApi
{
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cases").RequireAuthorization(Policies.Station);
        api.MapGet("/admissions/{id:guid}/tasks", ListTasks).WithName(nameof(ListTasks))
            .WithSummary("A stay's deadlines: each task with its due time, whether it is overdue, and when and by whom it was closed.");
        api.MapGet("/admissions/{id:guid}/dna", ListDnaRequests).WithName(nameof(ListDnaRequests))
            .WithSummary("A stay's DNA requests and results. The read is audited.");
        api.MapPost("/admissions/{id:guid}/dna", RequestDna).WithName(nameof(RequestDna))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Records a DNA request to the police: closes the 7-working-day task and opens the one-month result task.");
        api.MapPost("/dna/{id:guid}/result", RecordDnaResult).WithName(nameof(RecordDnaResult))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Records the police's DNA result (Match, NoMatch, NoResult): closes the result task.");
        return app;
    }

    private static async Task<Ok<List<TaskItem>>> ListTasks(Guid id, CaseTaskQueries tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.ForAdmissionAsync(id, ct));

    private static async Task<Ok<List<DnaRequest>>> ListDnaRequests(Guid id, DnaRequests dna, CancellationToken ct) =>
        TypedResults.Ok(await dna.ListAsync(id, ct));

    private static async Task<Results<Ok<DnaRequest>, NotFound>> RequestDna(Guid id, DnaRequests.NewRequest form, ClaimsPrincipal user, DnaRequests dna, CancellationToken ct) =>
        await dna.RequestAsync(id, form, Actor.Of(user), ct) is { } request ? TypedResults.Ok(request) : TypedResults.NotFound();

    private static async Task<Results<Ok<DnaRequest>, NotFound>> RecordDnaResult(Guid id, DnaRequests.ResultForm form, ClaimsPrincipal user, DnaRequests dna, CancellationToken ct) =>
        await dna.RecordResultAsync(id, form, Actor.Of(user), ct) is { } request ? TypedResults.Ok(request) : TypedResults.NotFound();
}
