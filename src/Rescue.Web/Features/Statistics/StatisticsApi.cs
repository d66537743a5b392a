using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Statistics;

/// <summary>A month's statistics as JSON and as an Excel workbook.</summary>
public static class StatisticsApi
{
    public static IEndpointRouteBuilder MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/statistics").WithTags("Statistics").RequireAuthorization(Policies.Statistics);
        api.MapGet("/{month}.xlsx", GetMonthWorkbook).WithName(nameof(GetMonthWorkbook))
            .Produces(StatusCodes.Status200OK, contentType: StatisticsTables.ContentType)
            .ProducesValidationProblem()
            .WithSummary("A month's statistics (month as 2026-11, the station's local month) as an Excel workbook, one sheet per table.");
        api.MapGet("/{month}", GetMonth).WithName(nameof(GetMonth))
            .ProducesValidationProblem()
            .WithSummary("A month's statistics (month as 2026-11, the station's local month): admissions by source, age and sex, " +
                "bed occupancy, exits, reunions, stranded at month end, settlements completed, deadlines met and missed.");
        return app;
    }

    private static async Task<JsonHttpResult<MonthlyFigures>> GetMonth(string month, MonthlyStatistics statistics, CancellationToken ct) =>
        TypedResults.Json(await statistics.ForMonthAsync(StatisticsMonth.Parse(month, nameof(month)), ct), MonthlyStatistics.Json);

    private static async Task<PushStreamHttpResult> GetMonthWorkbook(string month, MonthlyStatistics statistics, CancellationToken ct)
    {
        var figures = await statistics.ForMonthAsync(StatisticsMonth.Parse(month, nameof(month)), ct);
        return TypedResults.Stream(stream => StatisticsTables.WriteExcelAsync(figures, stream, ct), StatisticsTables.ContentType, StatisticsTables.FileName(figures));
    }
}
