using System.Text;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Rescue.Web.Hosting.Pdf;

/// <summary>The page everything is printed on, and the colours printed pages share.</summary>
internal static class A4
{
    // A4 in points, and the margin a page keeps clear unless it asks for another.
    public const double Width = 595;
    public const double Height = 842;
    public const double Margin = 36;

    public static readonly XColor Grey = XColor.FromArgb(0x55, 0x55, 0x55);
    public static readonly XColor Rule = XColor.FromArgb(0xBB, 0xBB, 0xBB);

    /// <summary>A new document with its title and <c>Rescue</c> as its creator.</summary>
    public static PdfDocument NewDocument(string title)
    {
        var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Rescue";
        return document;
    }

    public static PdfPage NewPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        return page;
    }

    public static byte[] Save(PdfDocument document)
    {
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>2026年11月3日: a date as Chinese documents write it.</summary>
    public static string LongDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>A photo's bytes as an image to draw; null for none.</summary>
    public static XImage? Image(byte[]? bytes) => bytes is null ? null : XImage.FromStream(new MemoryStream(bytes));
}

/// <summary>
/// Draws on one A4 page: centred lines, wrapped paragraphs that never leave their box, labelled fields, photos, QR
/// codes. Chinese text breaks between any two characters, never inside a run of Latin letters or digits.
/// </summary>
internal sealed class PagePainter(XGraphics g, double margin = A4.Margin)
{
    // A line-start character that would look stranded (，。) stays at the end of the line before, in the margin.
    private const string Hanging = "，。、；：！？）》」』”’…,.;:!?)";

    private readonly Dictionary<(string, double, bool), double> _widths = [];

    public void Centred(string text, XFont font, XColor color, double baseline)
    {
        var line = Wrap(text, font, _ => A4.Width - 2 * margin, 0, 1)[0];
        g.DrawString(line, font, new XSolidBrush(color), (A4.Width - Width(line, font)) / 2, baseline);
    }

    /// <summary>Wraps <paramref name="text"/> into at most <paramref name="maxLines"/> lines from the baseline given; returns the last baseline.</summary>
    public double Paragraph(string text, XFont font, XColor color, double left, double baseline, double width, int maxLines)
    {
        var height = font.Size * 1.35;
        var lines = Wrap(text, font, _ => width, 0, maxLines);
        var brush = new XSolidBrush(color);
        for (var i = 0; i < lines.Count; i++) g.DrawString(lines[i], font, brush, left, baseline + i * height);
        return baseline + Math.Max(0, lines.Count - 1) * height + height;
    }

    /// <summary>
    /// Labelled fields flowing down from <paramref name="top"/> in the column that <paramref name="column"/> gives
    /// for a line's top: the largest size from 13 pt down to 8 pt at which they all fit above <paramref name="bottom"/>;
    /// at 8 pt what does not fit is cut with an ellipsis (the board has the full text).
    /// </summary>
    public void Fields(IReadOnlyList<(string Label, string Value)> fields, double top, double bottom, Func<double, (double Left, double Width)> column)
    {
        List<(double X, double Baseline, string? Label, string Text, double Size)> lines = [];
        for (var size = 13.0; size >= 8; size -= 1)
        {
            lines = Layout(fields, size, top, column);
            if (lines.Count == 0 || lines[^1].Baseline <= bottom) break;
        }
        var cut = lines.FindIndex(l => l.Baseline > bottom);
        if (cut >= 0)
        {
            lines = lines[..cut];
            if (lines.Count > 0) lines[^1] = lines[^1] with { Text = (lines[^1].Text.Length > 2 ? lines[^1].Text[..^2] : "") + "……" };
        }
        foreach (var (x, baseline, label, text, size) in lines)
        {
            var indent = 0.0;
            if (label is not null)
            {
                g.DrawString(label, PrintFont.Bold(size), XBrushes.Black, x, baseline);
                indent = Width(label, PrintFont.Bold(size));
            }
            g.DrawString(text, PrintFont.Regular(size), XBrushes.Black, x + indent, baseline);
        }
    }

    private List<(double X, double Baseline, string? Label, string Text, double Size)> Layout(
        IReadOnlyList<(string Label, string Value)> fields, double size, double top, Func<double, (double Left, double Width)> column)
    {
        var regular = PrintFont.Regular(size);
        var bold = PrintFont.Bold(size);
        var height = size * 1.5;
        var result = new List<(double, double, string?, string, double)>();
        var lineTop = top;
        foreach (var (name, value) in fields)
        {
            var label = name + "：";
            var start = lineTop;
            var lines = Wrap(value, regular, i => column(start + i * height).Width, Width(label, bold), int.MaxValue);
            for (var i = 0; i < lines.Count; i++)
            {
                result.Add((column(lineTop).Left, lineTop + size, i == 0 ? label : null, lines[i], size));
                lineTop += height;
            }
            lineTop += size * 0.3;
        }
        return result;
    }

    /// <summary>
    /// Breaks <paramref name="text"/> into lines no wider than <paramref name="widthOf"/> (by line number), the
    /// first line shortened by <paramref name="indent"/>: between any two Chinese characters, not inside a run of
    /// Latin letters or digits unless it is wider than a line. The last line kept ends in … when text is left over.
    /// </summary>
    public List<string> Wrap(string text, XFont font, Func<int, double> widthOf, double indent, int maxLines)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var used = indent;
        var overflow = false;
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            foreach (var unit in Units(paragraph))
            {
                var w = Width(unit, font);
                if (line.Length > 0 && used + w > widthOf(lines.Count) && !Hanging.Contains(unit[0]))
                {
                    lines.Add(line.ToString().TrimEnd());
                    line.Clear();
                    used = 0;
                    if (string.IsNullOrWhiteSpace(unit)) continue;
                }
                line.Append(unit);
                used += w;
            }
            lines.Add(line.ToString().TrimEnd());
            line.Clear();
            used = 0;
        }
        if (lines.Count > maxLines)
        {
            lines = lines[..maxLines];
            overflow = true;
        }
        if (overflow)
        {
            var last = lines[^1];
            while (last.Length > 0 && Width(last + "…", font) > widthOf(lines.Count - 1)) last = last[..^1];
            lines[^1] = last + "…";
        }
        return lines;

        IEnumerable<string> Units(string paragraph)
        {
            var i = 0;
            while (i < paragraph.Length)
            {
                var start = i;
                if (char.IsAsciiLetterOrDigit(paragraph[i]))
                {
                    while (i < paragraph.Length && (char.IsAsciiLetterOrDigit(paragraph[i]) || paragraph[i] is '.' or '-' or '/' or ':' or '_')) i++;
                }
                else
                {
                    i += char.IsSurrogatePair(paragraph, i) ? 2 : 1;
                }
                var unit = paragraph[start..i];
                // A run wider than any line (a long address) breaks where it must.
                if (unit.Length > 1 && Width(unit, font) > widthOf(0) * 0.9)
                {
                    foreach (var c in unit) yield return c.ToString();
                }
                else
                {
                    yield return unit;
                }
            }
        }
    }

    /// <summary>Draws <paramref name="photo"/> fitted into the box, top-aligned; a grey frame when there is none. Returns its bottom.</summary>
    public double Photo(XImage? photo, double left, double top, double width, double height)
    {
        if (photo is null || photo.PixelWidth == 0 || photo.PixelHeight == 0)
        {
            g.DrawRectangle(new XPen(A4.Rule, 0.75), XBrushes.WhiteSmoke, left, top, width, height);
            var font = PrintFont.Regular(Math.Min(12, width / 5));
            g.DrawString("无照片", font, new XSolidBrush(A4.Grey), left + (width - Width("无照片", font)) / 2, top + height / 2);
            return top + height;
        }
        var scale = Math.Min(width / photo.PixelWidth, height / photo.PixelHeight);
        var (w, h) = (photo.PixelWidth * scale, photo.PixelHeight * scale);
        g.DrawImage(photo, left + (width - w) / 2, top, w, h);
        return top + h;
    }

    /// <summary>A QR code of <paramref name="text"/> as vector squares (sharp at any print size), its quiet zone included.</summary>
    public void QrCode(string text, double left, double top, double size)
    {
        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = code.ModuleMatrix;
        var step = size / modules.Count;
        g.DrawRectangle(XBrushes.White, left, top, size, size);
        for (var row = 0; row < modules.Count; row++)
        {
            var column = 0;
            while (column < modules.Count)
            {
                if (!modules[row][column]) { column++; continue; }
                var start = column;
                while (column < modules.Count && modules[row][column]) column++;
                // A hair of overlap so that no seam shows between neighbouring squares when the page is rasterised.
                g.DrawRectangle(XBrushes.Black, left + start * step, top + row * step, (column - start) * step + 0.05, step + 0.05);
            }
        }
    }

    /// <summary>The width of <paramref name="text"/> in <paramref name="font"/>, measured once per page.</summary>
    public double Width(string text, XFont font)
    {
        var key = (text, font.Size, font.Bold);
        if (!_widths.TryGetValue(key, out var width)) _widths[key] = width = g.MeasureString(text, font).Width;
        return width;
    }
}
