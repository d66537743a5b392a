using System.Globalization;
using MiniExcelLibs;
using Rescue.Web.Components;

namespace Rescue.Web.Features.Statistics;

/// <summary>One table of a month's figures: the page shows it, the workbook has it as a sheet.</summary>
public sealed record StatisticsTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object>> Rows);

/// <summary>
/// A month's figures as the tables people read, in the reader's language: the page's tables and the Excel workbook's
/// sheets are the same list, so the two never say different things.
/// </summary>
public static class StatisticsTables
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IReadOnlyList<StatisticsTable> Of(MonthlyFigures f)
    {
        string T(string key) => UiText.Format(key);
        var count = T("Stats.Count");
        var o = f.Occupancy;
        return
        [
            new("summary", T("Stats.Summary"), [T("Stats.Figure"), T("Stats.Value")],
            [
                [T("Stats.PersonTimes"), f.Admissions.PersonTimes],
                [T("Stats.Persons"), f.Admissions.Persons],
                [T("Stats.BedCapacity"), (object?)o.BedCapacity ?? "—"],
                [T("Stats.PersonNights"), o.PersonNights],
                [T("Stats.OccupancyRate"), Percent(o.Rate)],
                [T("Stats.Peak"), o.Peak],
                [T("Stats.PeakRate"), Percent(o.PeakRate)],
                [T("Stats.Exits"), f.Exits.Values.Sum()],
                [T("Stats.StrandedAtMonthEnd"), f.StrandedAtMonthEnd],
                [T("Stats.SettlementsCompleted"), f.SettlementsCompleted],
            ]),
            Counts("source", T("Stats.BySource"), T("Stats.Source"), count, f.Admissions.BySource, "AdmissionSource."),
            Counts("age", T("Stats.ByAge"), T("Stats.AgeGroup"), count, f.Admissions.ByAge, "AgeGroup."),
            Counts("sex", T("Stats.BySex"), T("Sex"), count, f.Admissions.BySex, "Sex."),
            new("nights", T("Stats.Nights"), [T("Stats.Night"), T("Stats.InStation"), T("Stats.OccupancyRate")],
                [.. o.Nights.Select(n => (IReadOnlyList<object>)[n.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), n.InStation,
                    Percent(o.BedCapacity is { } beds ? (double)n.InStation / beds : null)])]),
            Counts("exits", T("Stats.ExitsByKind"), T("Stats.ExitKind"), count, f.Exits, "ExitKind."),
            Counts("reunions", T("Stats.ReunionsByVerification"), T("Stats.Verification"), count, f.Reunions, "ReunionVerification."),
            new("deadlines", T("Stats.Deadlines"), [T("Stats.Task"), T("Stats.Met"), T("Stats.Missed"), T("Stats.Open")],
                [.. f.Deadlines.Select(d => (IReadOnlyList<object>)[T("CaseTaskKind." + d.Kind), d.Met, d.Missed, d.Open])]),
        ];
    }

    /// <summary>The workbook: one sheet per table, its header the first row.</summary>
    public static async Task WriteExcelAsync(MonthlyFigures figures, Stream output, CancellationToken ct)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var table in Of(figures))
        {
            // Columns keyed by position: two tables may name a column alike, and a sheet keeps its own order.
            var rows = new List<Dictionary<string, object?>> { Row(table.Columns) };
            rows.AddRange(table.Rows.Select(Row));
            sheets[table.Title] = rows;
        }
        // Built in memory: the writer is synchronous, which the response refuses.
        using var workbook = new MemoryStream();
        await workbook.SaveAsAsync(sheets, printHeader: false, excelType: ExcelType.XLSX, cancellationToken: ct);
        workbook.Position = 0;
        await workbook.CopyToAsync(output, ct);
    }

    public static string FileName(MonthlyFigures figures) => $"statistics-{figures.Month}.xlsx";

    private static Dictionary<string, object?> Row<T>(IReadOnlyList<T> cells) =>
        cells.Select((c, i) => (Key: ((char)('A' + i)).ToString(), Value: (object?)c)).ToDictionary(c => c.Key, c => c.Value);

    private static StatisticsTable Counts<TKey>(string id, string title, string keyColumn, string countColumn, IReadOnlyDictionary<TKey, int> counts, string prefix)
        where TKey : struct, Enum =>
        new(id, title, [keyColumn, countColumn], [.. counts.Select(c => (IReadOnlyList<object>)[UiText.Format(prefix + c.Key), c.Value])]);

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";
}
