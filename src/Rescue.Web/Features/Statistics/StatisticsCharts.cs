using Rescue.Web.Components;
using Rescue.Web.Hosting;
using ScottPlot;

namespace Rescue.Web.Features.Statistics;

/// <summary>One chart of the statistics page: its caption and the SVG drawn by ScottPlot.</summary>
public sealed record StatisticsChart(string Id, string Caption, string Svg);

/// <summary>
/// The statistics page's charts, drawn by ScottPlot as SVG. The labels are Chinese: SkiaSharp's SVG writer emits text
/// as characters of the font the label was measured in, so the Chinese font (<see cref="ChineseFont"/>) is registered
/// with ScottPlot and every label set in it; without it, the characters have no glyphs and the labels come out empty.
/// The browser then draws the text with the same font (named first) or its own Chinese one.
/// </summary>
public static class StatisticsCharts
{
    private const string Family = "Rescue CJK";
    private const int Width = 560;
    private const int Height = 280;

    private static readonly Lazy<string?> Font = new(() =>
    {
        if (ChineseFont.FilePath is not { } path) return null;
        Fonts.AddFontFile(Family, path);
        return Family;
    });

    private static readonly Color[] Palette = [Color.FromHex("#1f5f99"), Color.FromHex("#b8322a"), Color.FromHex("#8a8f98")];

    public static IReadOnlyList<StatisticsChart> Of(MonthlyFigures f)
    {
        string T(string key) => UiText.Format(key);
        return
        [
            new("chart-nights", T("Stats.Nights"), Nights(f.Occupancy)),
            new("chart-source", T("Stats.BySource"), Categories(f.Admissions.BySource, "AdmissionSource.")),
            new("chart-age", T("Stats.ByAge"), Categories(f.Admissions.ByAge, "AgeGroup.")),
            new("chart-exits", T("Stats.ExitsByKind"), Categories(f.Exits, "ExitKind.")),
            new("chart-deadlines", T("Stats.Deadlines"), Deadlines(f.Deadlines)),
        ];
    }

    /// <summary>Who was in the station each night, with the beds as a line when their number is set.</summary>
    private static string Nights(OccupancyFigures occupancy)
    {
        var plot = NewPlot();
        var bars = plot.Add.Bars(occupancy.Nights.Select(n => (double)n.Day.Day).ToArray(), occupancy.Nights.Select(n => (double)n.InStation).ToArray());
        bars.Color = Palette[0];
        if (occupancy.BedCapacity is { } beds)
        {
            var line = plot.Add.HorizontalLine(beds);
            line.Color = Palette[1];
            line.LineWidth = 2;
            line.LabelText = UiText.Format("Stats.BedCapacity");
            line.LabelFontName = Font.Value ?? line.LabelFontName;
        }
        var days = occupancy.Nights.Count > 0 ? occupancy.Nights[^1].Day.Day : 1;
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(1, days).Where(d => d == 1 || d % 5 == 0).Select(d => (double)d)],
            [.. Enumerable.Range(1, days).Where(d => d == 1 || d % 5 == 0).Select(d => d.ToString())]);
        // The beds' line is no data to the axis: the height is set to show it.
        plot.Axes.SetLimitsY(0, Math.Max(Math.Max(occupancy.Peak, occupancy.BedCapacity ?? 0), 1) * 1.15);
        return Render(plot);
    }

    /// <summary>One bar per value of an enum, labelled with its text and its count.</summary>
    private static string Categories<TKey>(IReadOnlyDictionary<TKey, int> counts, string prefix) where TKey : struct, Enum
    {
        var plot = NewPlot();
        var items = counts.ToList();
        var bars = items.Select((c, i) => new Bar
        {
            Position = i,
            Value = c.Value,
            FillColor = Palette[0],
            Label = c.Value.ToString(),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontName = Font.Value ?? plottable.ValueLabelStyle.FontName;
        plot.Axes.Bottom.SetTicks([.. items.Select((_, i) => (double)i)], [.. items.Select(c => UiText.Format(prefix + c.Key))]);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return Render(plot);
    }

    /// <summary>Each task kind's deadlines side by side: met, missed, open.</summary>
    private static string Deadlines(IReadOnlyList<DeadlineFigures> deadlines)
    {
        var plot = NewPlot();
        var bars = new List<Bar>();
        for (var i = 0; i < deadlines.Count; i++)
        {
            int[] values = [deadlines[i].Met, deadlines[i].Missed, deadlines[i].Open];
            for (var j = 0; j < values.Length; j++)
            {
                bars.Add(new Bar { Position = i * 4 + j, Value = values[j], FillColor = Palette[j] });
            }
        }
        plot.Add.Bars(bars);
        string[] outcomes = ["Stats.Met", "Stats.Missed", "Stats.Open"];
        for (var j = 0; j < outcomes.Length; j++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = UiText.Format(outcomes[j]), FillColor = Palette[j] });
        }
        plot.Legend.FontName = Font.Value ?? plot.Legend.FontName;
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        plot.Axes.Bottom.SetTicks([.. deadlines.Select((_, i) => i * 4 + 1.0)], [.. deadlines.Select(d => ShortTask(d.Kind))]);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return Render(plot);
    }

    private static string ShortTask(Cases.CaseTaskKind kind) => UiText.Format("Stats.TaskShort." + kind);

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (Font.Value is { } family) plot.Font.Set(family);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    private static string Render(Plot plot)
    {
        // The page holds the SVG inline: the XML declaration has no place there.
        var svg = plot.GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return (start > 0 ? svg[start..] : svg).Replace($"width=\"{Width}\" height=\"{Height}\"", $"viewBox=\"0 0 {Width} {Height}\" role=\"img\"");
    }
}
