namespace Rescue.Web.Features.Notices;

/// <summary>Missing-person notices (寻人启事): the registry, vetting, the public form and the expiry.</summary>
public static class NoticesFeature
{
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddScoped<NoticeRegistry>();
        services.AddScoped<PublicNoticeIntake>();
        services.AddHostedService<NoticeExpiry>();
        services.AddOptions<PublicNoticeOptions>().BindConfiguration(PublicNoticeOptions.Section);
        return services;
    }

    public static IEndpointRouteBuilder MapNotices(this IEndpointRouteBuilder app) => app.MapNoticesApi();
}
