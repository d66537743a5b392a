using CsvHelper;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>The formats the current announcements are exported in.</summary>
public enum AnnouncementExportFormat
{
    /// <summary>PFIF 1.4: a person record per announcement, with a note saying the person is at the station.</summary>
    Pfif,

    /// <summary>CSV in <see cref="AnnouncementColumns"/>' order, for the national site's upload.</summary>
    Csv,

    /// <summary>An Excel workbook in the same order.</summary>
    Xlsx,
}

/// <summary>
/// Writes the station's current announcements (the found persons whose families are sought) for other systems: PFIF
/// 1.4 for Person Finder-style sites, CSV and Excel for the upload to the national family-search site. It reads
/// through <see cref="PublicAnnouncements"/>, so it carries exactly what the board shows, and a withdrawn announcement
/// is missing from the next export.
/// </summary>
public sealed class AnnouncementExport(PublicAnnouncements announcements, RescueDbContext db, AuditLog audit, StationClock clock,
    IOptions<NoticeExchangeOptions> exchange)
{
    /// <summary>More than a station has published at once: the export carries every current announcement.</summary>
    public const int Max = 100_000;

    private readonly string _domain = exchange.Value.PfifDomain;

    public static string ContentType(AnnouncementExportFormat format) => format switch
    {
        AnnouncementExportFormat.Pfif => "application/xml",
        AnnouncementExportFormat.Csv => "text/csv",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    public static string FileName(AnnouncementExportFormat format, DateTimeOffset now) =>
        $"announcements-{now.UtcDateTime:yyyyMMdd-HHmmss}.{(format == AnnouncementExportFormat.Pfif ? "xml" : format.ToString().ToLowerInvariant())}";

    /// <summary>The PFIF record id of an announcement's person, in the station's domain.</summary>
    public string PersonRecordId(string code) => $"{_domain}/announcement.{code}";

    /// <summary>Writes every current announcement to <paramref name="output"/> and audits the read; returns how many were written.</summary>
    public async Task<int> WriteAsync(AnnouncementExportFormat format, Stream output, AnnouncementLinks links, CancellationToken ct)
    {
        var current = await announcements.AllAsync(Max, ct);
        await (format switch
        {
            AnnouncementExportFormat.Pfif => WritePfifAsync(current, output, links, ct),
            AnnouncementExportFormat.Csv => WriteCsvAsync(current, output, links, ct),
            _ => WriteExcelAsync(current, output, links, ct),
        });
        await audit.RecordReadAsync("AnnouncementExport", format.ToString(), $"{current.Count} current announcements", ct);
        return current.Count;
    }

    private async Task WritePfifAsync(List<PublicAnnouncement> current, Stream output, AnnouncementLinks links, CancellationToken ct)
    {
        var station = await Station.NameAsync(db, ct);
        await using var pfif = await PfifWriter.StartAsync(output);
        foreach (var a in current)
        {
            var personId = PersonRecordId(a.Code);
            await pfif.StartPersonAsync(new PfifPerson(personId, a.FirstPublishedAt, _domain, a.LastPublishedAt)
            {
                AuthorName = station,
                SourceUrl = links.Page(a.Code),
                FullName = a.DisplayName,
                Description = AnnouncementColumns.Text(a),
                Sex = a.Sex switch { Sex.Male => "male", Sex.Female => "female", _ => "other" },
                Age = AnnouncementColumns.Age(a),
                PhotoUrl = a.PhotoIds.Count > 0 ? links.Photo(a.Code, 0) : null,
            });
            // The station is with the person: believed alive, and in contact. Each publication restates it.
            await pfif.NoteAsync(new PfifNote($"{personId}.at-station", personId, a.LastPublishedAt, a.LastPublishedAt,
                $"此人现在{station}受助，正在寻找家人。{AnnouncementColumns.Of(AnnouncementField.Contact).Chinese}：{a.Contact}")
            {
                AuthorName = station,
                AuthorMadeContact = true,
                Status = "believed_alive",
            });
            await pfif.EndPersonAsync();
        }
    }

    private async Task WriteCsvAsync(List<PublicAnnouncement> current, Stream output, AnnouncementLinks links, CancellationToken ct)
    {
        // As the notice export: a byte order mark so that Excel reads the Chinese, formula-like values escaped with ',
        // and only the writer's async methods (the response refuses synchronous writes).
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync([.. AnnouncementColumns.All.Select(c => c.Chinese)], ct);
        foreach (var a in current)
        {
            await csv.WriteRecordAsync([.. AnnouncementColumns.All.Select(c => AnnouncementColumns.Cell(a, c.Field, links, clock) ?? "")], ct);
        }
        await csv.FlushAsync(ct);
    }

    private async Task WriteExcelAsync(List<PublicAnnouncement> current, Stream output, AnnouncementLinks links, CancellationToken ct)
    {
        // The header is a row of its own, so an empty export still has it and the columns keep their order. The
        // workbook is built in memory: its writer is synchronous, which the response refuses.
        var rows = new List<Dictionary<string, object?>> { AnnouncementColumns.All.ToDictionary(c => c.English, object? (c) => c.Chinese) };
        rows.AddRange(current.Select(a => AnnouncementColumns.All.ToDictionary(c => c.English,
            object? (c) => SpreadsheetCells.Escaped(AnnouncementColumns.Cell(a, c.Field, links, clock)))));
        using var workbook = new MemoryStream();
        await workbook.SaveAsAsync(rows, printHeader: false, sheetName: "寻亲公告", excelType: ExcelType.XLSX, cancellationToken: ct);
        workbook.Position = 0;
        await workbook.CopyToAsync(output, ct);
    }
}
