using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>The formats notices are imported from.</summary>
public enum ImportFormat
{
    Csv,
    Xlsx,
    Pfif,
}

/// <summary>What to import and how: the file's name (the default source name), a dry run, a source name, a format override.</summary>
public sealed record ImportRequest(string FileName, bool DryRun = false, [property: MaxLength(ImportRequest.SourceNameLimit)] string? SourceName = null, ImportFormat? Format = null)
{
    /// <summary>A longer source name is cut to this when it comes from a file's name.</summary>
    public const int SourceNameLimit = 200;

    /// <summary>Notices per transaction; null for the configured size.</summary>
    public int? BatchSize { get; init; }

    /// <summary>The format a person names: csv, xlsx (or excel), pfif (or xml).</summary>
    public static ImportFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "csv" => ImportFormat.Csv,
        "xlsx" or "excel" => ImportFormat.Xlsx,
        "pfif" or "xml" => ImportFormat.Pfif,
        _ => throw new ImportFileException($"unknown format '{name}': use csv, xlsx or pfif"),
    };
}

/// <summary>
/// Imports a notice file: reads it (any format), checks every record, and writes the valid ones in batches,
/// each in its own transaction together with the run's progress, so that the same file imported again after
/// an interruption continues after the last committed batch. A dry run does the same and rolls every batch back.
/// </summary>
public sealed class NoticeImporter(RescueDbContext db, AuditLog audit, StationClock clock, IOptions<NoticeExchangeOptions> options)
{
    /// <summary>The largest file taken over the web (the API and the import page); a 100,000-row file is about 30 MB.</summary>
    public const long MaxUploadBytes = 256 * 1024 * 1024;

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Imports <paramref name="file"/> (seekable). Throws <see cref="ImportFileException"/> when the file cannot be
    /// read (having stored nothing, unless a CSV file breaks off past its first batches), and
    /// <see cref="OperationCanceledException"/> when cancelled: the batches committed before either stay, and the
    /// same file imported again continues after them.
    /// </summary>
    public async Task<ImportSummary> ImportAsync(Stream file, ImportRequest request, string actorId, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        var opened = NoticeFile.Open(file, request.Format);
        var sourceName = request.SourceName?.Trim() is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(request.FileName).Trim();
        if (sourceName.Length > ImportRequest.SourceNameLimit) sourceName = sourceName[..ImportRequest.SourceNameLimit];
        if (sourceName.Contains('/')) throw new ImportFileException("the source name cannot contain /");
        var validator = new NoticeValidator(clock, sourceName, opened.Format == ImportFormat.Pfif);

        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var lockKey = BitConverter.ToInt64(Convert.FromHexString(sha256.AsSpan(0, 16)));
        var locked = false;
        try
        {
            ImportRun? run = null;
            if (!request.DryRun)
            {
                // One import of a file at a time: two would both resume the same run.
                locked = await ScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@key)", lockKey, ct);
                if (!locked) throw new ImportFileException("this file is being imported by another session; wait for it to finish");
                run = await StartOrResumeAsync(sha256, request, opened.Format, opened.Format == ImportFormat.Pfif ? "" : sourceName, actorId, ct);
            }
            var import = new Run(connection, opened, validator, run, request, actorId, clock, options.Value, progress);
            ImportSummary summary;
            try
            {
                summary = await import.ExecuteAsync(ct);
            }
            catch (ImportFileException) when (run is { RecordsCommitted: 0 } && import.BatchesCommitted == 0)
            {
                // A CSV file that breaks off before its first batch stored nothing: it leaves no run to resume either.
                await db.ImportRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync(CancellationToken.None);
                throw;
            }
            catch (Exception) when (run is not null && import.BatchesCommitted > 0)
            {
                // What was committed stays, and is audited; the original error is what the caller needs to see.
                try
                {
                    await AuditAsync(run, import);
                }
                catch (Exception e) when (e is NpgsqlException or DbUpdateException or InvalidOperationException)
                {
                }
                throw;
            }
            if (run is not null) await AuditAsync(run, import);
            return summary;
        }
        finally
        {
            if (locked) await UnlockAsync(connection, lockKey);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<ImportRun> StartOrResumeAsync(string sha256, ImportRequest request, ImportFormat format, string sourceName, string actorId, CancellationToken ct)
    {
        var unfinished = await db.ImportRuns.AsNoTracking()
            .Where(r => r.FileSha256 == sha256 && r.Format == format && r.SourceName == sourceName && r.FinishedAt == null)
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(ct);
        if (unfinished is not null) return unfinished;
        var run = new ImportRun
        {
            Id = Guid.CreateVersion7(clock.Now),
            FileSha256 = sha256,
            FileName = Shorten(Path.GetFileName(request.FileName), 260),
            Format = format,
            SourceName = sourceName,
            StartedBy = Shorten(actorId, 64),
            StartedAt = clock.Now,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        db.Entry(run).State = EntityState.Detached;
        return run;
    }

    private static string Shorten(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>One audit entry per import, also for one that was interrupted after committing something.</summary>
    private async Task AuditAsync(ImportRun run, Run import)
    {
        var outcome = import.Finished ? "" : $", interrupted after {import.Committed} records";
        audit.Add(AuditAction.Create, "NoticeImport", run.Id,
            $"{run.Format.ToString().ToLowerInvariant()} {run.FileName}: {import.Accepted} accepted, {import.Refused} refused, {import.Unchanged} unchanged{outcome}");
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>A broken connection has lost the lock with the session; an error here must not hide the import's own.</summary>
    private static async Task UnlockAsync(NpgsqlConnection connection, long key)
    {
        try
        {
            await ScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(@key)", key, CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, long key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("key", key);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Notices to write, and what the records up to <see cref="Position"/> came to.</summary>
    private sealed record Batch(List<ValidatedNotice> Notices, long Position, int Refused, int OwnCopies, bool Last);

    /// <summary>
    /// One import: reads and checks records, and commits them in batches. A batch closes when full, or after a
    /// couple of seconds, so that progress shows and is kept even in a file of refusals. Reading the next batch
    /// while the database writes this one was tried: on two cores both sides already use the CPU, and it gained nothing.
    /// </summary>
    private sealed class Run(NpgsqlConnection connection, NoticeFile file, NoticeValidator validator, ImportRun? run,
        ImportRequest request, string actorId, StationClock clock, NoticeExchangeOptions options, IProgress<ImportProgress>? progress)
    {
        private readonly Listed<ImportError> _errors = new(FieldLimits.ImportErrorsListed, file.ReadErrors);
        private readonly Listed<ImportWarning> _warnings = new(FieldLimits.ImportWarningsListed, []);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _resumedAfter = run?.RecordsCommitted ?? 0;

        public int Accepted { get; private set; } = run?.Accepted ?? 0;

        public int Unchanged { get; private set; } = run?.Unchanged ?? 0;

        public int Refused { get; private set; } = file.ReadErrors.Select(e => e.Record).Distinct().Count();

        public long Committed { get; private set; } = run?.RecordsCommitted ?? 0;

        public int BatchesCommitted { get; private set; }

        public bool Finished { get; private set; }

        public async Task<ImportSummary> ExecuteAsync(CancellationToken ct)
        {
            var writer = await NoticeImportWriter.OpenAsync(connection, file.Names, ct);
            try
            {
                return await ReadAndWriteAsync(writer, ct);
            }
            catch (ImportFileException e) when (BatchesCommitted > 0)
            {
                throw new ImportFileException($"{e.Message}; the {Committed} records before it are imported", e) { NothingStored = false };
            }
        }

        /// <summary>Records up to the last commit of an interrupted run are read again only for their errors and ids; their outcome is stored.</summary>
        private async Task<ImportSummary> ReadAndWriteAsync(NoticeImportWriter writer, CancellationToken ct)
        {
            var batchSize = request.BatchSize ?? options.BatchSize;
            var notices = new List<ValidatedNotice>(batchSize);
            int refused = 0, ownCopies = 0;
            long read = 0;
            var closedAt = _clock.Elapsed;
            foreach (var incoming in file.Records)
            {
                ct.ThrowIfCancellationRequested();
                read++;
                var (notice, errors, warnings) = validator.Validate(incoming);
                _warnings.AddRange(warnings);
                if (errors.Count > 0)
                {
                    _errors.AddRange(errors);
                    var records = errors.Select(e => e.Record).Distinct().Count();
                    Refused += records;
                    if (read > _resumedAfter) refused += records;
                }
                if (read <= _resumedAfter) continue;
                // A record of this station's own domain is a copy of one of our notices: the original is the authority.
                if (notice?.Notice.SourceName == options.PfifDomain) ownCopies++;
                else if (notice is not null) notices.Add(notice);
                if (notices.Count >= batchSize || _clock.Elapsed - closedAt > ProgressInterval)
                {
                    await CommitAsync(writer, new Batch(notices, read, refused, ownCopies, Last: false), ct);
                    notices.Clear();
                    (refused, ownCopies, closedAt) = (0, 0, _clock.Elapsed);
                }
            }
            await CommitAsync(writer, new Batch(notices, read, refused, ownCopies, Last: true), ct);
            return new ImportSummary(file.Format.ToString().ToLowerInvariant(), Accepted, Refused, Unchanged, _errors.Items, _errors.Count,
                _warnings.Items, _warnings.Count, request.DryRun, read, _resumedAfter, file.IgnoredColumns);
        }

        private async Task CommitAsync(NoticeImportWriter writer, Batch batch, CancellationToken ct)
        {
            var now = clock.Now;
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var changed = batch.Notices.Count > 0 ? await writer.WriteAsync(batch.Notices, transaction, actorId, now, ct) : 0;
            var unchanged = batch.Notices.Count - changed + batch.OwnCopies;
            if (run is not null)
            {
                await using var progressUpdate = new NpgsqlCommand("""
                    UPDATE "ImportRuns" SET "RecordsCommitted" = @read, "Accepted" = "Accepted" + @accepted, "Unchanged" = "Unchanged" + @unchanged,
                        "Refused" = "Refused" + @refused, "FinishedAt" = @finished
                    WHERE "Id" = @id
                    """, connection, transaction);
                progressUpdate.Parameters.AddWithValue("read", batch.Position);
                progressUpdate.Parameters.AddWithValue("accepted", changed);
                progressUpdate.Parameters.AddWithValue("unchanged", unchanged);
                progressUpdate.Parameters.AddWithValue("refused", batch.Refused);
                progressUpdate.Parameters.AddWithValue("finished", batch.Last ? now.ToUniversalTime() : DBNull.Value);
                progressUpdate.Parameters.AddWithValue("id", run.Id);
                await progressUpdate.ExecuteNonQueryAsync(ct);
            }
            if (request.DryRun) await transaction.RollbackAsync(ct);
            else await transaction.CommitAsync(ct);

            Accepted += changed;
            Unchanged += unchanged;
            Committed = batch.Position;
            Finished = batch.Last;
            BatchesCommitted++;
            progress?.Report(new ImportProgress(batch.Position, Accepted, Refused, Unchanged, BatchesCommitted, _clock.Elapsed));
        }
    }

    /// <summary>
    /// The first items up to a limit, and how many there were: a file of 100,000 bad rows answers with a summary a
    /// person can read and a browser can show, not one of 100,000 lines.
    /// </summary>
    private sealed class Listed<T>(int limit, IEnumerable<T> first)
    {
        private readonly List<T> _items = [.. first.Take(limit)];

        public int Count { get; private set; } = first.Count();

        public IReadOnlyList<T> Items => _items;

        public void AddRange(List<T> items)
        {
            Count += items.Count;
            if (_items.Count < limit) _items.AddRange(items.Take(limit - _items.Count));
        }
    }
}
