using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rescue.Web.Features.Changes;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// Writes a batch of validated notices and their notes: binary COPY into session-local staging tables, then
/// set-based statements. A new notice is inserted; a stored one is updated only where a value differs, and
/// never when it is closed to imports; its status moves only as <see cref="MissingPersonNotice.Transitions"/>
/// allows; notes are added once per source id. Every notice the batch changes gets one change-outbox row, written
/// by the same statements' transaction. The caller owns the transaction.
/// </summary>
internal sealed class NoticeImportWriter
{
    private const string Staging = "notice_import";
    private const string NoteStaging = "notice_note_import";

    /// <summary>What a case officer closed stays closed: an import neither reopens it nor adds to it.</summary>
    private static readonly string Closed = $"({string.Join(", ", MissingPersonNotice.ClosedToImport.Select(s => $"'{s}'"))})";

    /// <summary>The stored status takes the file's only where the notice's rules allow the move; otherwise it stays.</summary>
    private static readonly string StatusRule = $"""
        CASE WHEN (n."Status", s."Status") IN ({string.Join(", ", MissingPersonNotice.Transitions.SelectMany(t => t.Value.Select(to => $"('{t.Key}', '{to}')")))})
        THEN s."Status" ELSE n."Status" END
        """;

    private static readonly Column[] Columns =
    [
        new("Id", "uuid", null, (w, v) => w.Write(v.Notice.Id, NpgsqlDbType.Uuid)),
        new("SourceName", "text", null, (w, v) => w.Write(v.Notice.SourceName!, NpgsqlDbType.Text)),
        new("SourceRecordId", "text", null, (w, v) => w.Write(v.Notice.SourceRecordId!, NpgsqlDbType.Text)),
        new("Status", "text", NoticeField.Status, (w, v) => Text(w, v.StatusGiven ? v.Notice.Status.ToString() : null), $"'{NoticeStatus.Open}'"),
        new("MissingPersonName", "text", NoticeField.FullName, (w, v) => w.Write(v.Notice.MissingPersonName, NpgsqlDbType.Text)),
        new("OtherNames", "text[]", NoticeField.AlternateNames, (w, v) => w.Write(v.Notice.OtherNames, NpgsqlDbType.Array | NpgsqlDbType.Text)),
        new("Sex", "text", NoticeField.Sex, (w, v) => w.Write(v.Notice.Sex.ToString(), NpgsqlDbType.Text)),
        new("DateOfBirth_Year", "integer", NoticeField.DateOfBirth, (w, v) => Value(w, v.Notice.DateOfBirth?.Year, NpgsqlDbType.Integer)),
        new("DateOfBirth_Month", "integer", NoticeField.DateOfBirth, (w, v) => Value(w, v.Notice.DateOfBirth?.Month, NpgsqlDbType.Integer)),
        new("DateOfBirth_Day", "integer", NoticeField.DateOfBirth, (w, v) => Value(w, v.Notice.DateOfBirth?.Day, NpgsqlDbType.Integer)),
        new("AgeAtDisappearance", "integer", NoticeField.Age, (w, v) => Value(w, v.Notice.AgeAtDisappearance, NpgsqlDbType.Integer)),
        new("LastSeenOn", "date", NoticeField.LastSeenDate, (w, v) => Value(w, v.Notice.LastSeenOn, NpgsqlDbType.Date)),
        new("LastSeenPlace", "text", NoticeField.LastSeenPlace, (w, v) => Text(w, v.Notice.LastSeenPlace)),
        new("LastSeenDivisionCode", "text", NoticeField.LastSeenDivisionCode, (w, v) => Text(w, v.Notice.LastSeenDivisionCode)),
        new("HeightCm", "integer", NoticeField.HeightCm, (w, v) => Value(w, v.Notice.HeightCm, NpgsqlDbType.Integer)),
        new("Build", "text", NoticeField.Build, (w, v) => Text(w, v.Notice.Build)),
        new("Marks", "jsonb", NoticeField.Marks, (w, v) => w.Write(MarksJson(v.Notice.Marks), NpgsqlDbType.Jsonb)),
        new("Dialect", "text", NoticeField.Dialect, (w, v) => Text(w, v.Notice.Dialect)),
        new("Hometown", "text", NoticeField.Hometown, (w, v) => Text(w, v.Notice.Hometown)),
        new("Disabilities", "integer", NoticeField.Disabilities, (w, v) => w.Write((int)v.Notice.Disabilities, NpgsqlDbType.Integer)),
        new("Clothing", "text", NoticeField.Clothing, (w, v) => Text(w, v.Notice.Clothing)),
        new("Circumstances", "text", NoticeField.Description, (w, v) => Text(w, v.Notice.Circumstances)),
        new("ReporterName", "text", NoticeField.AuthorName, (w, v) => Text(w, v.Notice.ReporterName)),
        new("ReporterRelationship", "text", NoticeField.ReporterRelationship, (w, v) => Text(w, v.Notice.ReporterRelationship)),
        new("ReporterPhone", "text", NoticeField.AuthorPhone, (w, v) => Text(w, v.Notice.ReporterPhone)),
        new("PoliceCaseNumber", "text", NoticeField.PoliceCaseNumber, (w, v) => Text(w, v.Notice.PoliceCaseNumber)),
        new("SourceUrl", "text", NoticeField.SourceUrl, (w, v) => Text(w, v.Notice.SourceUrl)),
        // PFIF requires a source date: a record without one gets the time it first came in, to the second as
        // exports write it, so that an export imported again matches.
        new("SourceDate", "timestamptz", NoticeField.SourceDate, (w, v) => Value(w, v.Notice.SourceDate, NpgsqlDbType.TimestampTz), "date_trunc('second', @now)"),
        new("PhotoUrl", "text", NoticeField.PhotoUrl, (w, v) => Text(w, v.Notice.PhotoUrl)),
        new("ExpiresAt", "timestamptz", NoticeField.ExpiryDate, (w, v) => Value(w, v.Notice.ExpiresAt, NpgsqlDbType.TimestampTz)),
    ];

    private readonly NpgsqlConnection _connection;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _insertNotes;

    private NoticeImportWriter(NpgsqlConnection connection, FieldNames carried)
    {
        _connection = connection;
        var fields = Columns.Where(c => c.Field is not null).ToList();
        _insert = $"""
            INSERT INTO "Notices" ("Id", "SourceName", "SourceRecordId", {string.Join(", ", fields.Select(c => Quote(c.Name)))}, "Source", "CreatedBy", "CreatedAt", "UpdatedAt", "ReporterIdentityChecked")
            SELECT s."Id", s."SourceName", s."SourceRecordId", {string.Join(", ", fields.Select(c => c.Incoming(c.Default)))}, '{NoticeSource.Import}', @actor, @now, @now, false
            FROM {Staging} AS s
            WHERE NOT EXISTS (SELECT 1 FROM "Notices" AS n WHERE n."SourceName" = s."SourceName" AND n."SourceRecordId" = s."SourceRecordId" AND n."SourceRecordId" IS NOT NULL)
            ON CONFLICT ("SourceName", "SourceRecordId") WHERE "SourceRecordId" IS NOT NULL DO NOTHING
            RETURNING "Id"
            """;
        // Only the columns the file carries are set: a column missing from a CSV leaves what staff typed alone.
        var set = fields.Where(c => carried.Carries(c.Field!.Value)).ToList();
        string Updated(Column c) => c.Field == NoticeField.Status ? StatusRule : c.Incoming("n." + Quote(c.Name));
        // "old" is the row before this statement: what the status moved from.
        _update = $"""
            UPDATE "Notices" AS n
            SET {string.Concat(set.Select(c => $"{Quote(c.Name)} = {Updated(c)}, "))}"UpdatedAt" = @now
            FROM {Staging} AS s, "Notices" AS old
            WHERE n."SourceName" = s."SourceName" AND n."SourceRecordId" = s."SourceRecordId" AND n."SourceRecordId" IS NOT NULL AND n."Status" NOT IN {Closed}
              AND old."Id" = n."Id"
              AND ({string.Join(", ", set.Select(c => "n." + Quote(c.Name)))}) IS DISTINCT FROM ({string.Join(", ", set.Select(Updated))})
            RETURNING n."Id", old."Status", n."Status"
            """;
        // A notice inserted by this batch carries its staging id; a stored one takes notes only while not closed.
        _insertNotes = $"""
            WITH added AS (
                INSERT INTO "NoticeNotes" ("Id", "NoticeId", "SourceRecordId", "PfifStatus", "Found", "AuthorName", "Text", "SourceDate", "CreatedAt")
                SELECT s."Id", n."Id", s."SourceRecordId", s."PfifStatus", s."Found", s."AuthorName", s."Text", s."SourceDate", @now
                FROM {NoteStaging} AS s
                JOIN "Notices" AS n ON n."SourceName" = s."NoticeSourceName" AND n."SourceRecordId" = s."NoticeSourceRecordId" AND n."SourceRecordId" IS NOT NULL
                JOIN {Staging} AS p ON p."SourceName" = s."NoticeSourceName" AND p."SourceRecordId" = s."NoticeSourceRecordId"
                WHERE n."Id" = p."Id" OR n."Status" NOT IN {Closed}
                ON CONFLICT ("NoticeId", "SourceRecordId") WHERE "SourceRecordId" IS NOT NULL DO NOTHING
                RETURNING "NoticeId")
            SELECT DISTINCT "NoticeId" FROM added
            """;
    }

    /// <summary>Creates the staging tables of this session; their rows vanish at every commit or rollback.</summary>
    public static async Task<NoticeImportWriter> OpenAsync(NpgsqlConnection connection, FieldNames carried, CancellationToken ct)
    {
        await using var create = new NpgsqlCommand($"""
            DROP TABLE IF EXISTS pg_temp.{Staging};
            DROP TABLE IF EXISTS pg_temp.{NoteStaging};
            CREATE TEMP TABLE {Staging} ({string.Join(", ", Columns.Select(c => $"{Quote(c.Name)} {c.Type}"))}) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE {NoteStaging} ("Id" uuid, "NoticeSourceName" text, "NoticeSourceRecordId" text, "SourceRecordId" text,
                "PfifStatus" text, "Found" boolean, "AuthorName" text, "Text" text, "SourceDate" timestamptz) ON COMMIT DELETE ROWS;
            """, connection);
        await create.ExecuteNonQueryAsync(ct);
        return new NoticeImportWriter(connection, carried);
    }

    /// <summary>
    /// Writes the batch and its change-outbox rows in <paramref name="transaction"/>; returns how many of its notices
    /// changed (created, updated or given notes).
    /// </summary>
    public async Task<int> WriteAsync(IReadOnlyList<ValidatedNotice> batch, NpgsqlTransaction transaction, string actorId, DateTimeOffset now, CancellationToken ct)
    {
        await CopyNoticesAsync(batch, ct);
        var notes = batch.Sum(v => v.Notice.Notes.Count);
        if (notes > 0) await CopyNotesAsync(batch, now, ct);
        // The planner's statistics lag behind a bulk import (a table of thousands looks empty): without this it
        // scans and sorts the whole table for every batch. A batch is small next to the table: look each row up.
        await ExecuteAsync("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off", transaction, null, null, ct);

        // One outbox row per notice: a new notice is created (its notes with it); a status move says so; else updated.
        var changed = new Dictionary<Guid, (ChangeKind What, string Detail)>();
        void Noted(Guid id, ChangeKind what, string detail)
        {
            if (!changed.TryGetValue(id, out var known) || Rank(what) > Rank(known.What)) changed[id] = (what, detail);
        }
        // Notes go to stored notices before the update (which may close them), and to new ones after the insert.
        if (notes > 0) await ExecuteAsync(_insertNotes, transaction, actorId, now, ct, r => Noted(r.GetGuid(0), ChangeKind.Updated, "import: notes"));
        await ExecuteAsync(_update, transaction, actorId, now, ct, r =>
        {
            var (from, to) = (r.GetString(1), r.GetString(2));
            if (from == to) Noted(r.GetGuid(0), ChangeKind.Updated, "import");
            else Noted(r.GetGuid(0), ChangeKind.StatusChanged, $"import: {from}→{to}");
        });
        await ExecuteAsync(_insert, transaction, actorId, now, ct, r => Noted(r.GetGuid(0), ChangeKind.Created, "import"));
        if (notes > 0) await ExecuteAsync(_insertNotes, transaction, actorId, now, ct, r => Noted(r.GetGuid(0), ChangeKind.Updated, "import: notes"));
        if (changed.Count > 0)
        {
            await StampClosedAsync(changed.Keys.ToArray(), transaction, now, ct);
            await RecordChangesAsync(changed, transaction, now, ct);
        }
        return changed.Count;
    }

    private static int Rank(ChangeKind what) => what switch
    {
        ChangeKind.Created => 3,
        ChangeKind.StatusChanged => 2,
        _ => 1,
    };

    /// <summary>
    /// Keeps <see cref="MissingPersonNotice.ClosedAt"/> true to the status the batch left: set when a notice is closed
    /// (or arrives closed), cleared when it is open, as <see cref="MissingPersonNotice.ChangeStatus"/> does.
    /// </summary>
    private async Task StampClosedAsync(Guid[] ids, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken ct)
    {
        var closed = string.Join(", ", Enum.GetValues<NoticeStatus>().Where(MissingPersonNotice.IsClosed).Select(s => $"'{s}'"));
        await using var command = new NpgsqlCommand($"""
            UPDATE "Notices" SET "ClosedAt" = CASE WHEN "Status" IN ({closed}) THEN COALESCE("ClosedAt", @now) END
            WHERE "Id" = ANY(@ids) AND ("ClosedAt" IS NULL) = ("Status" IN ({closed}))
            """, _connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The batch's outbox rows, in one statement of the batch's transaction.</summary>
    private async Task RecordChangesAsync(Dictionary<Guid, (ChangeKind What, string Detail)> changed, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO "Changes" ("RecordKind", "RecordId", "What", "Detail", "At")
            SELECT @kind, u.id, u.what, u.detail, @now FROM unnest(@ids, @whats, @details) AS u(id, what, detail)
            """, _connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = RecordKind.Notice.ToString() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = changed.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("whats", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.Values.Select(c => c.What.ToString()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.Values.Select(c => c.Detail).ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The JSON EF Core writes for the owned collection (null description included), so that stored and incoming marks compare equal.</summary>
    public static string MarksJson(List<Mark> marks)
    {
        if (marks.Count == 0) return "[]";
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var mark in marks)
            {
                json.WriteStartObject();
                json.WriteString(nameof(Mark.BodyLocation), mark.BodyLocation);
                json.WriteString(nameof(Mark.Description), mark.Description);
                json.WriteString(nameof(Mark.Kind), mark.Kind);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private async Task CopyNoticesAsync(IReadOnlyList<ValidatedNotice> batch, CancellationToken ct)
    {
        await using var copy = await _connection.BeginBinaryImportAsync(
            $"COPY {Staging} ({string.Join(", ", Columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var notice in batch)
        {
            // The synchronous writes fill Npgsql's buffer; only a full buffer goes to the server.
            copy.StartRow();
            foreach (var column in Columns) column.Write(copy, notice);
        }
        await copy.CompleteAsync(ct);
    }

    private async Task CopyNotesAsync(IReadOnlyList<ValidatedNotice> batch, DateTimeOffset now, CancellationToken ct)
    {
        await using var copy = await _connection.BeginBinaryImportAsync(
            $"""COPY {NoteStaging} ("Id", "NoticeSourceName", "NoticeSourceRecordId", "SourceRecordId", "PfifStatus", "Found", "AuthorName", "Text", "SourceDate") FROM STDIN (FORMAT BINARY)""", ct);
        foreach (var validated in batch)
        {
            foreach (var note in validated.Notice.Notes)
            {
                copy.StartRow();
                copy.Write(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
                copy.Write(validated.Notice.SourceName!, NpgsqlDbType.Text);
                copy.Write(validated.Notice.SourceRecordId!, NpgsqlDbType.Text);
                Text(copy, note.SourceRecordId);
                Text(copy, note.PfifStatus);
                Value(copy, note.Found, NpgsqlDbType.Boolean);
                Text(copy, note.AuthorName);
                copy.Write(note.Text, NpgsqlDbType.Text);
                Value(copy, note.SourceDate, NpgsqlDbType.TimestampTz);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private async Task ExecuteAsync(string sql, NpgsqlTransaction transaction, string? actorId, DateTimeOffset? now, CancellationToken ct, Action<NpgsqlDataReader>? row = null)
    {
        await using var command = new NpgsqlCommand(sql, _connection, transaction);
        if (actorId is not null) command.Parameters.Add(new NpgsqlParameter("actor", NpgsqlDbType.Text) { Value = actorId });
        if (now is { } instant) command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = instant.ToUniversalTime() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) row?.Invoke(reader);
    }

    private static string Quote(string column) => $"\"{column}\"";

    private static void Text(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null) writer.WriteNull();
        else writer.Write(value, NpgsqlDbType.Text);
    }

    private static void Value<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) writer.Write(v, type);
        else writer.WriteNull();
    }

    /// <summary>
    /// A staging column: its name (the same as in "Notices"), type, the field that carries it, and how COPY writes
    /// it. With a default, an empty value keeps the stored one, and a new notice gets the default.
    /// </summary>
    private sealed record Column(string Name, string Type, NoticeField? Field, Action<NpgsqlBinaryImporter, ValidatedNotice> Write, string? Default = null)
    {
        /// <summary>The incoming value in SQL, <paramref name="otherwise"/> when it is empty and the column has a default.</summary>
        public string Incoming(string? otherwise) => Default is null || otherwise is null ? $"s.{Quote(Name)}" : $"COALESCE(s.{Quote(Name)}, {otherwise})";
    }
}
