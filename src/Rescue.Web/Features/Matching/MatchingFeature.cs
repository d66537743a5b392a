using Rescue.Search.Vectors;

namespace Rescue.Web.Features.Matching;

/// <summary>Matching: the face-signature index, loaded at start and kept in step with the change outbox.</summary>
public static class MatchingFeature
{
    public static IServiceCollection AddMatching(this IServiceCollection services)
    {
        services.AddSingleton<FaceSignatureIndex>();
        services.AddSingleton<FaceIndexFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<FaceIndexFeed>());
        services.AddHealthChecks().AddCheck<FaceIndexReadiness>("face-index", tags: ["ready"]);
        return services;
    }
}
