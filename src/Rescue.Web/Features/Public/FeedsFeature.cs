using Rescue.Web.Features.Announcements;

namespace Rescue.Web.Features.Public;

/// <summary>
/// Feeds and exchange of the announcements: the public Atom and JSON feeds (/gg/feed.atom, /gg/feed.json) and the
/// station's PFIF, CSV and Excel export (/api/v1/announcements/export).
/// </summary>
public static class FeedsFeature
{
    public static IServiceCollection AddFeeds(this IServiceCollection services) => services.AddScoped<AnnouncementExport>();

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app) => app.MapAnnouncementFeeds().MapAnnouncementExportApi();
}
