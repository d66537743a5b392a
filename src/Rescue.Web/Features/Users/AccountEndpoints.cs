using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Users;

/// <summary>Sign-out and the language switch; sign-in is the Login page.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", async (SignInManager<RescueUser> signIn, UserManager<RescueUser> users, ClaimsPrincipal principal) =>
        {
            // A new stamp makes every copy of this cookie worthless (SessionCheck), not only the browser's own.
            if (await users.GetUserAsync(principal) is { } user) await users.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        }).ExcludeFromDescription();

        // A plain link switches the language, so it works on every page without JavaScript.
        app.MapGet("/culture/{name}", (string name, string? returnUrl, HttpContext context) =>
        {
            var target = ReturnUrls.Checked(returnUrl, "returnUrl");
            var culture = Localization.SupportedCultures.Contains(name) ? name : Localization.DefaultCulture;
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax });
            return TypedResults.LocalRedirect(target);
        }).ExcludeFromDescription();

        return app;
    }
}
