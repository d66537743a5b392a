using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Users;

/// <summary>The <c>Rescue:Sessions</c> settings: how long a signed-in session lasts.</summary>
public sealed class SessionOptions
{
    public const string Section = "Rescue:Sessions";

    /// <summary>A session unused this long ends (each use renews it, once half of it has passed).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after its sign-in however busy it is: a shared station computer left signed in stops at the end of a shift.</summary>
    public TimeSpan AbsoluteLimit { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>
/// Ends a signed-in session past its absolute limit (<see cref="SessionOptions"/>), and on the next request once the account's security stamp changes: signing out,
/// a new role or a new password all change it, so a copied cookie stops working at once. One indexed
/// read of one column per request with a cookie, instead of Identity's re-validation, which rebuilds the
/// whole sign-in (user, roles, claims, a new cookie) each time it runs.
/// </summary>
internal static class SessionCheck
{
    /// <summary>When the session began, kept in the cookie's properties: a sliding renewal copies it, a new sign-in replaces it.</summary>
    private const string SignedInAt = "rescue.signedInAt";

    public static Task StampSignInTime(CookieSigningInContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Properties.Items.TryAdd(SignedInAt, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var limit = services.GetRequiredService<IOptions<SessionOptions>>().Value.AbsoluteLimit;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // A cookie without the time (made before the limit existed) counts as past it.
        if (!context.Properties.Items.TryGetValue(SignedInAt, out var at) || !long.TryParse(at, out var seconds)
            || now - DateTimeOffset.FromUnixTimeSeconds(seconds) > limit)
        {
            await RejectAsync(context);
            return;
        }
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        if (userId is null || stamp is null)
        {
            await RejectAsync(context);
            return;
        }

        string? current;
        try
        {
            current = await services.GetRequiredService<RescueDbContext>().Users.AsNoTracking()
                .Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        }
        catch (DbException)
        {
            // No database, no check: this request goes on unsigned (the error and sign-in pages need no
            // database), and the cookie is kept for when the database is back.
            context.RejectPrincipal();
            return;
        }
        if (current != stamp) await RejectAsync(context);
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
