using System.Security.Claims;

namespace Rescue.Web.Features.Users;

/// <summary>Who does something, as a record's history names them: the user's id and display name; the app's own work is <see cref="System"/>.</summary>
public sealed record Actor(string Id, string Name)
{
    public static readonly Actor System = new("system", "Rescue");

    /// <summary>The signed-in user (or agency API key).</summary>
    public static Actor Of(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier)!, user.FindFirstValue(RescueClaims.DisplayName) ?? user.Identity?.Name ?? "");
}
