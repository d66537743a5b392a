using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Rescue.Web.Features.Announcements;

namespace Rescue.Web.Features.Public;

/// <summary>
/// Marks a page of the public board whose HTML, for someone not signed in, follows from the public set of announcements,
/// the address and the language alone: it is sent with a strong ETag and answered 304 while none of them changed.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BoardPageAttribute : Attribute;

/// <summary>
/// Cache headers of the board's pages. Every request revalidates (max-age=0), so a withdrawal shows at once; an unchanged
/// page costs two small queries and no rendering. The tag is made of when the public set last changed, how many
/// announcements are public (one leaving without a change of its own, its person identified, still moves it), the page's
/// address, the language and the app's build (its pages and asset addresses).
/// </summary>
public static class BoardCaching
{
    public const string PageCacheControl = "public, max-age=0, must-revalidate";

    /// <summary>A board photo may be kept a minute: a withdrawal hides it from every cache within that.</summary>
    public const string PhotoCacheControl = "public, max-age=60";

    private static readonly string Build = typeof(BoardCaching).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<BoardPageAttribute>() is null)
        {
            await next(context);
            return;
        }
        var headers = context.Response.Headers;
        if (context.User.Identity?.IsAuthenticated == true)
        {
            // A signed-in page carries the user's name and a sign-out form: it is for this browser alone. Set as the
            // response starts, over what rendering set (the sign-out form's token sets no-cache, no-store of its own).
            context.Response.OnStarting(() =>
            {
                headers.CacheControl = "private, no-store";
                return Task.CompletedTask;
            });
            await next(context);
            return;
        }

        var tag = await TagAsync(context);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false)))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            Public(headers, tag);
            return;
        }
        context.Response.OnStarting(() =>
        {
            // Only a page that was found carries the tag: a 404, a 410 or a page naming a bad value is answered anew.
            Public(headers, context.Response.StatusCode == StatusCodes.Status200OK ? tag : null);
            return Task.CompletedTask;
        });
        await next(context);
    }

    private static void Public(IHeaderDictionary headers, EntityTagHeaderValue? tag)
    {
        headers.CacheControl = PageCacheControl;
        headers.Pragma = default;
        // The language is chosen by a cookie: a cache keeps one copy per cookie.
        headers.Vary = HeaderNames.Cookie;
        if (tag is not null) headers.ETag = tag.ToString();
    }

    private static async Task<EntityTagHeaderValue> TagAsync(HttpContext context)
    {
        var board = context.RequestServices.GetRequiredService<PublicAnnouncements>();
        var ct = context.RequestAborted;
        var version = await board.VersionAsync(ct);
        var key = string.Join('\n', Build, version.Key, CultureInfo.CurrentUICulture.Name, context.Request.Path.Value, context.Request.QueryString.Value);
        return new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]}\"");
    }
}
