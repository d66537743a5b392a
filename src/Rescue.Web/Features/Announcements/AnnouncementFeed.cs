using Rescue.Web.Data;
using Rescue.Web.Features.Changes;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// Follows the change outbox for admissions and has <see cref="AnnouncementRegistry.ReconcileAsync"/> draft, withdraw
/// or hold back their announcements, from a cursor kept in the database in the same transaction: a change made while
/// the app was down is handled after the next start, and none is handled twice.
/// </summary>
public sealed class AnnouncementFeed(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AnnouncementFeed> log) : BackgroundService
{
    /// <summary>How often the feed reads the outbox when idle: a new admission's draft appears within this.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const int PageSize = 200;
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, clock);
        do
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not bring announcements in line with the change outbox; trying again shortly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Handles every admission change committed since the cursor; returns how many changes it read.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var read = 0;
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
                var cursor = await ChangeOutbox.ReadCursorAsync(db, AnnouncementRegistry.Consumer, ct);
                var page = await ChangeOutbox.ReadAfterAsync(db, cursor, PageSize, ct);
                if (page.Count == 0) return read;
                var admissions = page.Where(c => c.RecordKind == RecordKind.Admission).Select(c => c.RecordId).ToHashSet();
                await scope.ServiceProvider.GetRequiredService<AnnouncementRegistry>().ReconcileAsync(
                    admissions, new ChangeCursor(page[^1].Transaction, page[^1].Id), scope.ServiceProvider.GetRequiredService<ChangeOutbox>(), ct);
                read += page.Count;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
