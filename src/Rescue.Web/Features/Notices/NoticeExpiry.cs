using Rescue.Web.Data;

namespace Rescue.Web.Features.Notices;

/// <summary>
/// Expires open notices whose <see cref="MissingPersonNotice.ExpiresAt"/> has passed, through
/// <see cref="NoticeRegistry.ExpireDueAsync"/> (the same note, audit entry and outbox row as an officer's status
/// change), in batches, every few minutes. Rows are taken with SKIP LOCKED, so several app instances may run it.
/// </summary>
internal sealed class NoticeExpiry(IServiceScopeFactory scopes, TimeProvider clock, ILogger<NoticeExpiry> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    /// <summary>Notices per transaction: a backlog (a large import of old notices) is worked off in short transactions.</summary>
    public const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var expired = await ExpireDueAsync(scopes, stoppingToken);
                if (expired > 0) log.LogInformation("Expired {Count} notices past their expiry", expired);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not expire notices; trying again in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Expires every notice due now, a batch per scope and transaction; returns how many.</summary>
    public static async Task<int> ExpireDueAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var expired = await scope.ServiceProvider.GetRequiredService<NoticeRegistry>().ExpireDueAsync(BatchSize, ct);
            total += expired;
            if (expired < BatchSize) return total;
        }
    }
}
