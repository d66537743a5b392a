using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Cases;

/// <summary>A stay's stage, exit, deadlines and DNA requests.</summary>
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
        api.MapGet("/admissions/{id:guid}/stay", GetStay).WithName(nameof(GetStay))
            .WithSummary("A stay's stage, placement, history and exit. The relative's document number is shown to case officers only (the read audited), masked to others.");
        api.MapPost("/admissions/{id:guid}/reception-check", CheckReception).WithName(nameof(CheckReception))
            .WithSummary("The initial check within 24 hours: Register (the stay moves to Registered), Hospital or Police (the stay ends, with the reason and where to). Closes the reception-check task.");
        api.MapPost("/admissions/{id:guid}/care", StartCare).WithName(nameof(StartCare))
            .WithSummary("A registered person moves into in-station care.");
        api.MapPost("/admissions/{id:guid}/stranded-review", ReviewStranded).WithName(nameof(ReviewStranded))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("The stranded review: the placement (InStation, Outside, Tekun) and why. Closes the stranded-review task.");
        api.MapPost("/admissions/{id:guid}/exit", Exit).WithName(nameof(Exit))
            .WithSummary("Ends the stay (Reunion, ReturnHome, SelfDeparture, Unauthorised, Hospital, Transfer, Death, Termination); a refused exit names the rule. A reunion closes the family's notice as found and establishes the identity.");
        return app;
    }

    private static async Task<Results<Ok<StayView>, NotFound>> GetStay(Guid id, ClaimsPrincipal user, Stays stays, CancellationToken ct) =>
        await stays.GetAsync(id, user.IsInRole(Roles.CaseOfficer), ct) is { } stay ? TypedResults.Ok(stay) : TypedResults.NotFound();

    private static async Task<Results<Ok<StayView>, NotFound>> CheckReception(Guid id, ReceptionCheckForm form, ClaimsPrincipal user, Stays stays, CancellationToken ct) =>
        await stays.CheckReceptionAsync(id, form, Actor.Of(user), ct) is { } stay ? TypedResults.Ok(stay) : TypedResults.NotFound();

    private static async Task<Results<Ok<StayView>, NotFound>> StartCare(Guid id, ClaimsPrincipal user, Stays stays, CancellationToken ct) =>
        await stays.StartCareAsync(id, Actor.Of(user), ct) is { } stay ? TypedResults.Ok(stay) : TypedResults.NotFound();

    private static async Task<Results<Ok<StayView>, NotFound>> ReviewStranded(Guid id, StrandedReviewForm form, ClaimsPrincipal user, Stays stays, CancellationToken ct) =>
        await stays.ReviewStrandedAsync(id, form, Actor.Of(user), ct) is { } stay ? TypedResults.Ok(stay) : TypedResults.NotFound();

    private static async Task<Results<Ok<StayView>, NotFound>> Exit(Guid id, ExitForm form, ClaimsPrincipal user, Stays stays, CancellationToken ct) =>
        await stays.ExitAsync(id, form, Actor.Of(user), ct) is { } stay ? TypedResults.Ok(stay) : TypedResults.NotFound();

    private static async Task<Ok<List<TaskItem>>> ListTasks(Guid id, CaseTaskQueries tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.ForAdmissionAsync(id, ct));

    private static async Task<Ok<List<DnaRequest>>> ListDnaRequests(Guid id, DnaRequests dna, CancellationToken ct) =>
        TypedResults.Ok(await dna.ListAsync(id, ct));

    private static async Task<Results<Ok<DnaRequest>, NotFound>> RequestDna(Guid id, DnaRequests.NewRequest form, ClaimsPrincipal user, DnaRequests dna, CancellationToken ct) =>
        await dna.RequestAsync(id, form, Actor.Of(user), ct) is { } request ? TypedResults.Ok(request) : TypedResults.NotFound();

    private static async Task<Results<Ok<DnaRequest>, NotFound>> RecordDnaResult(Guid id, DnaRequests.ResultForm form, ClaimsPrincipal user, DnaRequests dna, CancellationToken ct) =>
        await dna.RecordResultAsync(id, form, Actor.Of(user), ct) is { } request ? TypedResults.Ok(request) : TypedResults.NotFound();
}
