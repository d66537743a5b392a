using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>The formats open notices are exported in.</summary>
public enum ExportFormat
{
    Pfif,
    Csv,
}

/// <summary>
/// Writes the open notices as PFIF 1.4 (with their notes, and the fields PFIF lacks in the Rescue extension
/// namespace) or as CSV in the import layout. Every value is written as the importer reads it back, so an
/// export imported again changes nothing.
/// </summary>
public sealed class NoticeExporter(RescueDbContext db, AuditLog audit, IOptions<NoticeExchangeOptions> options)
{
    private static readonly NoticeField[] ExtensionFields = [.. NoticeColumns.All
        .Where(c => c.Pfif is null && c.Field is not (NoticeField.SourceName or NoticeField.SourceRecordId or NoticeField.Status))
        .Select(c => c.Field)];

    private readonly string _domain = options.Value.PfifDomain;

    public static string ContentType(ExportFormat format) => format == ExportFormat.Pfif ? "application/xml" : "text/csv";

    public static string FileName(ExportFormat format, DateTimeOffset now) =>
        $"notices-{now.UtcDateTime:yyyyMMdd-HHmmss}.{(format == ExportFormat.Pfif ? "xml" : "csv")}";

    /// <summary>Writes every open notice to <paramref name="output"/> and audits the read; returns how many were written.</summary>
    public async Task<int> WriteAsync(ExportFormat format, Stream output, CancellationToken ct)
    {
        var notices = db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Open).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).AsAsyncEnumerable();
        var count = format == ExportFormat.Pfif ? await WritePfifAsync(notices, output, ct) : await WriteCsvAsync(notices, output, ct);
        await audit.RecordReadAsync("NoticeExport", format.ToString(), $"{count} open notices", ct);
        return count;
    }

    private async Task<int> WritePfifAsync(IAsyncEnumerable<MissingPersonNotice> notices, Stream output, CancellationToken ct)
    {
        var notes = (await db.NoticeNotes.AsNoTracking()
            .Where(note => db.Notices.Any(n => n.Id == note.NoticeId && n.Status == NoticeStatus.Open))
            .OrderBy(note => note.CreatedAt).ThenBy(note => note.Id)
            .ToListAsync(ct)).ToLookup(note => note.NoticeId);
        await using var pfif = await PfifWriter.StartAsync(output, NoticeColumns.ExtensionNamespace);
        var count = 0;
        await foreach (var notice in notices.WithCancellation(ct))
        {
            var personId = $"{notice.SourceName ?? _domain}/{notice.SourceRecordId ?? notice.Id.ToString()}";
            // PFIF requires source_date: the station's own notices, which have none, give the time they last changed here.
            await pfif.StartPersonAsync(new PfifPerson(personId, notice.CreatedAt, notice.SourceName ?? _domain, notice.SourceDate ?? notice.UpdatedAt)
            {
                ExpiryDate = notice.ExpiresAt,
                AuthorName = notice.ReporterName,
                AuthorPhone = notice.ReporterPhone,
                SourceUrl = notice.SourceUrl,
                FullName = notice.MissingPersonName,
                AlternateNames = notice.OtherNames.Count > 0 ? string.Join('\n', notice.OtherNames) : null,
                Description = notice.Circumstances,
                Sex = notice.Sex switch { Sex.Male => "male", Sex.Female => "female", _ => null },
                DateOfBirth = notice.DateOfBirth?.ToString(),
                Age = notice.AgeAtDisappearance?.ToString(CultureInfo.InvariantCulture),
                HomeCity = notice.Hometown,
                PhotoUrl = notice.PhotoUrl,
            });
            foreach (var field in ExtensionFields)
            {
                await pfif.ExtensionAsync(NoticeColumns.Of(field).English, Text(notice, field));
            }
            foreach (var note in notes[notice.Id])
            {
                // PFIF wants a text; a status change made here may carry none of its own.
                var text = note.Text.Length > 0 || note.ToStatus is null ? note.Text : $"status: {note.FromStatus} → {note.ToStatus}";
                await pfif.NoteAsync(new PfifNote(note.SourceRecordId ?? $"{_domain}/note.{note.Id}", personId, note.CreatedAt, note.SourceDate ?? note.CreatedAt, text)
                {
                    AuthorName = note.AuthorName,
                    AuthorMadeContact = note.Found,
                    Status = note.PfifStatus,
                });
            }
            await pfif.EndPersonAsync();
            count++;
        }
        return count;
    }

    private async Task<int> WriteCsvAsync(IAsyncEnumerable<MissingPersonNotice> notices, Stream output, CancellationToken ct)
    {
        // A byte order mark so that Excel reads the Chinese; values that a spreadsheet would run as a formula are
        // escaped with a leading ' (the importer takes it off again). Only the writer's async methods: the
        // synchronous ones write a full buffer to the response synchronously, which the server refuses, and a
        // notice with thousands of other names fills the buffer alone.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync([.. NoticeColumns.All.Select(c => c.Chinese)], ct);
        var count = 0;
        var row = new string?[NoticeColumns.Count];
        await foreach (var notice in notices.WithCancellation(ct))
        {
            foreach (var column in NoticeColumns.All) row[(int)column.Field] = Text(notice, column.Field);
            await csv.WriteRecordAsync(row!, ct);
            count++;
        }
        await csv.FlushAsync(ct);
        return count;
    }

    /// <summary>A field as the CSV layout and the PFIF extension write it (PFIF's own elements are written above).</summary>
    private string? Text(MissingPersonNotice n, NoticeField field) => field switch
    {
        NoticeField.SourceName => n.SourceName ?? _domain,
        NoticeField.SourceRecordId => n.SourceRecordId ?? n.Id.ToString(),
        NoticeField.Status => "寻找中",
        NoticeField.FullName => n.MissingPersonName,
        NoticeField.AlternateNames => n.OtherNames.Count > 0 ? string.Join(FieldFormats.OtherNameJoiner, n.OtherNames) : null,
        NoticeField.Sex => n.Sex switch { Sex.Male => "男", Sex.Female => "女", _ => null },
        NoticeField.DateOfBirth => n.DateOfBirth?.ToString(),
        NoticeField.Age => n.AgeAtDisappearance?.ToString(CultureInfo.InvariantCulture),
        NoticeField.LastSeenDate => n.LastSeenOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        NoticeField.LastSeenPlace => n.LastSeenPlace,
        NoticeField.LastSeenDivisionCode => n.LastSeenDivisionCode,
        NoticeField.HeightCm => n.HeightCm?.ToString(CultureInfo.InvariantCulture),
        NoticeField.Build => n.Build,
        NoticeField.Marks => n.Marks.Count > 0 ? string.Join("; ", n.Marks.Select(m => m.Description is null ? $"{m.BodyLocation}:{m.Kind}" : $"{m.BodyLocation}:{m.Kind}:{m.Description}")) : null,
        NoticeField.Dialect => n.Dialect,
        NoticeField.Hometown => n.Hometown,
        NoticeField.Disabilities => n.Disabilities == Disabilities.None ? null : string.Join('、', DisabilityWords.Where(d => n.Disabilities.HasFlag(d.Flag)).Select(d => d.Word)),
        NoticeField.Clothing => n.Clothing,
        NoticeField.Description => n.Circumstances,
        NoticeField.AuthorName => n.ReporterName,
        NoticeField.ReporterRelationship => n.ReporterRelationship,
        NoticeField.AuthorPhone => n.ReporterPhone,
        NoticeField.PoliceCaseNumber => n.PoliceCaseNumber,
        NoticeField.SourceUrl => n.SourceUrl,
        NoticeField.SourceDate => PfifWriter.Instant(n.SourceDate),
        NoticeField.PhotoUrl => n.PhotoUrl,
        NoticeField.ExpiryDate => PfifWriter.Instant(n.ExpiresAt),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static readonly (Disabilities Flag, string Word)[] DisabilityWords =
        [(Disabilities.Intellectual, "智力"), (Disabilities.Mental, "精神"), (Disabilities.Hearing, "听力"), (Disabilities.Speech, "言语")];
}
