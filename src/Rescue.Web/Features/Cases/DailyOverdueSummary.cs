using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// Once a day, after the station's midnight, sums up the open tasks past their due time (<see cref="CaseTaskQueries.OverdueAsync"/>):
/// one log line, a warning when any task is overdue, and the summary kept as <see cref="Latest"/> for the administrators'
/// home page and <c>GET /api/v1/tasks/overdue-summary</c>. The first summary is made at start. It wakes every few
/// minutes and compares the station's date with the last summary's, so a clock that jumps (or a machine that slept
/// through midnight) still gets one summary for the new day. Several app instances each write their own line and keep
/// their own summary, of the same database.
/// </summary>
public sealed class DailyOverdueSummary(IServiceScopeFactory scopes, StationClock clock, ILogger<DailyOverdueSummary> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private volatile OverdueTasksSummary? _latest;

    /// <summary>The last summary made, or null before the first.</summary>
    public OverdueTasksSummary? Latest => _latest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock.Clock);
        do
        {
            try
            {
                await SummariseIfDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not sum up the overdue tasks; trying again in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Makes today's summary unless there is one; null when there was.</summary>
    public async Task<OverdueTasksSummary?> SummariseIfDueAsync(CancellationToken ct) =>
        _latest?.Day == clock.Today ? null : await SummariseAsync(ct);

    /// <summary>Sums up the overdue tasks now, logs it and keeps it.</summary>
    public async Task<OverdueTasksSummary> SummariseAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<CaseTaskQueries>().OverdueAsync(ct);
        _latest = summary;
        if (summary.Oldest is not { } oldest)
        {
            log.LogInformation("Overdue tasks on {Day}: none", summary.Day);
            return summary;
        }
        log.LogWarning("Overdue tasks on {Day}: {Total} ({Counts}); the oldest is {Kind} of case {CaseNumber}, due {DueAt}",
            summary.Day, summary.Total, string.Join(", ", summary.Counts.Select(c => $"{c.Kind}/{c.Role} {c.Count}")),
            oldest.Kind, oldest.CaseNumber, clock.Local(oldest.DueAt));
        return summary;
    }
}
