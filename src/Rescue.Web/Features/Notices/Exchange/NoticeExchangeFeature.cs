using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>Bulk exchange of missing-person notices: import from CSV, Excel and PFIF, export as PFIF and CSV.</summary>
public static class NoticeExchangeFeature
{
    public static IServiceCollection AddNoticeExchange(this IServiceCollection services)
    {
        services.AddOptions<NoticeExchangeOptions>().BindConfiguration(NoticeExchangeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<NoticeImporter>();
        services.AddScoped<NoticeExporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapNoticeExchange(this IEndpointRouteBuilder app) => app.MapNoticeExchangeApi();
}

/// <summary>The <c>Rescue:NoticeExchange</c> settings, validated at start.</summary>
public sealed class NoticeExchangeOptions
{
    public const string Section = "Rescue:NoticeExchange";

    /// <summary>
    /// This station's domain in PFIF record ids (domain/id): exports name the station's own notices with it, and
    /// an import leaves records of this domain alone, as copies of notices whose original is here.
    /// </summary>
    [Required, RegularExpression("^[A-Za-z0-9.-]{1,200}$", ErrorMessage = "a domain name such as rescue.example.gov.cn")]
    public string PfifDomain { get; set; } = "rescue.local";

    /// <summary>Notices per transaction: the unit that a resumed import continues after.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;
}
