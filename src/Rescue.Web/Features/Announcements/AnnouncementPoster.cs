using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Drawing;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Hosting.Pdf;
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
public sealed class AnnouncementPoster(PrintedPhotos photos, StationClock clock)
{
    /// <summary>One printed page holds this many announcements; the rest are on the board.</summary>
    public const int NewspaperCapacity = Columns * Rows;

    private const int Columns = 3;
    private const int Rows = 9;

    private static readonly XColor Red = XColor.FromArgb(0xB7, 0x1C, 0x1C);

    /// <summary>A caller who is nobody: the photos printed are those the public may see, whoever asks for the print.</summary>
    private static readonly ClaimsPrincipal Public = new(new ClaimsIdentity());

    /// <summary>The poster of <paramref name="announcement"/>, its QR code to its page under <paramref name="links"/>.</summary>
    public async Task<byte[]> PosterAsync(PublicAnnouncement announcement, AnnouncementLinks links, CancellationToken ct)
    {
        var boardUrl = links.Page(announcement.Code);
        using var photo = announcement.PhotoIds.Count > 0 ? await PhotoAsync(announcement.PhotoIds[0], PhotoVariant.Display, ct) : null;
        var document = A4.NewDocument($"寻亲公告 {announcement.Code}");
        using (var g = XGraphics.FromPdfPage(A4.NewPage(document)))
        {
            var page = new PagePainter(g);
            page.Centred("寻亲公告", PrintFont.Bold(44), Red, A4.Margin + 40);
            page.Centred($"公告编号 {announcement.Code}　　发布日期 {A4.LongDate(clock.DateOf(announcement.LastPublishedAt))}", PrintFont.Regular(10.5), A4.Grey, A4.Margin + 62);

            const double bodyTop = A4.Margin + 80;
            const double footerTop = A4.Height - A4.Margin - 150;
            const double photoWidth = 240, photoHeight = 320;
            var photoBottom = page.Photo(photo, A4.Margin, bodyTop, photoWidth, photoHeight);
            const double right = A4.Margin + photoWidth + 18;
            page.Fields(Fields(announcement, links), bodyTop, footerTop - 12,
                top => top < photoBottom + 6 ? (right, A4.Width - A4.Margin - right) : (A4.Margin, A4.Width - 2 * A4.Margin));

            g.DrawLine(new XPen(A4.Rule, 0.75), A4.Margin, footerTop, A4.Width - A4.Margin, footerTop);
            const double qrSize = 128;
            page.QrCode(boardUrl, A4.Width - A4.Margin - qrSize, footerTop + 10, qrSize);
            var textWidth = A4.Width - 2 * A4.Margin - qrSize - 16;
            var y = footerTop + 30;
            y = page.Paragraph("如果您认识TA，或知道TA的家人，请与我们联系：", PrintFont.Bold(14), XColors.Black, A4.Margin, y, textWidth, 2);
            y = page.Paragraph(announcement.Contact, PrintFont.Regular(12), XColors.Black, A4.Margin, y + 4, textWidth, 3);
            page.Paragraph($"扫描二维码或访问 {boardUrl} 查看公告全文", PrintFont.Regular(9.5), A4.Grey, A4.Margin, y + 6, textWidth, 3);
        }
        return A4.Save(document);
    }

    /// <summary>
    /// One page listing <paramref name="announcements"/> (at most <see cref="NewspaperCapacity"/> are printed) for a
    /// newspaper; when <paramref name="total"/> is more, the page says where the rest are.
    /// </summary>
    public async Task<byte[]> NewspaperAsync(IReadOnlyList<PublicAnnouncement> announcements, int total, AnnouncementLinks links, CancellationToken ct)
    {
        var boardUrl = links.Board;
        var document = A4.NewDocument("寻亲公告");
        using (var g = XGraphics.FromPdfPage(A4.NewPage(document)))
        {
            var page = new PagePainter(g);
            page.Centred("寻亲公告", PrintFont.Bold(26), Red, A4.Margin + 22);
            page.Centred("以下人员在本站受助，身份不明。如您认识他们，或知道他们的家人，请与我们联系。", PrintFont.Regular(10), XColors.Black, A4.Margin + 42);
            page.Centred($"{A4.LongDate(clock.Today)}　共 {total} 则", PrintFont.Regular(9), A4.Grey, A4.Margin + 56);

            const double gridTop = A4.Margin + 66;
            const double footerTop = A4.Height - A4.Margin - 62;
            const double cellWidth = (A4.Width - 2 * A4.Margin) / Columns;
            const double cellHeight = (footerTop - 6 - gridTop) / Rows;
            var printed = announcements.Take(NewspaperCapacity).ToList();
            for (var i = 0; i < printed.Count; i++)
            {
                var a = printed[i];
                var x = A4.Margin + i % Columns * cellWidth;
                var y = gridTop + i / Columns * cellHeight;
                g.DrawRectangle(new XPen(A4.Rule, 0.5), x + 2, y + 2, cellWidth - 4, cellHeight - 4);
                using (var thumbnail = a.PhotoIds.Count > 0 ? await PhotoAsync(a.PhotoIds[0], PhotoVariant.Thumbnail, ct) : null)
                {
                    page.Photo(thumbnail, x + 6, y + 6, 46, cellHeight - 12);
                }
                var left = x + 58;
                var width = cellWidth - 64;
                var line = page.Paragraph(a.DisplayName, PrintFont.Bold(9), XColors.Black, left, y + 14, width, 1);
                var small = PrintFont.Regular(7.5);
                var facts = new[] { AnnouncementField.Sex, AnnouncementField.Age, AnnouncementField.HeightCm }.Select(f => Printed(a, f, links)).OfType<string>();
                line = page.Paragraph(string.Join(" · ", facts), small, XColors.Black, left, line, width, 1);
                line = page.Paragraph($"{Printed(a, AnnouncementField.FoundOn, links)} 发现于{a.FoundPlace}", small, XColors.Black, left, line, width, 2);
                line = page.Paragraph($"编号 {a.Code}", PrintFont.Bold(7.5), XColors.Black, left, line, width, 1);
                // The short address: the page's without its scheme.
                var address = links.Page(a.Code);
                page.Paragraph(address[(address.IndexOf("//", StringComparison.Ordinal) + 2)..], PrintFont.Regular(6.5), A4.Grey, left, line - 1, width, 1);
            }
            if (printed.Count == 0) page.Centred("目前没有公告", PrintFont.Regular(12), A4.Grey, gridTop + 40);

            g.DrawLine(new XPen(A4.Rule, 0.75), A4.Margin, footerTop, A4.Width - A4.Margin, footerTop);
            const double qrSize = 56;
            page.QrCode(boardUrl, A4.Width - A4.Margin - qrSize, footerTop + 4, qrSize);
            var textWidth = A4.Width - 2 * A4.Margin - qrSize - 12;
            var more = total > printed.Count ? $"另有 {total - printed.Count} 则公告，" : "";
            var y2 = page.Paragraph($"{more}更多公告、照片和全文请见：{boardUrl}", PrintFont.Bold(10), XColors.Black, A4.Margin, footerTop + 16, textWidth, 2);
            if (printed.Count > 0) page.Paragraph($"联系方式：{printed[0].Contact}", PrintFont.Regular(9), XColors.Black, A4.Margin, y2 + 3, textWidth, 2);
        }
        return A4.Save(document);
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

    /// <summary>The photo's file when the public may see it (null when not, or when the file is missing).</summary>
    private async Task<XImage?> PhotoAsync(Guid photoId, PhotoVariant variant, CancellationToken ct) =>
        A4.Image(await photos.ReadAsync(Public, photoId, variant, ct));
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
