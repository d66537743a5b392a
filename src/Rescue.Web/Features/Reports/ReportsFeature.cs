namespace Rescue.Web.Features.Reports;

/// <summary>Discovery reports (主动发现报告) filed by liaisons.</summary>
public static class ReportsFeature
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddScoped<ReportIntake>();
        services.AddScoped<ReportQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app) => app.MapReportsApi();
}
