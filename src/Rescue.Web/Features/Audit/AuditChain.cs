using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Audit;

/// <summary>
/// The audit trail as a hash chain (防篡改审计链): each entry's <see cref="AuditEntry.Hash"/> is SHA-256 over every field,
/// its sequence number and the hash of the entry before it, and its <see cref="AuditEntry.Mac"/> is HMAC-SHA256 of that
/// hash with <see cref="SecretKeys.Audit"/>, a key outside the database. Someone who can write the database but not
/// read the key cannot change, remove, add or reorder an entry without <see cref="VerifyAsync"/> naming it. Entries are
/// numbered at commit, under one transaction-scoped lock, so the chain's order is the order in which they committed.
/// Removing the newest entries leaves a shorter intact chain: only a copy of the last sequence number kept elsewhere
/// (the verification's own line, printed or shown) reveals that.
/// </summary>
public sealed class AuditChain(SecretKeys keys)
{
    /// <summary>Entries written before the migration AuditChain carry no sequence; verification starts after them.</summary>
    private const string ChainLock = "audit-chain";

    /// <summary>How far from its place an entry is looked for when its hash does not verify where it stands.</summary>
    private const int ReorderWindow = 1000;

    private static readonly byte[] Genesis = new byte[32];

    private const string Columns =
        """ "At", "ActorId", "ActorName", "Action", "Subject", "SubjectId", "Detail", "RemoteAddress", "CorrelationId", "Sequence", "PreviousHash", "Hash", "Mac" """;

    /// <summary>
    /// Numbers, links and signs <paramref name="entries"/> after the last committed entry and inserts them, in
    /// <paramref name="transaction"/> just before it commits. The lock is held until the commit and taken last, after
    /// every row lock of the transaction, so no transaction holding it ever waits for another.
    /// </summary>
    public async Task AppendAsync(DbTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)transaction.Connection!;
        await using var head = new NpgsqlBatch(connection, (NpgsqlTransaction)transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock(hashtextextended('{ChainLock}', 0))"),
                new NpgsqlBatchCommand("""SELECT "Sequence", "Hash" FROM "AuditLog" WHERE "Sequence" IS NOT NULL ORDER BY "Sequence" DESC LIMIT 1"""),
            },
        };
        long sequence = 0;
        var previous = Genesis;
        await using (var reader = await head.ExecuteReaderAsync(ct))
        {
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct)) (sequence, previous) = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }

        var key = keys.Get(SecretKeys.Audit);
        foreach (var entry in entries)
        {
            // PostgreSQL keeps microseconds: the hash is over what is stored, so it reads back the same.
            entry.At = new DateTimeOffset(entry.At.UtcTicks - entry.At.UtcTicks % 10, TimeSpan.Zero);
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = HashOf(entry, sequence, previous);
            entry.Mac = HMACSHA256.HashData(key, entry.Hash);
            previous = entry.Hash;
        }

        await using var insert = new NpgsqlCommand($"""
            INSERT INTO "AuditLog" ({Columns})
            SELECT * FROM unnest(@at, @actorId, @actorName, @action, @subject, @subjectId, @detail, @remote, @correlation, @sequence, @previous, @hash, @mac)
            """, connection, (NpgsqlTransaction)transaction);
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("at", [.. entries.Select(e => e.At)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("actorId", [.. entries.Select(e => e.ActorId)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("actorName", [.. entries.Select(e => e.ActorName)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("action", [.. entries.Select(e => e.Action.ToString())]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("subject", [.. entries.Select(e => e.Subject)]));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("subjectId", [.. entries.Select(e => e.SubjectId)]));
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("detail", [.. entries.Select(e => e.Detail)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("remote", [.. entries.Select(e => e.RemoteAddress)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("correlation", [.. entries.Select(e => e.CorrelationId)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<long[]>("sequence", [.. entries.Select(e => e.Sequence!.Value)]));
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("previous", [.. entries.Select(e => e.PreviousHash!)]));
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("hash", [.. entries.Select(e => e.Hash!)]));
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("mac", [.. entries.Select(e => e.Mac!)]));
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Walks the chain in sequence order, one row at a time, and stops at the first entry that does not verify.
    /// <paramref name="connection"/> must be open; a transaction open on it is read through.
    /// </summary>
    public async Task<AuditChainReport> VerifyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var key = keys.Get(SecretKeys.Audit);
        await using var command = new NpgsqlCommand(
            $"""SELECT "Id", {Columns} FROM "AuditLog" WHERE "Sequence" IS NOT NULL ORDER BY "Sequence" """, connection);
        long count = 0, firstId = 0;
        Row? last = null;
        (Row Entry, long WrittenAs)? displaced = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var row = Row.Read(reader);
                if (displaced is { } d)
                {
                    // An entry stood where another was written: if the missing one turns up later, the two were swapped.
                    var missing = d.Entry.Sequence;
                    if (Verifies(row, missing, key))
                    {
                        return Broken(AuditChainFault.Reordered, d.Entry,
                            $"entries reordered: #{missing} (id {d.Entry.Id}) was written as #{d.WrittenAs}, and #{row.Sequence} (id {row.Id}) as #{missing}");
                    }
                    if (row.Sequence - missing < ReorderWindow) continue;
                    break;
                }

                var expected = (last?.Sequence ?? 0) + 1;
                var previous = last?.Hash ?? Genesis;
                if (count == 0) firstId = row.Id;
                if (row.Sequence < expected)
                {
                    return Broken(AuditChainFault.Inserted, row, $"entry #{row.Sequence} (id {row.Id}) inserted: a second entry numbered #{row.Sequence}");
                }
                if (row.Sequence > expected)
                {
                    var range = row.Sequence - 1 == expected ? $"#{expected}" : $"#{expected}–#{row.Sequence - 1}";
                    return Broken(AuditChainFault.Deleted, row, $"entry {range} deleted: the chain goes from #{expected - 1} to #{row.Sequence} (id {row.Id})");
                }
                if (!CryptographicOperations.FixedTimeEquals(HashOf(row.Entry, row.Sequence, row.PreviousHash), row.Hash))
                {
                    var writtenAs = WrittenAs(row, key);
                    if (writtenAs is null)
                    {
                        return Broken(AuditChainFault.Changed, row, $"entry #{row.Sequence} (id {row.Id}) changed: its content no longer matches its hash");
                    }
                    displaced = (row, writtenAs.Value);
                    continue;
                }
                if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, row.Hash), row.Mac))
                {
                    return Broken(AuditChainFault.Inserted, row,
                        $"entry #{row.Sequence} (id {row.Id}) inserted or rewritten: its MAC does not verify, Rescue did not write it");
                }
                if (!CryptographicOperations.FixedTimeEquals(row.PreviousHash, previous))
                {
                    return Broken(AuditChainFault.Inserted, row,
                        $"entry #{row.Sequence} (id {row.Id}) does not follow #{expected - 1}: its previous hash is another entry's");
                }
                last = row;
                count++;
            }
        }
        if (displaced is { } moved)
        {
            return Broken(AuditChainFault.Deleted, moved.Entry,
                $"entry #{moved.Entry.Sequence} deleted: id {moved.Entry.Id}, written as #{moved.WrittenAs}, was renumbered into its place");
        }

        var (inserted, before) = await UnchainedAsync(connection, firstId, ct);
        if (inserted is { } id)
        {
            return new AuditChainReport(count, last?.Sequence, last?.Entry.At, before,
                new AuditChainBreak(AuditChainFault.Inserted, null, id, $"entry id {id} inserted: it has no place in the chain"));
        }
        return new AuditChainReport(count, last?.Sequence, last?.Entry.At, before, null);

        AuditChainReport Broken(AuditChainFault fault, Row row, string message) =>
            new(count, last?.Sequence, last?.Entry.At, 0, new AuditChainBreak(fault, row.Sequence, row.Id, message));
    }

    /// <summary>The first row without a sequence written after the chain began, and how many were written before it.</summary>
    private static async Task<(long? Inserted, long Before)> UnchainedAsync(NpgsqlConnection connection, long firstChainedId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT min("Id") FROM "AuditLog" WHERE "Sequence" IS NULL AND @first > 0 AND "Id" > @first),
                   (SELECT count(*) FROM "AuditLog" WHERE "Sequence" IS NULL AND (@first = 0 OR "Id" < @first))
            """, connection);
        command.Parameters.AddWithValue("first", firstChainedId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetInt64(1));
    }

    private static bool Verifies(Row row, long sequence, byte[] key) =>
        CryptographicOperations.FixedTimeEquals(HashOf(row.Entry, sequence, row.PreviousHash), row.Hash)
        && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, row.Hash), row.Mac);

    /// <summary>The sequence an entry that does not verify where it stands was written with, if it is near.</summary>
    private static long? WrittenAs(Row row, byte[] key)
    {
        for (var distance = 1; distance <= ReorderWindow; distance++)
        {
            if (Verifies(row, row.Sequence + distance, key)) return row.Sequence + distance;
            if (row.Sequence - distance >= 1 && Verifies(row, row.Sequence - distance, key)) return row.Sequence - distance;
        }
        return null;
    }

    /// <summary>SHA-256 over a canonical encoding: each field in a fixed order, texts length-prefixed (null apart from empty).</summary>
    internal static byte[] HashOf(AuditEntry entry, long sequence, byte[] previousHash)
    {
        var buffer = new CanonicalWriter();
        buffer.Int64(1); // the encoding's version
        buffer.Int64(sequence);
        buffer.Int64((entry.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        foreach (var text in new[] { entry.ActorId, entry.ActorName, entry.Action.ToString(), entry.Subject, entry.SubjectId, entry.Detail, entry.RemoteAddress, entry.CorrelationId })
        {
            buffer.Text(text);
        }
        buffer.Bytes(previousHash);
        return SHA256.HashData(buffer.Written);
    }

    private sealed class CanonicalWriter
    {
        private readonly MemoryStream _stream = new();

        public ReadOnlySpan<byte> Written => _stream.GetBuffer().AsSpan(0, (int)_stream.Length);

        public void Int64(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            _stream.Write(bytes);
        }

        public void Text(string? text)
        {
            if (text is null)
            {
                Int64(-1);
                return;
            }
            Bytes(Encoding.UTF8.GetBytes(text));
        }

        public void Bytes(byte[] bytes)
        {
            Int64(bytes.Length);
            _stream.Write(bytes);
        }
    }

    private sealed record Row(long Id, long Sequence, AuditEntry Entry, byte[] PreviousHash, byte[] Hash, byte[] Mac)
    {
        public static Row Read(DbDataReader reader)
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var entry = new AuditEntry
            {
                Id = reader.GetInt64(0),
                At = reader.GetFieldValue<DateTimeOffset>(1),
                ActorId = reader.GetString(2),
                ActorName = reader.GetString(3),
                // An action not in the enum hashes as its number and so fails as changed.
                Action = Enum.TryParse<AuditAction>(reader.GetString(4), out var action) ? action : (AuditAction)(-1),
                Subject = reader.GetString(5),
                SubjectId = reader.GetString(6),
                Detail = Text(7),
                RemoteAddress = Text(8),
                CorrelationId = Text(9),
            };
            byte[] Bytes(int i) => reader.IsDBNull(i) ? [] : reader.GetFieldValue<byte[]>(i);
            return new Row(entry.Id, reader.GetInt64(10), entry, Bytes(11), Bytes(12), Bytes(13));
        }
    }
}

/// <summary>How an entry was found broken.</summary>
public enum AuditChainFault
{
    /// <summary>Its content no longer matches its hash.</summary>
    Changed,

    /// <summary>A sequence number is missing, or later entries were renumbered into its place.</summary>
    Deleted,

    /// <summary>Its MAC does not verify, it does not link to the entry before it, or it has no place in the chain.</summary>
    Inserted,

    /// <summary>It verifies, but as another sequence number than the one it stands at.</summary>
    Reordered,
}

/// <summary>The first entry that does not verify: its sequence where it stands (null for an entry outside the chain) and id.</summary>
public sealed record AuditChainBreak(AuditChainFault Fault, long? Sequence, long Id, string Message);

/// <summary>
/// What a walk of the chain found: the entries verified (up to a break), the last of them, the entries from before
/// the chain began, and the first break if any.
/// </summary>
public sealed record AuditChainReport(long Entries, long? LastSequence, DateTimeOffset? LastAt, long BeforeChain, AuditChainBreak? Break)
{
    public bool Intact => Break is null;

    /// <summary>One line for people: "chain intact: N entries, last #S at TIME", or the break.</summary>
    public string Describe()
    {
        if (Break is { } b) return $"chain broken: {b.Message}";
        var head = LastSequence is { } s ? $", last #{s} at {LastAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : "";
        var before = BeforeChain > 0 ? $" ({BeforeChain} earlier entries from before the chain are not covered)" : "";
        return $"chain intact: {Entries} entries{head}{before}";
    }
}
