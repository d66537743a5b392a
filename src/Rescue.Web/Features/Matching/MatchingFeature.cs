using Rescue.Search.Matching;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// Matching: the engine (faces, names, places, marks of open notices and unidentified people), loaded at start and
/// kept in step with the change outbox; the candidates it proposes and the case officers' decisions on them.
/// </summary>
public static class MatchingFeature
{
    public static IServiceCollection AddMatching(this IServiceCollection services)
    {
        services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Ages in a query are reckoned at the station's date when the app starts.
        services.AddSingleton(sp => new MatchEngine(MatchEngineOptions.Default with { Today = sp.GetRequiredService<StationClock>().Today }));
        services.AddSingleton<MatchFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<MatchFeed>());
        services.AddSingleton<ReRankerModels>();
        services.AddScoped<MatchCandidates>();
        services.AddScoped<CandidateQueries>();
        services.AddHealthChecks().AddCheck<MatchEngineReadiness>("matching", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapMatching(this IEndpointRouteBuilder app) => app.MapMatchingApi();
}
