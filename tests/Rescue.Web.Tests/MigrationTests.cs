using Microsoft.EntityFrameworkCore;
using Rescue.Testing;
using Rescue.Web.Data;

namespace Rescue.Web.Tests;

public class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database()
    {
        var server = await PostgresServer.GetAsync();
        var name = "empty_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        var options = new DbContextOptionsBuilder<RescueDbContext>()
            .UseNpgsql(server.ConnectionString(name), o => o.MigrationsHistoryTable("__migrations")).Options;
        await using var db = new RescueDbContext(options);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        var options = new DbContextOptionsBuilder<RescueDbContext>().UseNpgsql("Host=unused").Options;
        using var db = new RescueDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add NAME --project src/Rescue.Web --output-dir Data/Migrations");
    }
}
