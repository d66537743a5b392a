using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Photos;

/// <summary>
/// Removes photo files no row names: a crash between writing the files and committing the row leaves them, and so does
/// a commit that fails while the app keeps running (the database died). At start, before the app takes uploads, every
/// such file; then hourly (<see cref="OrphanPhotoSweeper"/>), those written over an hour before, so that a photo being
/// stored now is never taken for one.
/// </summary>
public static class PhotoStartup
{
    /// <summary>How old a file without a row must be before the hourly sweep removes it.</summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromHours(1);

    /// <summary>Call once at start, after the database is migrated and before the app takes uploads.</summary>
    public static async Task RemoveOrphanPhotosAsync(this IServiceProvider services, CancellationToken ct = default, DateTimeOffset? writtenBefore = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var known = (await db.Photos.AsNoTracking().Select(p => p.Sha256).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var removed = await scope.ServiceProvider.GetRequiredService<PhotoStore>().RemoveOrphansAsync(known, ct, writtenBefore);
        if (writtenBefore is null || removed > 0)
        {
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PhotoStartup))
                .LogInformation("Removed the files of {Count} photos that no record names", removed);
        }
    }
}

/// <summary>The hourly part of <see cref="PhotoStartup"/>: files without a row, written over an hour before.</summary>
internal sealed class OrphanPhotoSweeper(IServiceProvider services, TimeProvider clock, ILogger<OrphanPhotoSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PhotoStartup.InFlight, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await services.RemoveOrphanPhotosAsync(stoppingToken, clock.GetUtcNow() - PhotoStartup.InFlight);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not remove the photo files no record names; trying again in an hour");
            }
        }
    }
}
