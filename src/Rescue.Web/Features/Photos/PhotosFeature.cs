using Microsoft.Extensions.DependencyInjection.Extensions;
using Rescue.Vision;
using Rescue.Web.Hosting.Pdf;

namespace Rescue.Web.Features.Photos;

/// <summary>Photo files (store, checks, derivatives) and the endpoint that serves them.</summary>
public static class PhotosFeature
{
    public static IServiceCollection AddPhotos(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<PhotoStore>();
        services.AddScoped<PhotoAttachments>();
        services.AddScoped<FaceChoices>();
        services.AddStagedUploads();
        services.AddScoped<PhotoAudience>();
        services.AddScoped<PrintedPhotos>();
        services.AddHostedService<OrphanPhotoSweeper>();
        services.AddFaceSignatures(configuration);
        return services;
    }

    /// <summary>The face pipeline, loaded on first use (models are verified then), and the worker that feeds it.</summary>
    private static void AddFaceSignatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FaceOptions>().BindConfiguration(FaceOptions.Section);
        services.AddSingleton(_ =>
        {
            var vision = new VisionOptions
            {
                ModelsDirectory = configuration["Rescue:ModelsDirectory"] is { Length: > 0 } configured
                    ? configured
                    : VisionOptions.FindModelsDirectory(AppContext.BaseDirectory) ?? VisionOptions.FindModelsDirectory(Directory.GetCurrentDirectory()) ?? "",
            };
            configuration.GetSection("Rescue:Vision").Bind(vision);
            vision.Validate();
            return vision;
        });
        services.AddSingleton(sp => new Lazy<FacePipeline>(() => new FacePipeline(sp.GetRequiredService<VisionOptions>())));
        services.AddSingleton<FaceSignatureWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<FaceSignatureWorker>());
    }

    public static IEndpointRouteBuilder MapPhotos(this IEndpointRouteBuilder app)
    {
        app.MapPhotosApi();
        app.MapFacesApi();
        return app;
    }
}
