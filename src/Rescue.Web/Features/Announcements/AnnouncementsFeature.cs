using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// Family-search announcements (寻亲公告): a draft for every stay without an established identity, its deadlines (24 hours
/// to publish, a refresh every 30 days), publication with a second approval for minors and people at risk, withdrawal,
/// and what the public may see of them (<see cref="PublicAnnouncements"/>, which also tells the photos which are public).
/// </summary>
public static class AnnouncementsFeature
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services)
    {
        services.AddOptions<AnnouncementOptions>().BindConfiguration(AnnouncementOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<AnnouncementRegistry>();
        services.AddScoped<AnnouncementQueries>();
        services.AddScoped<PublicAnnouncements>();
        services.AddScoped<AnnouncementPoster>();
        services.AddScoped<AnnouncementExport>();
        services.AddScoped<IPublicPhotoSource>(sp => sp.GetRequiredService<PublicAnnouncements>());
        services.AddChangeFollower<AnnouncementRegistry>();
        services.AddOptions<TipOptions>().BindConfiguration(TipOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<TipBox>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnnouncements(this IEndpointRouteBuilder app) =>
        app.MapAnnouncementsApi().MapAnnouncementExportApi().MapAnnouncementPosters().MapTipsApi();
}
