using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Users;

/// <summary>Administration API (accounts, agencies, API keys) and a liaison's view of their agency.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1")
            .WithTags("Administration")
            .RequireAuthorization(Roles.Administrator);

        admin.MapGet("/users", ListUsers).WithName(nameof(ListUsers)).WithSummary("Every account with its role and agency.");
        admin.MapPost("/users", CreateUser).WithName(nameof(CreateUser)).WithSummary("Creates an account with one role.");
        admin.MapPut("/users/{id}/role", SetRole).WithName(nameof(SetRole)).WithSummary("Changes an account's role (and, for a liaison, agency).");
        admin.MapGet("/agencies", ListAgencies).WithName(nameof(ListAgencies)).WithSummary("Partner agencies.");
        admin.MapPost("/agencies", CreateAgency).WithName(nameof(CreateAgency)).WithSummary("Adds a police station or city-management unit.");
        admin.MapGet("/agencies/{agencyId:guid}/api-keys", ListApiKeys).WithName(nameof(ListApiKeys)).WithSummary("An agency's API keys (never the secrets).");
        admin.MapPost("/agencies/{agencyId:guid}/api-keys", IssueApiKey).WithName(nameof(IssueApiKey)).WithSummary("Issues an API key; the secret is shown only in this response.");
        admin.MapDelete("/api-keys/{keyId:guid}", RevokeApiKey).WithName(nameof(RevokeApiKey)).WithSummary("Revokes an API key at once.");

        app.MapGet("/api/v1/agency", GetMyAgency)
            .WithTags("Agency")
            .RequireAuthorization(Roles.Liaison)
            .WithName(nameof(GetMyAgency))
            .WithSummary("The agency the calling liaison or API key acts for.");

        return app;
    }

    public sealed record RoleChange(string Role, Guid? AgencyId);

    public sealed record ApiKeyRequest(string Name);

    private static async Task<Ok<List<UserAdministration.UserItem>>> ListUsers(UserAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListUsersAsync(ct));

    private static async Task<Created<UserAdministration.UserItem>> CreateUser(UserAdministration.NewUser request, UserAdministration admin, CancellationToken ct)
    {
        var user = await admin.CreateUserAsync(request, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", user);
    }

    private static async Task<NoContent> SetRole(string id, RoleChange change, UserAdministration admin, CancellationToken ct)
    {
        await admin.SetRoleAsync(id, change.Role, change.AgencyId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<UserAdministration.AgencyItem>>> ListAgencies(UserAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAgenciesAsync(ct));

    private static async Task<Created<UserAdministration.AgencyItem>> CreateAgency(UserAdministration.NewAgency request, UserAdministration admin, CancellationToken ct)
    {
        var agency = await admin.CreateAgencyAsync(request, ct);
        return TypedResults.Created($"/api/v1/agencies/{agency.Id}", agency);
    }

    private static async Task<Ok<List<UserAdministration.ApiKeyItem>>> ListApiKeys(Guid agencyId, UserAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListApiKeysAsync(agencyId, ct));

    private static async Task<Created<UserAdministration.IssuedApiKey>> IssueApiKey(Guid agencyId, ApiKeyRequest request, UserAdministration admin, ClaimsPrincipal user, CancellationToken ct)
    {
        var issued = await admin.IssueApiKeyAsync(agencyId, request.Name, user.Identity?.Name ?? "", ct);
        return TypedResults.Created($"/api/v1/api-keys/{issued.Key.Id}", issued);
    }

    private static async Task<Results<NoContent, NotFound>> RevokeApiKey(Guid keyId, UserAdministration admin, CancellationToken ct) =>
        await admin.RevokeApiKeyAsync(keyId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<UserAdministration.AgencyItem>, NotFound>> GetMyAgency(ClaimsPrincipal user, RescueDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParse(user.FindFirstValue(RescueClaims.AgencyId), out var agencyId)) return TypedResults.NotFound();
        var agency = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId)
            .Select(a => new UserAdministration.AgencyItem(a.Id, a.Name, a.Kind, a.DivisionCode)).SingleOrDefaultAsync(ct);
        return agency is null ? TypedResults.NotFound() : TypedResults.Ok(agency);
    }
}
