using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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
        if (options.MigrateOnStart) await db.Database.MigrateAsync(ct);

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
}
