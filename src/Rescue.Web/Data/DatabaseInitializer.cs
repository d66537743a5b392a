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
    private static async Task MigrateAsync(RescueDbContext db, CancellationToken ct)
    {
        // A database that does not exist yet is created by MigrateAsync; its history table comes with it.
        if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}
