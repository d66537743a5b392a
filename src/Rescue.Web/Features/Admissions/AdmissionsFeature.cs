namespace Rescue.Web.Features.Admissions;

/// <summary>Admissions (入站登记) and the people they belong to.</summary>
public static class AdmissionsFeature
{
    public static IServiceCollection AddAdmissions(this IServiceCollection services) => services.AddScoped<AdmissionRegistry>();

    public static IEndpointRouteBuilder MapAdmissions(this IEndpointRouteBuilder app) => app.MapAdmissionsApi();
}
