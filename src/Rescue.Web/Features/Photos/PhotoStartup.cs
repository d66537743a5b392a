using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Photos;

/// <summary>The start-up step that removes photo files no row names: a crash between writing the files and committing the row leaves them.</summary>
public static class PhotoStartup
{
    /// <summary>Call once at start, after the database is migrated and before the app takes uploads.</summary>
    public static async Task RemoveOrphanPhotosAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var known = (await db.Photos.AsNoTracking().Select(p => p.Sha256).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var removed = await scope.ServiceProvider.GetRequiredService<PhotoStore>().RemoveOrphansAsync(known, ct);
        scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PhotoStartup))
            .LogInformation("Removed the files of {Count} photos that no record names", removed);
    }
}
