using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Reports;
using Rescue.Web.Vocabulary;

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
    public async Task A_database_at_the_baseline_with_records_upgrades_keeping_them()
    {
        await using var db = await NewDatabaseAsync("upgrade");
        await db.Database.GetService<IMigrator>().MigrateAsync(DatabaseInitializer.Baseline);
        await InsertFirstRecordsAsync(db);

        await DatabaseInitializer.MigrateAsync(db, default);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await AssertFirstRecordsKeptAsync(db);
    }

    [Fact]
    public async Task A_database_made_by_the_squashed_migrations_is_taken_as_the_baseline_and_keeps_its_records()
    {
        await using var db = await NewDatabaseAsync("squashed");
        await db.Database.GetService<IMigrator>().MigrateAsync(DatabaseInitializer.Baseline);
        await InsertFirstRecordsAsync(db);
        // The history such a database has: every squashed migration, no baseline.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM __migrations");
        foreach (var id in DatabaseInitializer.SquashedMigrations)
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO __migrations VALUES ({0}, '10.0.0')", id);
        }

        await DatabaseInitializer.MigrateAsync(db, default);

        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.Contains(DatabaseInitializer.Baseline, applied);
        Assert.DoesNotContain(applied, DatabaseInitializer.SquashedMigrations.Contains);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await AssertFirstRecordsKeptAsync(db);
    }

    [Fact]
    public async Task A_database_stopped_part_way_through_the_squashed_migrations_is_refused_by_name()
    {
        await using var db = await NewDatabaseAsync("partway");
        await db.Database.ExecuteSqlRawAsync("""CREATE TABLE __migrations ("MigrationId" varchar(150) PRIMARY KEY, "ProductVersion" varchar(32) NOT NULL)""");
        await db.Database.ExecuteSqlRawAsync("INSERT INTO __migrations VALUES ('20261125083418_Foundation', '10.0.0')");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseInitializer.MigrateAsync(db, default));

        Assert.Contains("20261125083418_Foundation", refused.Message);
        Assert.Single(await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task<RescueDbContext> NewDatabaseAsync(string prefix)
    {
        var server = await PostgresServer.GetAsync();
        var options = new DbContextOptionsBuilder<RescueDbContext>()
            .UseNpgsql(await server.CreateDatabaseAsync(prefix), o => o.MigrationsHistoryTable("__migrations")).Options;
        return new RescueDbContext(options);
    }

    private static Task InsertFirstRecordsAsync(RescueDbContext db) => db.Database.ExecuteSqlRawAsync("""
        INSERT INTO "People" ("Id", "CreatedAt") VALUES ('01a00000-0000-7000-8000-000000000003', '2026-11-01T08:00:00Z');
        INSERT INTO "Admissions" ("Id", "CaseNumber", "PersonId", "AdmittedAt", "Status", "Sex", "Pregnant", "Minor", "CreatedBy", "CreatedAt", "UpdatedAt",
            "Name_Value", "Name_Quality", "Aliases_Quality", "Dialect_Quality", "HukouPlace_Quality", "IdNumber_Quality", "Language_Quality", "Residence_Quality")
        VALUES ('01a00000-0000-7000-8000-000000000001', 'JZ-2026-000001', '01a00000-0000-7000-8000-000000000003', '2026-11-01T08:00:00Z', 'InStation', 'Unknown',
            false, false, 'staff', '2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z',
            '刘某', 'Known', 'NotCollected', 'NotCollected', 'NotCollected', 'NotCollected', 'NotCollected', 'NotCollected');
        INSERT INTO "Notices" ("Id", "MissingPersonName", "OtherNames", "Status", "Sex", "Source", "Disabilities", "ReporterIdentityChecked", "CreatedBy", "CreatedAt", "UpdatedAt")
        VALUES ('01a00000-0000-7000-8000-000000000002', '陈小明', ARRAY[]::text[], 'Open', 'Male', 'WalkIn', 0, false, 'officer', '2026-10-01T08:00:00Z', '2026-10-01T08:00:00Z');
        INSERT INTO "AuditLog" ("At", "ActorId", "ActorName", "Action", "Subject", "SubjectId")
        VALUES ('2026-11-01T08:00:00Z', 'staff', '值班员', 'Create', 'Admission', '01a00000-0000-7000-8000-000000000001');
        """);

    private static async Task AssertFirstRecordsKeptAsync(RescueDbContext db)
    {
        var admission = await db.Admissions.Include(a => a.Person).SingleAsync();
        Assert.Equal("JZ-2026-000001", admission.CaseNumber);
        Assert.Equal("刘某", admission.Name.Value);
        Assert.Equal(DataQuality.NotCollected, admission.IdNumber.Quality);
        var notice = await db.Notices.SingleAsync();
        Assert.Equal("陈小明", notice.MissingPersonName);
        Assert.Equal(Sex.Male, notice.Sex);
        Assert.Empty(notice.OtherNames);
        // Entries from before the chain keep no sequence; verification starts after them (migration AuditChain).
        var entry = await db.AuditLog.SingleAsync();
        Assert.Equal(("Admission", (long?)null), (entry.Subject, entry.Sequence));
    }

    [Fact]
    public void The_model_has_no_changes_missing_from_the_migrations()
    {
        var options = new DbContextOptionsBuilder<RescueDbContext>().UseNpgsql("Host=unused").Options;
        using var db = new RescueDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add NAME --project src/Rescue.Web --output-dir Data/Migrations");
    }
}
