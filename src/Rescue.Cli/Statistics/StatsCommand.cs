using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Features.Statistics;
using Rescue.Web.Hosting;

namespace Rescue.Cli.Statistics;

/// <summary>Prints a month's statistics as JSON: the same figures, in the same shape, as <c>GET /api/v1/statistics/{month}</c>.</summary>
internal sealed class StatsCommand : ICliCommand
{
    public string Group => "stats";

    /// <summary>None: <c>rescue cli stats --month 2026-11</c>.</summary>
    public string Verb => "";

    public string Usage => "[--month 2026-11]  (default: last month, in the station's time zone)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        if (options.Positional.Count > 0) throw new CliUsageException($"unexpected '{options.Positional[0]}'");
        StatisticsMonth? month = null;
        if (options.Has("month"))
        {
            try
            {
                month = StatisticsMonth.Parse(options.Get("month"), "month");
            }
            catch (ValidationFailedException e)
            {
                throw new CliUsageException($"--month {string.Join(", ", e.Errors["month"])}");
            }
        }

        using var host = await CliHost.StartAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var statistics = scope.ServiceProvider.GetRequiredService<MonthlyStatistics>();
        var figures = await statistics.ForMonthAsync(month ?? statistics.LastMonth, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(figures, MonthlyStatistics.Json));
        return 0;
    }
}
