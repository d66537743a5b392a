using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Hosting;

/// <summary>
/// Forgets stored answers to idempotent posts once no partner would still retry them (a week), so the
/// table stays small; a retry after that is treated as a new request.
/// </summary>
internal sealed class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanup> log) : BackgroundService
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await RemoveExpiredAsync(scope.ServiceProvider.GetRequiredService<RescueDbContext>(), clock.GetUtcNow(), stoppingToken);
                if (removed > 0) log.LogInformation("Forgot {Count} idempotency keys older than {Days} days", removed, KeptFor.TotalDays);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not remove old idempotency keys; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static Task<int> RemoveExpiredAsync(RescueDbContext db, DateTimeOffset now, CancellationToken ct) =>
        db.IdempotencyKeys.Where(r => r.CreatedAt < now - KeptFor).ExecuteDeleteAsync(ct);
}
