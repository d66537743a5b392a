using System.Buffers.Binary;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// Prints announcements on A4 for notice boards, police stations and newspapers: a poster per announcement (its photo,
/// the public text in the national site's fields, the station's contact and a QR code to its board page), and one
/// page listing every current announcement for a newspaper. Both print only <see cref="PublicAnnouncement"/> fields and
/// the public derivative of photos the public may see now. The text is real text (a subset of a Chinese TrueType font
/// is embedded), so it can be searched and copied.
/// </summary>
/// <remarks>
/// PDFsharp writes the PDF: SkiaSharp's PDF back-end embeds Noto CJK (CFF outlines) as Type 3 glyphs whose text maps
/// shared glyphs to the Kangxi radicals (女 extracts as U+2F25), so copied text would not be the text printed.
/// A printed poster is always in Chinese, whatever the reader's language: its labels are written here, not in UiText.
/// </remarks>
public sealed class AnnouncementPoster(PhotoAudience audience, PhotoStore store, StationClock clock)
{
    /// <summary>One printed page holds this many announcements; the rest are on the board.</summary>
    public const int NewspaperCapacity = Columns * Rows;

    private const int Columns = 3;
    private const int Rows = 9;

    // A4 in points, and the margin every page keeps clear.
    private const double PageWidth = 595;
    private const double PageHeight = 842;
    private const double Margin = 36;

    private static readonly XColor Red = XColor.FromArgb(0xB7, 0x1C, 0x1C);
    private static readonly XColor Grey = XColor.FromArgb(0x55, 0x55, 0x55);
    private static readonly XColor Rule = XColor.FromArgb(0xBB, 0xBB, 0xBB);

    /// <summary>A caller who is nobody: the photos printed are those the public may see, whoever asks for the print.</summary>
    private static readonly ClaimsPrincipal Public = new(new ClaimsIdentity());

    static AnnouncementPoster() => PosterFont.Register();

    /// <summary>The poster of <paramref name="announcement"/>, its QR code to its page under <paramref name="links"/>.</summary>
    public async Task<byte[]> PosterAsync(PublicAnnouncement announcement, AnnouncementLinks links, CancellationToken ct)
    {
        var boardUrl = links.Page(announcement.Code);
        using var photo = announcement.PhotoIds.Count > 0 ? await PhotoAsync(announcement.PhotoIds[0], PhotoVariant.Display, ct) : null;
        var document = NewDocument($"寻亲公告 {announcement.Code}");
        using (var g = XGraphics.FromPdfPage(NewPage(document)))
        {
            var page = new Painter(g);
            page.Centred("寻亲公告", PosterFont.Bold(44), Red, Margin + 40);
            page.Centred($"公告编号 {announcement.Code}　　发布日期 {LongDate(clock.DateOf(announcement.LastPublishedAt))}", PosterFont.Regular(10.5), Grey, Margin + 62);

            const double bodyTop = Margin + 80;
            const double footerTop = PageHeight - Margin - 150;
            const double photoWidth = 240, photoHeight = 320;
            var photoBottom = page.Photo(photo, Margin, bodyTop, photoWidth, photoHeight);
            const double right = Margin + photoWidth + 18;
            page.Fields(Fields(announcement, links), bodyTop, footerTop - 12,
                top => top < photoBottom + 6 ? (right, PageWidth - Margin - right) : (Margin, PageWidth - 2 * Margin));

            g.DrawLine(new XPen(Rule, 0.75), Margin, footerTop, PageWidth - Margin, footerTop);
            const double qrSize = 128;
            page.QrCode(boardUrl, PageWidth - Margin - qrSize, footerTop + 10, qrSize);
            var textWidth = PageWidth - 2 * Margin - qrSize - 16;
            var y = footerTop + 30;
            y = page.Paragraph("如果您认识TA，或知道TA的家人，请与我们联系：", PosterFont.Bold(14), XColors.Black, Margin, y, textWidth, 2);
            y = page.Paragraph(announcement.Contact, PosterFont.Regular(12), XColors.Black, Margin, y + 4, textWidth, 3);
            page.Paragraph($"扫描二维码或访问 {boardUrl} 查看公告全文", PosterFont.Regular(9.5), Grey, Margin, y + 6, textWidth, 3);
        }
        return Save(document);
    }

    /// <summary>
    /// One page listing <paramref name="announcements"/> (at most <see cref="NewspaperCapacity"/> are printed) for a
    /// newspaper; when <paramref name="total"/> is more, the page says where the rest are.
    /// </summary>
    public async Task<byte[]> NewspaperAsync(IReadOnlyList<PublicAnnouncement> announcements, int total, AnnouncementLinks links, CancellationToken ct)
    {
        var boardUrl = links.Board;
        var document = NewDocument("寻亲公告");
        using (var g = XGraphics.FromPdfPage(NewPage(document)))
        {
            var page = new Painter(g);
            page.Centred("寻亲公告", PosterFont.Bold(26), Red, Margin + 22);
            page.Centred("以下人员在本站受助，身份不明。如您认识他们，或知道他们的家人，请与我们联系。", PosterFont.Regular(10), XColors.Black, Margin + 42);
            page.Centred($"{LongDate(clock.Today)}　共 {total} 则", PosterFont.Regular(9), Grey, Margin + 56);

            const double gridTop = Margin + 66;
            const double footerTop = PageHeight - Margin - 62;
            const double cellWidth = (PageWidth - 2 * Margin) / Columns;
            const double cellHeight = (footerTop - 6 - gridTop) / Rows;
            var printed = announcements.Take(NewspaperCapacity).ToList();
            for (var i = 0; i < printed.Count; i++)
            {
                var a = printed[i];
                var x = Margin + i % Columns * cellWidth;
                var y = gridTop + i / Columns * cellHeight;
                g.DrawRectangle(new XPen(Rule, 0.5), x + 2, y + 2, cellWidth - 4, cellHeight - 4);
                using (var thumbnail = a.PhotoIds.Count > 0 ? await PhotoAsync(a.PhotoIds[0], PhotoVariant.Thumbnail, ct) : null)
                {
                    page.Photo(thumbnail, x + 6, y + 6, 46, cellHeight - 12);
                }
                var left = x + 58;
                var width = cellWidth - 64;
                var line = page.Paragraph(a.DisplayName, PosterFont.Bold(9), XColors.Black, left, y + 14, width, 1);
                var small = PosterFont.Regular(7.5);
                var facts = new[] { AnnouncementField.Sex, AnnouncementField.Age, AnnouncementField.HeightCm }.Select(f => Printed(a, f, links)).OfType<string>();
                line = page.Paragraph(string.Join(" · ", facts), small, XColors.Black, left, line, width, 1);
                line = page.Paragraph($"{Printed(a, AnnouncementField.FoundOn, links)} 发现于{a.FoundPlace}", small, XColors.Black, left, line, width, 2);
                line = page.Paragraph($"编号 {a.Code}", PosterFont.Bold(7.5), XColors.Black, left, line, width, 1);
                // The short address: the page's without its scheme.
                var address = links.Page(a.Code);
                page.Paragraph(address[(address.IndexOf("//", StringComparison.Ordinal) + 2)..], PosterFont.Regular(6.5), Grey, left, line - 1, width, 1);
            }
            if (printed.Count == 0) page.Centred("目前没有公告", PosterFont.Regular(12), Grey, gridTop + 40);

            g.DrawLine(new XPen(Rule, 0.75), Margin, footerTop, PageWidth - Margin, footerTop);
            const double qrSize = 56;
            page.QrCode(boardUrl, PageWidth - Margin - qrSize, footerTop + 4, qrSize);
            var textWidth = PageWidth - 2 * Margin - qrSize - 12;
            var more = total > printed.Count ? $"另有 {total - printed.Count} 则公告，" : "";
            var y2 = page.Paragraph($"{more}更多公告、照片和全文请见：{boardUrl}", PosterFont.Bold(10), XColors.Black, Margin, footerTop + 16, textWidth, 2);
            if (printed.Count > 0) page.Paragraph($"联系方式：{printed[0].Contact}", PosterFont.Regular(9), XColors.Black, Margin, y2 + 3, textWidth, 2);
        }
        return Save(document);
    }

    /// <summary>
    /// The public text under the national site's field names (<see cref="AnnouncementColumns"/>) in its order, except that
    /// the date and place found come up with the short facts, so that a text too long for the page is cut in the free
    /// text at its end; a field not known is left out. The contact is printed on its own, at the foot.
    /// </summary>
    private List<(string Label, string Value)> Fields(PublicAnnouncement a, AnnouncementLinks links) =>
        [.. AnnouncementColumns.All
            .Where(c => c.InText && c.Field != AnnouncementField.Contact)
            .OrderBy(c => c.Field < AnnouncementField.Features || c.Field is AnnouncementField.FoundOn or AnnouncementField.FoundPlace ? 0 : 1)
            .Select(c => (c.Chinese, Printed(a, c.Field, links)))
            .Where(f => f.Item2 is not null)
            .Select(f => (f.Chinese, f.Item2!))];

    /// <summary>A field as the exports write it, with its unit (40-50岁, 170厘米); null when not known.</summary>
    private string? Printed(PublicAnnouncement a, AnnouncementField field, AnnouncementLinks links) =>
        AnnouncementColumns.Cell(a, field, links, clock) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() + AnnouncementColumns.Of(field).Unit : null;

    private static string LongDate(DateOnly date) => $"{date.Year}年{date.Month}月{date.Day}日";

    /// <summary>The photo's file when the public may see it (null when not, or when the file is missing).</summary>
    private async Task<XImage?> PhotoAsync(Guid photoId, PhotoVariant variant, CancellationToken ct)
    {
        if (await audience.FindAsync(Public, photoId, variant, ct) is not { } photo) return null;
        await using var file = store.OpenVariant(photo.Sha256, variant);
        if (file is null) return null;
        var bytes = new MemoryStream();
        await file.CopyToAsync(bytes, ct);
        bytes.Position = 0;
        return XImage.FromStream(bytes);
    }

    private static PdfDocument NewDocument(string title)
    {
        var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "Rescue";
        return document;
    }

    private static PdfPage NewPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        return page;
    }

    private static byte[] Save(PdfDocument document)
    {
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Draws on one page: centred lines, wrapped paragraphs that never leave their box, photos, QR codes.</summary>
    private sealed class Painter(XGraphics g)
    {
        // A line-start character that would look stranded (，。) stays at the end of the line before, in the margin.
        private const string Hanging = "，。、；：！？）》」』”’…,.;:!?)";

        private readonly Dictionary<(string, double, bool), double> _widths = [];

        public void Centred(string text, XFont font, XColor color, double baseline)
        {
            var line = Wrap(text, font, _ => PageWidth - 2 * Margin, 0, 1)[0];
            g.DrawString(line, font, new XSolidBrush(color), (PageWidth - Width(line, font)) / 2, baseline);
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
                    g.DrawString(label, PosterFont.Bold(size), XBrushes.Black, x, baseline);
                    indent = Width(label, PosterFont.Bold(size));
                }
                g.DrawString(text, PosterFont.Regular(size), XBrushes.Black, x + indent, baseline);
            }
        }

        private List<(double X, double Baseline, string? Label, string Text, double Size)> Layout(
            IReadOnlyList<(string Label, string Value)> fields, double size, double top, Func<double, (double Left, double Width)> column)
        {
            var regular = PosterFont.Regular(size);
            var bold = PosterFont.Bold(size);
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
                g.DrawRectangle(new XPen(Rule, 0.75), XBrushes.WhiteSmoke, left, top, width, height);
                var font = PosterFont.Regular(Math.Min(12, width / 5));
                g.DrawString("无照片", font, new XSolidBrush(Grey), left + (width - Width("无照片", font)) / 2, top + height / 2);
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

        private double Width(string text, XFont font)
        {
            var key = (text, font.Size, font.Bold);
            if (!_widths.TryGetValue(key, out var width)) _widths[key] = width = g.MeasureString(text, font).Width;
            return width;
        }
    }
}

/// <summary>
/// The Chinese font posters are printed in (<see cref="ChineseFont"/>). PDFsharp embeds only the glyphs a page uses.
/// </summary>
internal static class PosterFont
{
    private const string Family = "Rescue Poster CJK";

    private static readonly Lazy<byte[]> Face = new(() =>
    {
        var path = ChineseFont.FilePath
            ?? throw new InvalidOperationException("No Chinese TrueType font for posters: install Debian's fonts-wqy-zenhei (./rescue does).");
        return FirstFace(File.ReadAllBytes(path));
    });

    private static int _registered;

    public static XFont Regular(double size) => new(Family, size, XFontStyleEx.Regular);

    public static XFont Bold(double size) => new(Family, size, XFontStyleEx.Bold);

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0) GlobalFontSettings.FontResolver ??= new Resolver();
    }

    /// <summary>
    /// The first font of a TrueType collection (.ttc) as a font file of its own, which is what PDFsharp reads: its
    /// header and table records, with each table copied after them and the records pointing at the copies.
    /// </summary>
    internal static byte[] FirstFace(byte[] file)
    {
        var source = file.AsSpan();
        if (BinaryPrimitives.ReadUInt32BigEndian(source) != 0x74746366) return file; // 'ttcf'
        var header = (int)BinaryPrimitives.ReadUInt32BigEndian(source[12..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(source[(header + 4)..]);
        var directory = 12 + 16 * count;
        var tables = new (int Offset, int Length)[count];
        for (var i = 0; i < count; i++)
        {
            var record = source[(header + 12 + 16 * i)..];
            tables[i] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }
        var face = new byte[directory + tables.Sum(t => (t.Length + 3) & ~3)];
        source.Slice(header, directory).CopyTo(face);
        var at = directory;
        for (var i = 0; i < count; i++)
        {
            source.Slice(tables[i].Offset, tables[i].Length).CopyTo(face.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(face.AsSpan(12 + 16 * i + 8), (uint)at);
            at += (tables[i].Length + 3) & ~3;
        }
        return face;
    }

    private sealed class Resolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            familyName == Family ? new FontResolverInfo(Family, bold, false) : null;

        public byte[]? GetFont(string faceName) => faceName == Family ? Face.Value : null;
    }
}

/// <summary>The print endpoints: an announcement's poster for anyone, the newspaper page for the station.</summary>
public static class AnnouncementPosterApi
{
    public static IEndpointRouteBuilder MapAnnouncementPosters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/gg/{code}/poster.pdf", GetPoster).WithName(nameof(GetPoster)).WithTags("Announcements")
            .AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("A published announcement's A4 poster (PDF): photo, public text, the station's contact, a QR code to its page. 410 once withdrawn.");
        app.MapGet("/api/v1/announcements/newspaper.pdf", GetNewspaperPage).WithName(nameof(GetNewspaperPage)).WithTags("Announcements")
            .RequireAuthorization(Policies.Station)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("One A4 page (PDF) listing the current announcements for a newspaper; the rest are named by the board's address.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound, StatusCodeHttpResult>> GetPoster(
        string code, HttpContext http, PublicAnnouncements announcements, AnnouncementPoster poster, CancellationToken ct)
    {
        var (lookup, found) = await announcements.FindAsync(code, ct);
        if (lookup == PublicLookup.Gone) return TypedResults.StatusCode(StatusCodes.Status410Gone);
        if (found is null) return TypedResults.NotFound();
        var pdf = await poster.PosterAsync(found, AnnouncementLinks.For(http.Request), ct);
        // Withdrawn means gone from the next request: no copy kept by a browser or a proxy.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(pdf, "application/pdf", $"xunqin-{found.Code}.pdf");
    }

    private static async Task<FileContentHttpResult> GetNewspaperPage(
        HttpContext http, PublicAnnouncements announcements, AnnouncementPoster poster, CancellationToken ct)
    {
        var printed = await announcements.AllAsync(AnnouncementPoster.NewspaperCapacity, ct);
        var total = printed.Count < AnnouncementPoster.NewspaperCapacity ? printed.Count : await announcements.Current().CountAsync(ct);
        var pdf = await poster.NewspaperAsync(printed, total, AnnouncementLinks.For(http.Request), ct);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(pdf, "application/pdf", "xunqin-newspaper.pdf");
    }
}
