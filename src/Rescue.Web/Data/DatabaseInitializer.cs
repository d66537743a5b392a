using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Data;

/// <summary>Brings the database to the current schema and the data every installation needs.</summary>
public static class DatabaseInitializer
{
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var options = sp.GetRequiredService<IOptions<RescueOptions>>().Value;
        var db = sp.GetRequiredService<RescueDbContext>();
        if (options.MigrateOnStart) await MigrateAsync(db, ct);
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        if (await SealExistingFields.SealAsync(db, sp.GetRequiredService<SealedFields>(), ct) is > 0 and var sealedCount)
            logger.LogInformation("Sealed the sensitive fields of {Count} records stored before sealing began", sealedCount);

        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        if (!await db.Stations.AnyAsync(ct))
        {
            db.Stations.Add(new Station { Name = options.StationName });
            await db.SaveChangesAsync(ct);
        }
        if (options.SeedDemoData) await sp.GetRequiredService<DemoData>().SeedAsync(ct);
    }

    /// <summary>
    /// Creates the migration history table, then migrates. On an empty database Npgsql's history repository reads
    /// the applied migrations before the table exists and takes "no such table" for "none applied": right, but EF's
    /// command logger has already logged the failed SELECT as an error, on every first start. With the table made
    /// first (EF's own CREATE TABLE IF NOT EXISTS), every statement of a first start succeeds.
    /// </summary>
    internal static async Task MigrateAsync(RescueDbContext db, CancellationToken ct)
    {
        // A database that does not exist yet is created by MigrateAsync; its history table comes with it.
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            await AdoptSquashedHistoryAsync(db, ct);
        }
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The migrations of the first releases, squashed into <see cref="Baseline"/> (2026-12-03), last first.</summary>
    internal static readonly string[] SquashedMigrations =
    [
        "20261202180519_PublicSubmissions", "20261125100222_NoticeStatusNotes", "20261125092942_NoticeImport",
        "20261125091611_Notices", "20261125091129_FaceSignatures", "20261125085302_Intake", "20261125083418_Foundation",
    ];

    /// <summary>The one migration that holds the schema the squashed ones built.</summary>
    internal const string Baseline = "20261203061703_Baseline";

    /// <summary>
    /// A database made by the squashed migrations has the baseline's schema (same tables, columns, types and indexes;
    /// only column order and leftover defaults differ): its history is rewritten to say so, and migration goes on from
    /// there. A database stopped part-way through the squashed migrations cannot be carried: it is refused, by name.
    /// </summary>
    private static async Task AdoptSquashedHistoryAsync(RescueDbContext db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (!applied.Overlaps(SquashedMigrations) || applied.Contains(Baseline)) return;
        if (!applied.Contains(SquashedMigrations[0]))
        {
            throw new InvalidOperationException(
                $"The database was made by an early release and stopped at {applied.Intersect(SquashedMigrations).Max()}; " +
                $"this release upgrades only databases at {SquashedMigrations[0]}. Start the earlier release once, or make a new database.");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM __migrations WHERE \"MigrationId\" = ANY({0}); " +
            "INSERT INTO __migrations (\"MigrationId\", \"ProductVersion\") VALUES ({1}, {2})",
            [SquashedMigrations, Baseline, ProductInfo.GetVersion()], ct);
        await transaction.CommitAsync(ct);
    }
}
