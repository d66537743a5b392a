
namespace Rescue.Web.Features.Cases;

/// <summary>
/// Makes the moves time makes (<see cref="Stays.SweepAsync"/>: stranded at day 10, the settlement-eligibility task at
/// day 90) every hour, in batches. The sweep's transaction decides; two instances sweeping at once both find the same
/// stays, and the second's move is refused by the stage rule and retried an hour later with nothing left to do.
/// </summary>
internal sealed class StayClock(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StayClock> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var moved = await SweepAsync(scopes, stoppingToken);
                if (moved > 0) log.LogInformation("Moved {Count} stays on by their days (stranded, settlement eligibility)", moved);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not sweep the stays; trying again in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sweeps until nothing is left, a batch per scope and transaction; returns how many stays moved.</summary>
    public static async Task<int> SweepAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var moved = await scope.ServiceProvider.GetRequiredService<Stays>().SweepAsync(BatchSize, ct);
            total += moved;
            if (moved == 0) return total;
        }
    }
}
