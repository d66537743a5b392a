using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;

namespace Rescue.Web.Hosting;

/// <summary>Chinese first, English on request (a cookie set by /culture/en).</summary>
public static class Localization
{
    public const string DefaultCulture = "zh-CN";

    public static readonly string[] SupportedCultures = [DefaultCulture, "en"];

    public static IServiceCollection AddRescueLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Write Chinese as characters, not as &#x...; escapes: pages stay small and readable.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(DefaultCulture)
                .AddSupportedCultures(SupportedCultures)
                .AddSupportedUICultures(SupportedCultures);
            // Station computers often run English browsers: the language is the user's choice
            // (cookie or ?culture=), not the browser's Accept-Language.
            // Partner systems calling the API have no cookie: their Accept-Language chooses the language of error messages.
            var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider { Options = options };
            options.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(context => context.Request.Path.StartsWithSegments("/api")
                    ? acceptLanguage.DetermineProviderCultureResult(context)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });
        return services;
    }
}
