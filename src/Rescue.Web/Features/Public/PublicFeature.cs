namespace Rescue.Web.Features.Public;

/// <summary>
/// The public board of family-search announcements (寻亲公告, /gg): the pages (Components/Pages/Public), their photos,
/// the Atom and JSON feeds (/gg/feed.atom, /gg/feed.json), and the cache headers that let a busy board cost little. Everything it shows is read through
/// <see cref="Announcements.PublicAnnouncements"/>, the one rule of what is public.
/// </summary>
public static class PublicFeature
{
    public static IServiceCollection AddPublic(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPublic(this IEndpointRouteBuilder app) => app.MapBoardPhotos().MapAnnouncementFeeds();

    /// <summary>Answers the board's pages 304 while nothing public changed (see <see cref="BoardCaching"/>).</summary>
    public static IApplicationBuilder UsePublicBoardCaching(this IApplicationBuilder app) => app.Use(BoardCaching.HandleAsync);
}
