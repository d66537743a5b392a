namespace Rescue.Web.Features.Statistics;

/// <summary>The monthly statistics (月度统计): the figures, the page's tables and charts, the workbook, the API.</summary>
public static class StatisticsFeature
{
    public static IServiceCollection AddStatistics(this IServiceCollection services) => services.AddScoped<MonthlyStatistics>();

    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app) => app.MapStatisticsApi();
}
