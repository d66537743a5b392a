using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rescue.Web.Components;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Cases;

/// <summary>What administrators set for the deadlines (the station's policy and its local days) and the daily summary of overdue tasks.</summary>
public static class CaseSettingsApi
{
    /// <summary>Those who read the settings: the station's roles, whose deadlines they set, and the administrators.</summary>
    private static readonly AuthorizeAttribute Readers = new() { Roles = $"{Roles.StationStaff},{Roles.CaseOfficer},{Roles.Administrator}" };

    public static IEndpointRouteBuilder MapCaseSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Station settings");
        api.MapGet("/policy", GetPolicy).WithName(nameof(GetPolicy)).RequireAuthorization(Readers)
            .WithSummary("The station's policy values, each with its unit, national default, legal source and limits, and who last changed them when.");
        api.MapPut("/policy", UpdatePolicy).WithName(nameof(UpdatePolicy)).RequireAuthorization(Roles.Administrator)
            .WithSummary("Replaces every policy value. Send back the updatedAt read with them: if another administrator saved since, the answer is 409 with the values now stored. A new value counts for deadlines opened from then on.");
        api.MapGet("/calendar/local-days", ListLocalDays).WithName(nameof(ListLocalDays)).RequireAuthorization(Readers)
            .WithSummary("The station's own days (local holidays and working days), which win over the national calendar.");
        api.MapPut("/calendar/local-days/{day}", SetLocalDay).WithName(nameof(SetLocalDay)).RequireAuthorization(Roles.Administrator)
            .WithSummary("Declares a day (yyyy-MM-dd) a local holiday or a working day, replacing what was declared for it. Counts for deadlines opened from then on.");
        api.MapDelete("/calendar/local-days/{day}", RemoveLocalDay).WithName(nameof(RemoveLocalDay)).RequireAuthorization(Roles.Administrator)
            .WithSummary("Removes a declared day: the national calendar counts for it again.");
        api.MapGet("/tasks/overdue-summary", GetOverdueSummary).WithName(nameof(GetOverdueSummary)).RequireAuthorization(Roles.Administrator)
            .WithSummary("The latest daily summary of overdue tasks (by kind and role, and the oldest), made after the station's midnight; 204 before the first.");
        return app;
    }

    private static async Task<Ok<PolicyView>> GetPolicy(CasePolicies policies, CancellationToken ct) => TypedResults.Ok(await policies.ViewAsync(ct));

    private static async Task<Results<Ok<PolicyView>, Conflict<ProblemDetails>>> UpdatePolicy(CasePolicies.Change change, ClaimsPrincipal user, CasePolicies policies, CancellationToken ct)
    {
        var outcome = await policies.UpdateAsync(change, Actor.Of(user), ct);
        if (outcome.Saved) return TypedResults.Ok(outcome.Current);
        return TypedResults.Conflict(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = UiText.Format("Err.Policy.ChangedMeanwhile"),
            Extensions = { ["current"] = outcome.Current },
        });
    }

    private static async Task<Ok<List<LocalDay>>> ListLocalDays(LocalDays days, CancellationToken ct) => TypedResults.Ok(await days.ListAsync(ct));

    private static async Task<Ok<LocalDay>> SetLocalDay(DateOnly day, LocalDays.Declaration declaration, ClaimsPrincipal user, LocalDays days, CancellationToken ct) =>
        TypedResults.Ok(await days.SetAsync(day, declaration, Actor.Of(user), ct));

    private static async Task<Results<NoContent, NotFound>> RemoveLocalDay(DateOnly day, LocalDays days, CancellationToken ct) =>
        await days.RemoveAsync(day, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<Ok<OverdueTasksSummary>, NoContent> GetOverdueSummary(DailyOverdueSummary daily) =>
        daily.Latest is { } summary ? TypedResults.Ok(summary) : TypedResults.NoContent();
}
