using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Reports;

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
    public async Task A_database_of_the_first_release_with_records_upgrades_keeping_them()
    {
        var server = await PostgresServer.GetAsync();
        var options = new DbContextOptionsBuilder<RescueDbContext>()
            .UseNpgsql(await server.CreateDatabaseAsync("upgrade"), o => o.MigrationsHistoryTable("__migrations")).Options;
        await using var db = new RescueDbContext(options);
        await db.Database.GetService<IMigrator>().MigrateAsync("20261125083418_Foundation");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Admissions" ("Id", "CaseNumber", "NameAsTold", "AdmittedAt", "Status")
            VALUES ('01a00000-0000-7000-8000-000000000001', 'JZ-2026-000001', '刘某', '2026-11-01T08:00:00Z', 'InStation');
            INSERT INTO "Notices" ("Id", "MissingPersonName", "Status", "CreatedAt")
            VALUES ('01a00000-0000-7000-8000-000000000002', '陈小明', 'Open', '2026-10-01T08:00:00Z');
            """);

        await db.Database.MigrateAsync();

        var admission = await db.Admissions.Include(a => a.Person).SingleAsync();
        Assert.Equal("JZ-2026-000001", admission.CaseNumber);
        Assert.NotEqual(Guid.Empty, admission.PersonId);
        Assert.Equal(Sex.Unknown, admission.Sex);
        Assert.Equal(DataQuality.NotCollected, admission.IdNumber.Quality);
        Assert.Equal(admission.AdmittedAt, admission.CreatedAt);
        var notice = await db.Notices.SingleAsync();
        Assert.Equal(NoticeSource.WalkIn, notice.Source);
        Assert.Empty(notice.OtherNames);
        Assert.Equal(notice.CreatedAt, notice.UpdatedAt);
    }

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        var options = new DbContextOptionsBuilder<RescueDbContext>().UseNpgsql("Host=unused").Options;
        using var db = new RescueDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add NAME --project src/Rescue.Web --output-dir Data/Migrations");
    }
}
