using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Rescue.Web.Features.Photos;

/// <summary>Photo files (store, checks, derivatives) and the endpoint that serves them.</summary>
public static class PhotosFeature
{
    public static IServiceCollection AddPhotos(this IServiceCollection services)
    {
        services.TryAddSingleton<PhotoStore>();
        // The Reports feature adds the real rule with AddScoped; whichever order the two run in, its rule wins.
        services.TryAddScoped<IPhotoOwnerAccess, NoLiaisonPhotoAccess>();
        return services;
    }

    public static IEndpointRouteBuilder MapPhotos(this IEndpointRouteBuilder app)
    {
        app.MapPhotosApi();
        return app;
    }
}
