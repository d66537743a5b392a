using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using MiniExcelLibs;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// CSV and Excel files: a header row naming columns of <see cref="NoticeColumns"/> (Chinese or English), then one
/// notice per row. Both formats become rows of text and go through the same header check and row mapping.
/// </summary>
internal sealed class TabularNoticeReader
{
    private readonly NoticeField?[] _columns;
    private readonly FieldNames _names = new();

    private TabularNoticeReader(IReadOnlyList<string> header)
    {
        _columns = new NoticeField?[header.Count];
        var ignored = new List<string>();
        var seen = new Dictionary<NoticeField, string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (NoticeColumns.ByHeader(name) is not { } field)
            {
                if (name.Length > 0) ignored.Add(name);
                continue;
            }
            if (seen.TryGetValue(field, out var other)) throw new ImportFileException($"the columns '{other}' and '{name}' are the same field; keep one");
            seen[field] = name;
            _columns[i] = field;
            _names[field] = name;
        }
        var missing = NoticeColumns.All.Where(c => c.Required && !seen.ContainsKey(c.Field)).Select(c => $"{c.Chinese} ({c.English})").ToList();
        if (missing.Count > 0)
        {
            throw new ImportFileException($"the first row is not a header with the required columns: {string.Join(", ", missing)} missing" +
                (header.Count > 0 ? $"; it has {string.Join(", ", header.Take(8).Select(h => $"'{Shorten(h)}'"))}" : ""));
        }
        IgnoredColumns = ignored;
    }

    private IReadOnlyList<string> IgnoredColumns { get; }

    public static NoticeFile ReadCsv(Stream stream)
    {
        var options = new CsvReaderOptions
        {
            Encoding = NoticeFile.TextEncodingOrThrow(stream),
            HasHeader = false,
            // Empty lines still count as rows, so row numbers match what a spreadsheet shows.
            SkipEmptyLines = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            // A row is a few kilobytes: a larger one is a file that is not CSV (or a quote never closed).
            MaxRecordSize = 1024 * 1024,
        };
        var csv = CsvReader.Create(stream, options, leaveOpen: true);
        try
        {
            if (!ReadOrThrow(csv)) throw new ImportFileException("the file is empty");
            var reader = new TabularNoticeReader(Cells(csv));
            return new NoticeFile(ImportFormat.Csv, reader._names, reader.Rows(CsvRows(csv)), [], reader.IgnoredColumns);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The most a workbook's part may unpack to for each byte it takes in the file (Apache POI's rule, stricter): rows
    /// of notices pack five- to tenfold and even identical numbered rows only 17-fold, while a zip bomb packs 70- to
    /// 1000-fold, and the reader goes through every byte of it at about 2 MB a second.
    /// </summary>
    private const int MaxUnpackRatio = 30;

    /// <summary>The most all of a workbook's parts may unpack to: several times a sheet of 100,000 notices.</summary>
    private const long MaxUnpackedBytes = 1L << 30;

    public static NoticeFile ReadExcel(Stream stream)
    {
        RefuseZipBomb(stream);
        List<string[]> rows;
        try
        {
            // Read whole before anything is written: a damaged workbook fails here, not halfway through an import.
            rows = MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Select(row => row.Values.Select(CellText).ToArray())
                .ToList();
        }
        catch (Exception e) when (e is not ImportFileException and not OperationCanceledException)
        {
            throw new ImportFileException($"not a readable Excel workbook: {e.Message}", e);
        }
        if (rows.Count == 0) throw new ImportFileException("the workbook's first sheet is empty");
        var reader = new TabularNoticeReader(rows[0]);
        return new NoticeFile(ImportFormat.Xlsx, reader._names, reader.Rows(rows.Skip(1)), [], reader.IgnoredColumns);
    }

    /// <summary>Judges a workbook by the sizes its zip directory declares, which bound what its parts unpack to when read.</summary>
    private static void RefuseZipBomb(Stream stream)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.Length > 1024 * 1024 && entry.Length > MaxUnpackRatio * entry.CompressedLength)
                {
                    throw new ImportFileException($"the workbook's part {entry.FullName} unpacks from {entry.CompressedLength / 1024} KB to {entry.Length / 1024 / 1024} MB: refused as a zip bomb");
                }
            }
            if (total > MaxUnpackedBytes) throw new ImportFileException($"the workbook unpacks to {total / 1024 / 1024} MB, more than {MaxUnpackedBytes / 1024 / 1024} MB");
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException($"not a readable Excel workbook: {e.Message}", e);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private IEnumerable<IncomingNotice> Rows(IEnumerable<string[]> rows)
    {
        var number = 0;
        foreach (var cells in rows)
        {
            number++;
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            var notice = new IncomingNotice(number.ToString(CultureInfo.InvariantCulture), _names);
            for (var i = 0; i < cells.Length && i < _columns.Length; i++)
            {
                if (_columns[i] is { } field) notice[field] = SpreadsheetCells.Unescaped(cells[i]);
            }
            // A short row is most often the last row of a file cut off in transit: refuse it rather than store half.
            if (cells.Length < _columns.Length)
            {
                var firstMissing = Array.FindIndex(_columns, cells.Length, c => c is not null);
                if (firstMissing >= 0)
                {
                    notice.Problem = (_names[_columns[firstMissing]!.Value], $"missing: the row has {cells.Length} fields and the header {_columns.Length} (is the file cut short?)");
                }
            }
            else if (cells.Length > _columns.Length && cells.Skip(_columns.Length).Any(c => !string.IsNullOrWhiteSpace(c)))
            {
                notice.Problem = ($"column {_columns.Length + 1}", $"the row has {cells.Length} fields and the header {_columns.Length}");
            }
            yield return notice;
        }
    }

    private static IEnumerable<string[]> CsvRows(CsvReader csv)
    {
        using (csv)
        {
            while (ReadOrThrow(csv)) yield return Cells(csv);
        }
    }

    /// <summary>Later rows stream: a row that cannot be read stops the import there; what was committed before it stays.</summary>
    private static bool ReadOrThrow(CsvReader csv)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            throw new ImportFileException($"cannot read the CSV after row {csv.RowNumber}: {e.Message}", e);
        }
    }

    private static string[] Cells(CsvReader csv)
    {
        var cells = new string[csv.FieldCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i);
        return cells;
    }

    /// <summary>Excel gives numbers as doubles and dates as DateTime: written back as they were typed.</summary>
    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
