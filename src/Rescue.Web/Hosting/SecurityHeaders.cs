using Scalar.AspNetCore;

namespace Rescue.Web.Hosting;

/// <summary>The headers that tell a browser what this app's pages may load and who may frame them, on every response.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The app's pages: scripts and styles only from the app's own files (blazor.web.js is a file, and
    /// enhanced navigation and forms fetch from the same origin). Style attributes stay allowed: the face
    /// boxes on a photo are placed with them, and an attribute cannot run code.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The API page runs Scalar: its inline start-up script carries a fresh nonce, it writes its own style
    /// elements, and its bundled schema validators compile with Function() (without 'unsafe-eval' the page
    /// never gets past its placeholders). It loads nothing from elsewhere and shows only our own document.
    /// </summary>
    public const string ApiPagePrefix = "/scalar";

    /// <summary>
    /// Browser features no page here uses, switched off so a script that got in could not turn them on. A photo is
    /// taken through a file input, which needs no camera permission.
    /// </summary>
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Set when the response starts, so an error page that clears the headers still gets them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PolicyFor(context);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            // A page opened from another site's window (or one that opens ours) gets no handle on the other.
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        await next(context);
    });

    private static string PolicyFor(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPagePrefix)) return PagePolicy;
        var nonce = context.Items[ScalarOptions.NonceHttpContextItemKey] as string;
        var scripts = nonce is null ? "'self' 'unsafe-eval'" : $"'self' 'nonce-{nonce}' 'unsafe-eval'";
        return $"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            "connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";
    }
}
