using Microsoft.AspNetCore.Mvc;
using Rescue.Web.Components;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Hosting;

/// <summary>
/// An API call that changes something and is signed in by the sign-in cookie must carry <see cref="Header"/>.
/// SameSite=Lax keeps the cookie off another site's posts, but not off those of another site on the same host (a
/// different port or subdomain is the same site), and a plain HTML form can post JSON-less bodies (multipart,
/// URL-encoded) to the API. A form cannot set a header, and a script of another origin that sets one must first ask
/// permission (a CORS preflight), which this app never grants; so the header proves the call comes from a page of this
/// origin or from a program. Callers with an API key (<c>X-Api-Key</c>) send no cookie and are not asked; anonymous
/// calls carry no one's authority; pages' own forms carry Blazor's antiforgery token instead.
/// </summary>
public static class CookiePosts
{
    /// <summary>The header, with any value; <c>1</c> by convention.</summary>
    public const string Header = "X-Rescue-Request";

    public static IApplicationBuilder UseCookiePostCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsHeader(context) && !context.Request.Headers.ContainsKey(Header))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Detail = UiText.Format("Err.CookiePostHeader", Header) },
            });
            return;
        }
        await next(context);
    });

    /// <summary>A change to the API by a caller the cookie signed in (the scheme chooses the key whenever its header is sent).</summary>
    private static bool NeedsHeader(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api")
        && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        && !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
        && context.User.Identity?.IsAuthenticated == true;
}
