using System.Data.Common;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Users;

/// <summary>
/// Ends a signed-in session on the next request once the account's security stamp changes: signing out,
/// a new role or a new password all change it, so a copied cookie stops working at once. One indexed
/// read of one column per request with a cookie, instead of Identity's re-validation, which rebuilds the
/// whole sign-in (user, roles, claims, a new cookie) each time it runs.
/// </summary>
internal static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
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
