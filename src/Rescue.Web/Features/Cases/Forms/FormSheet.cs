using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Rescue.Web.Hosting.Pdf;

namespace Rescue.Web.Features.Cases.Forms;

/// <summary>One field of a form's table row: its label in a shaded cell, its value beside it, sharing the row by weight.</summary>
internal readonly record struct Field(string Label, string? Value, double Weight = 1);

/// <summary>
/// A government-style form flowing down A4 pages: the station and the form's title on top, the case number, sections of
/// bordered tables with labelled cells, free text, signature lines and approval boxes. A cell too long for the page goes
/// on over the next one; a table's header is repeated there; every page is numbered when there is more than one.
/// </summary>
internal sealed class FormSheet
{
    private const double Margin = 48;
    private const double Width = A4.Width - 2 * Margin;
    private const double Bottom = A4.Height - Margin;
    private const double Pad = 4;
    private const double Size = 10;
    private const double LineHeight = 14;

    private static readonly XColor Shade = XColor.FromArgb(0xEE, 0xEE, 0xEE);
    private static readonly XPen Border = new(XColors.Black, 0.6);

    private readonly PdfDocument _document;
    private readonly string _title;
    private readonly string _caseNumber;
    private readonly XFont _regular = PrintFont.Regular(Size);
    private readonly XFont _bold = PrintFont.Bold(Size);
    private XGraphics _g = null!;
    private PagePainter _painter = null!;
    private double _y;

    /// <summary>Starts the first page: the station's name, the form's title, the case number and <paramref name="subtitle"/> on the right.</summary>
    public FormSheet(string title, string station, string caseNumber, string subtitle)
    {
        _title = title;
        _caseNumber = caseNumber;
        _document = A4.NewDocument($"{title} {caseNumber}");
        Start();
        _painter.Centred(station, PrintFont.Regular(13), XColors.Black, Margin + 12);
        _painter.Centred(title, PrintFont.Bold(20), XColors.Black, Margin + 42);
        _g.DrawString($"编号：{caseNumber}", _regular, XBrushes.Black, Margin, Margin + 66);
        _g.DrawString(subtitle, _regular, XBrushes.Black, Margin + Width - _painter.Width(subtitle, _regular), Margin + 66);
        _y = Margin + 74;
    }

    /// <summary>A section's heading across the table: 一、基本情况. It starts a page rather than end one.</summary>
    public void Section(string heading)
    {
        if (_y + 4 * LineHeight > Bottom) Break();
        Cells([new Cell(Width, _bold, true, [heading])], minLines: 1);
    }

    /// <summary>One table row of labelled fields.</summary>
    public void Row(params Field[] fields) => Cells(Layout(fields, Width), minLines: 1);

    /// <summary>
    /// Rows of labelled fields with a photo box on their right spanning them all (at least a 2-inch photo's height);
    /// a blank row fills what the rows leave of the box.
    /// </summary>
    public void RowsBesidePhoto(XImage? photo, params Field[][] rows)
    {
        const double photoWidth = 104, photoHeight = 140;
        var width = Width - photoWidth;
        var rowHeights = rows.Select(r => RowHeight(Layout(r, width), 1)).ToList();
        var height = Math.Max(rowHeights.Sum(), photoHeight);
        if (_y + height > Bottom) Break();
        var top = _y;
        foreach (var row in rows) Cells(Layout(row, width), minLines: 1);
        if (_y < top + height)
        {
            _g.DrawRectangle(Border, Margin, _y, width, top + height - _y);
            _y = top + height;
        }
        _g.DrawRectangle(Border, Margin + width, top, photoWidth, height);
        _painter.Photo(photo, Margin + width + 4, top + 4, photoWidth - 8, height - 8);
    }

    /// <summary>A table with a shaded header (repeated on each page it runs onto); <paramref name="empty"/> in one row when it has none.</summary>
    public void Table(string[] headers, double[] weights, IReadOnlyList<string?[]> rows, string empty)
    {
        var total = weights.Sum();
        var widths = weights.Select(w => Width * w / total).ToArray();
        List<Cell> Header() => [.. headers.Select((h, i) => new Cell(widths[i], _bold, true, Wrap(h, _bold, widths[i])))];
        if (_y + RowHeight(Header(), 1) + 2 * LineHeight > Bottom) Break();
        Cells(Header(), minLines: 1);
        if (rows.Count == 0)
        {
            Cells([new Cell(Width, _regular, false, [empty])], minLines: 1, continued: () => Cells(Header(), 1));
            return;
        }
        foreach (var row in rows)
        {
            Cells([.. row.Select((text, i) => new Cell(widths[i], _regular, false, Wrap(text, _regular, widths[i])))], minLines: 1, continued: () => Cells(Header(), 1));
        }
    }

    /// <summary>Free text across the page, its first line indented two characters as Chinese documents are.</summary>
    public void Paragraph(string text, double size = 11)
    {
        var font = PrintFont.Regular(size);
        var height = size * 1.7;
        _y += height * 0.4;
        foreach (var paragraph in text.Split('\n'))
        {
            var lines = _painter.Wrap(paragraph, font, _ => Width, 2 * size, int.MaxValue);
            for (var i = 0; i < lines.Count; i++)
            {
                if (_y + height > Bottom) Break();
                _g.DrawString(lines[i], font, XBrushes.Black, Margin + (i == 0 ? 2 * size : 0), _y + size);
                _y += height;
            }
        }
    }

    /// <summary>A line of text aligned right (the station's name and date under a notice).</summary>
    public void Right(string text, double size = 11)
    {
        var font = PrintFont.Regular(size);
        if (_y + size * 1.8 > Bottom) Break();
        _g.DrawString(text, font, XBrushes.Black, Margin + Width - _painter.Width(text, font), _y + size);
        _y += size * 1.8;
    }

    /// <summary>Space between blocks.</summary>
    public void Gap(double points = 10) => _y = Math.Min(_y + points, Bottom);

    /// <summary>A signature line for each signer (签字：______  日期：____年__月__日), kept together on one page.</summary>
    public void Signatures(params string[] signers)
    {
        const double height = 30;
        if (_y + 8 + height * signers.Length > Bottom) Break();
        _y += 8;
        foreach (var signer in signers)
        {
            var label = $"{signer}签字：";
            var baseline = _y + 20;
            _g.DrawString(label, _regular, XBrushes.Black, Margin, baseline);
            var lineStart = Margin + _painter.Width(label, _regular);
            _g.DrawLine(Border, lineStart, baseline + 2, lineStart + 150, baseline + 2);
            const string date = "日期：　　　　年　　月　　日";
            _g.DrawString(date, _regular, XBrushes.Black, Margin + Width - _painter.Width(date, _regular), baseline);
            _y += height;
        }
    }

    /// <summary>A box for an office's opinion, with room to write, its seal, the signature and the date.</summary>
    public void ApprovalBox(string office)
    {
        const double height = 84;
        if (_y + height > Bottom) Break();
        _g.DrawRectangle(Border, Margin, _y, Width, height);
        _g.DrawString($"{office}意见：", _bold, XBrushes.Black, Margin + Pad, _y + Pad + Size);
        const string seal = "（盖章）";
        const string signed = "负责人签字：　　　　　　　　　　　　年　　月　　日";
        _g.DrawString(seal, _regular, XBrushes.Black, Margin + Width - _painter.Width(seal, _regular) - 3 * Pad, _y + height - 2 * LineHeight - Pad);
        _g.DrawString(signed, _regular, XBrushes.Black, Margin + Width - _painter.Width(signed, _regular) - 3 * Pad, _y + height - Pad - 2);
        _y += height;
    }

    /// <summary>The document, every page numbered 第 N 页 共 M 页 when it has more than one.</summary>
    public byte[] Finish()
    {
        _g.Dispose();
        var count = _document.PageCount;
        if (count > 1)
        {
            for (var i = 0; i < count; i++)
            {
                using var g = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
                var text = $"第 {i + 1} 页　共 {count} 页";
                var font = PrintFont.Regular(9);
                g.DrawString(text, font, new XSolidBrush(A4.Grey), (A4.Width - g.MeasureString(text, font).Width) / 2, A4.Height - Margin / 2);
            }
        }
        return A4.Save(_document);
    }

    private sealed record Cell(double Width, XFont Font, bool Shaded, List<string> Lines);

    private void Start()
    {
        _g = XGraphics.FromPdfPage(A4.NewPage(_document));
        _painter = new PagePainter(_g, Margin);
    }

    /// <summary>A new page, headed by the form's title and the case number in small print.</summary>
    private void Break()
    {
        _g.Dispose();
        Start();
        var header = $"{_title}（续）　编号：{_caseNumber}";
        _g.DrawString(header, PrintFont.Regular(9), new XSolidBrush(A4.Grey), Margin, Margin + 9);
        _y = Margin + 16;
    }

    /// <summary>Each field's label cell as wide as its label (at most a fifth of the row), the values sharing the rest by weight.</summary>
    private List<Cell> Layout(Field[] fields, double width)
    {
        // Labels of up to four characters share one width, so that the columns of a form line up.
        var shortest = _painter.Width("身份证号", _regular);
        var labelWidths = fields.Select(f => Math.Min(Math.Max(shortest, _painter.Width(f.Label, _regular)) + 2 * Pad + 1, width / 5)).ToArray();
        var rest = width - labelWidths.Sum();
        var weights = fields.Sum(f => f.Weight);
        var cells = new List<Cell>();
        for (var i = 0; i < fields.Length; i++)
        {
            var valueWidth = rest * fields[i].Weight / weights;
            cells.Add(new Cell(labelWidths[i], _regular, true, Wrap(fields[i].Label, _regular, labelWidths[i])));
            cells.Add(new Cell(valueWidth, _regular, false, Wrap(fields[i].Value, _regular, valueWidth)));
        }
        return cells;
    }

    private List<string> Wrap(string? text, XFont font, double width) =>
        string.IsNullOrWhiteSpace(text) ? [] : _painter.Wrap(text.Trim(), font, _ => width - 2 * Pad, 0, int.MaxValue);

    private static double RowHeight(List<Cell> cells, int minLines) =>
        Math.Max(minLines, cells.Max(c => c.Lines.Count)) * LineHeight + 2 * Pad;

    /// <summary>
    /// Draws a row of cells left to right from the margin. What does not fit above the page's foot goes on at the top of
    /// the next page (after <paramref name="continued"/>, a table's header), line by line, the row's borders closed on each.
    /// </summary>
    private void Cells(List<Cell> cells, int minLines, Action? continued = null)
    {
        var done = new int[cells.Count];
        var first = true;
        while (true)
        {
            var left = cells.Select((c, i) => c.Lines.Count - done[i]).Max();
            if (first) left = Math.Max(left, minLines);
            var fits = (int)Math.Floor((Bottom - _y - 2 * Pad) / LineHeight);
            if (fits < Math.Min(left, 2))
            {
                Break();
                continued?.Invoke();
                continue;
            }
            var take = Math.Min(left, fits);
            var height = take * LineHeight + 2 * Pad;
            var x = Margin;
            for (var i = 0; i < cells.Count; i++)
            {
                var cell = cells[i];
                if (cell.Shaded) _g.DrawRectangle(Border, new XSolidBrush(Shade), x, _y, cell.Width, height);
                else _g.DrawRectangle(Border, x, _y, cell.Width, height);
                var lines = cell.Lines.Skip(done[i]).Take(take).ToList();
                for (var l = 0; l < lines.Count; l++) _g.DrawString(lines[l], cell.Font, XBrushes.Black, x + Pad, _y + Pad + l * LineHeight + Size);
                done[i] += lines.Count;
                x += cell.Width;
            }
            _y += height;
            first = false;
            if (cells.Select((c, i) => c.Lines.Count - done[i]).All(n => n <= 0)) return;
            Break();
            continued?.Invoke();
        }
    }
}
