using System.Globalization;

namespace Rescue.Web.Features.Public;

/// <summary>
/// The absolute public addresses of the board, an announcement's page and its photos, on the origin (scheme, host and
/// base path) the request came to: feeds and exports carry them to other sites, which need whole URLs.
/// </summary>
public sealed record AnnouncementLinks(string Origin)
{
    /// <summary>The public board's base path.</summary>
    public const string BoardPath = "/gg";

    public static AnnouncementLinks For(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}");

    public string Board => Origin + BoardPath;

    public string Page(string code) => $"{Board}/{code}";

    /// <summary>The <paramref name="index"/>th photo's public display copy.</summary>
    public string Photo(string code, int index) => $"{Page(code)}/photos/{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The first photo's public thumbnail.</summary>
    public string Thumbnail(string code) => Photo(code, 0) + "/thumbnail";

    public string Feed(string file) => $"{Board}/{file}";
}
