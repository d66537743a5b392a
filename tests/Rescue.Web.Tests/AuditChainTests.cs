using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The audit trail's hash chain: what the app writes verifies, and each way of tampering with it in plain SQL is named.
/// Each tampering happens in a transaction that the verification reads through and that is rolled back after, so the
/// tests share one intact chain.
/// </summary>
public class AuditChainTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task The_chain_the_app_writes_verifies_entry_by_entry_in_commit_order()
    {
        await AdmitAsync(3);

        var report = await VerifyAsync();

        Assert.True(report.Intact, report.Describe());
        Assert.True(report.Entries >= 3);
        Assert.Equal<long?>(report.Entries, report.LastSequence);
        Assert.StartsWith($"chain intact: {report.Entries} entries, last #{report.LastSequence} at ", report.Describe());
    }

    [Fact]
    public async Task An_edited_detail_is_named_as_changed()
    {
        var k = await MiddleAsync();

        var report = await TamperedAsync($"""UPDATE "AuditLog" SET "Detail" = 'nothing to see' WHERE "Sequence" = {k}""");

        AssertBroken(report, AuditChainFault.Changed, k);
        Assert.Contains($"entry #{k} (id ", report.Describe());
    }

    [Fact]
    public async Task A_deleted_entry_is_named_by_its_missing_sequence()
    {
        var k = await MiddleAsync();

        var report = await TamperedAsync($"""DELETE FROM "AuditLog" WHERE "Sequence" = {k}""");

        AssertBroken(report, AuditChainFault.Deleted, k + 1);
        Assert.Contains($"entry #{k} deleted", report.Describe());
    }

    [Fact]
    public async Task A_deleted_entry_with_the_later_ones_renumbered_is_named_as_deleted()
    {
        var k = await MiddleAsync();

        var report = await TamperedAsync($"""
            DELETE FROM "AuditLog" WHERE "Sequence" = {k};
            UPDATE "AuditLog" SET "Sequence" = -"Sequence" WHERE "Sequence" > {k};
            UPDATE "AuditLog" SET "Sequence" = -"Sequence" - 1 WHERE "Sequence" < 0;
            """);

        AssertBroken(report, AuditChainFault.Deleted, k);
        Assert.Contains($"entry #{k} deleted", report.Describe());
    }

    [Fact]
    public async Task An_entry_inserted_in_the_middle_with_a_plausible_hash_is_named_as_inserted()
    {
        var k = await MiddleAsync();
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"""
            UPDATE "AuditLog" SET "Sequence" = -"Sequence" WHERE "Sequence" >= {k};
            UPDATE "AuditLog" SET "Sequence" = -"Sequence" + 1 WHERE "Sequence" < 0;
            """);
        // Someone who knows the encoding computes the hash; without the key the MAC can only be guessed.
        var forged = new AuditEntry
        {
            At = app.Clock.GetUtcNow(), ActorId = "system", ActorName = "system", Action = AuditAction.Read, Subject = "Admission", SubjectId = "x",
        };
        forged.At = new DateTimeOffset(forged.At.UtcTicks - forged.At.UtcTicks % 10, TimeSpan.Zero);
        await using (var previous = new NpgsqlCommand($"""SELECT "Hash" FROM "AuditLog" WHERE "Sequence" = {k - 1}""", connection))
        {
            forged.PreviousHash = (byte[])(await previous.ExecuteScalarAsync())!;
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "AuditLog" ("At", "ActorId", "ActorName", "Action", "Subject", "SubjectId", "Sequence", "PreviousHash", "Hash", "Mac")
            VALUES (@at, 'system', 'system', 'Read', 'Admission', 'x', @sequence, @previous, @hash, @mac) RETURNING "Id"
            """, connection);
        insert.Parameters.AddWithValue("at", forged.At);
        insert.Parameters.AddWithValue("sequence", k);
        insert.Parameters.AddWithValue("previous", forged.PreviousHash);
        insert.Parameters.AddWithValue("hash", AuditChain.HashOf(forged, k, forged.PreviousHash));
        insert.Parameters.AddWithValue("mac", RandomNumberGenerator.GetBytes(32));
        var id = (long)(await insert.ExecuteScalarAsync())!;

        var report = await Chain.VerifyAsync(connection, default);

        AssertBroken(report, AuditChainFault.Inserted, k);
        Assert.Equal(id, report.Break!.Id);
        Assert.Contains("MAC does not verify", report.Describe());
    }

    [Fact]
    public async Task An_entry_inserted_outside_the_chain_is_named_by_its_id()
    {
        await MiddleAsync();
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "AuditLog" ("At", "ActorId", "ActorName", "Action", "Subject", "SubjectId") VALUES (now(), 'system', 'system', 'Read', 'Admission', 'x') RETURNING "Id"
            """, connection);
        var id = (long)(await insert.ExecuteScalarAsync())!;

        var report = await Chain.VerifyAsync(connection, default);

        Assert.Equal(new AuditChainBreak(AuditChainFault.Inserted, null, id, $"entry id {id} inserted: it has no place in the chain"), report.Break);
    }

    [Fact]
    public async Task Two_entries_with_their_sequence_numbers_swapped_are_named_as_reordered()
    {
        var k = await MiddleAsync();

        var report = await TamperedAsync($"""
            UPDATE "AuditLog" SET "Sequence" = -1 WHERE "Sequence" = {k};
            UPDATE "AuditLog" SET "Sequence" = {k} WHERE "Sequence" = {k + 1};
            UPDATE "AuditLog" SET "Sequence" = {k + 1} WHERE "Sequence" = -1;
            """);

        AssertBroken(report, AuditChainFault.Reordered, k);
        Assert.Contains($"#{k} (id ", report.Describe());
        Assert.Contains($"written as #{k + 1}", report.Describe());
    }

    [Fact]
    public async Task Eight_admissions_at_once_make_one_intact_chain()
    {
        var before = (await VerifyAsync()).Entries;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AdmitAsync(1)));

        var report = await VerifyAsync();
        Assert.True(report.Intact, report.Describe());
        Assert.True(report.Entries >= before + 8, report.Describe());
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_entry_and_no_gap()
    {
        var before = await VerifyAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            scope.ServiceProvider.GetRequiredService<AuditLog>().Add(AuditAction.Update, "Admission", Guid.NewGuid(), "rolled back");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await AdmitAsync(1);

        var report = await VerifyAsync();
        Assert.True(report.Intact, report.Describe());
        Assert.True(report.LastSequence > before.LastSequence);
        await using var check = app.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog.AnyAsync(e => e.Detail == "rolled back"));
    }

    private AuditChain Chain => app.Services.GetRequiredService<AuditChain>();

    private async Task<AuditChainReport> VerifyAsync()
    {
        await using var connection = await OpenAsync();
        return await Chain.VerifyAsync(connection, default);
    }

    /// <summary>Verifies the chain as <paramref name="sql"/> leaves it, then undoes it.</summary>
    private async Task<AuditChainReport> TamperedAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, sql);
        return await Chain.VerifyAsync(connection, default);
    }

    /// <summary>A sequence number with entries on both sides.</summary>
    private async Task<long> MiddleAsync()
    {
        await AdmitAsync(3);
        var report = await VerifyAsync();
        Assert.True(report.Intact, report.Describe());
        return report.LastSequence!.Value - 2;
    }

    private static void AssertBroken(AuditChainReport report, AuditChainFault fault, long sequence)
    {
        Assert.False(report.Intact);
        Assert.Equal((fault, sequence), (report.Break!.Fault, report.Break.Sequence));
        Assert.StartsWith("chain broken: ", report.Describe());
    }

    private async Task AdmitAsync(int count)
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        for (var i = 0; i < count; i++)
        {
            var response = await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Male" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary><c>rescue cli audit verify</c> as an operator runs it, with the app's data folder (its keys).</summary>
public class AuditVerifyCommandTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Audit_verify_says_the_chain_is_intact_then_names_a_deleted_entry_and_fails()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        for (var i = 0; i < 3; i++) await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Female" });
        var environment = new Dictionary<string, string> { ["Rescue__DataDirectory"] = app.DataDirectory };

        var (intact, intactOutput) = await MatchEvalCommandTests.RunCliAsync(app.ConnectionString, environment, "audit", "verify");
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("""DELETE FROM "AuditLog" WHERE "Sequence" = 2""", connection);
            await delete.ExecuteNonQueryAsync();
        }
        var (broken, brokenOutput) = await MatchEvalCommandTests.RunCliAsync(app.ConnectionString, environment, "audit", "verify");

        Assert.True(intact == 0, intactOutput);
        Assert.Matches(@"^chain intact: \d+ entries, last #\d+ at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", intactOutput);
        Assert.Equal(1, broken);
        Assert.Contains("chain broken: entry #2 deleted", brokenOutput);
    }
}
