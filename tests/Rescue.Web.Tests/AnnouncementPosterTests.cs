using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;
using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Rescue.Web.Tests;

/// <summary>
/// The printed announcements, read back as a reader would (<see cref="PrintedPdf"/>): poppler's tools parse the PDF,
/// extract its text and render the page, and ZXing reads the QR code off the rendered page.
/// </summary>
public class AnnouncementPosterTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task A_poster_is_one_A4_page_holding_the_public_Chinese_text_and_a_QR_code_to_its_board_page_and_is_gone_once_withdrawn()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 60, estimatedAgeMax = 70 });
        var id = announcement!.Value;
        var text = (await DetailsAsync(officer, id)).GetProperty("text").Deserialize<Dictionary<string, JsonElement>>(JsonSerializerOptions.Web)!;
        var shown = new Dictionary<string, string>
        {
            ["displayName"] = "李秀兰",
            ["features"] = "身材偏瘦，短发花白，左眉上方有一颗黑痣，门牙缺一颗",
            ["clothing"] = "蓝色棉袄，黑色长裤，脚穿红色布鞋",
            ["dialect"] = "四川口音",
            ["mentalState"] = "能简单交流，说不清家住哪里",
            ["foundPlace"] = "人民路与长江大道交叉口公交车站",
            // Long enough to wrap over many lines, with a run of digits and Latin letters in it.
            ["description"] = string.Concat(Enumerable.Repeat("老人自称姓李，常念叨女儿的名字和一个叫马家湾的地方，曾乘坐K1234次列车。", 6)),
        };
        foreach (var (field, value) in shown) text[field] = JsonSerializer.SerializeToElement(value);
        text["heightCm"] = JsonSerializer.SerializeToElement(155);
        var edit = await officer.PutAsJsonAsync($"/api/v1/announcements/{id}", text);
        Assert.True(edit.IsSuccessStatusCode, await edit.Content.ReadAsStringAsync());
        await PublishAsync(officer, id);
        var code = (await DetailsAsync(officer, id)).GetProperty("summary").GetProperty("code").GetString()!;
        var contact = text["contact"].GetString()!;

        var anonymous = app.CreateBrowserlikeClient();
        var response = await anonymous.GetAsync($"/gg/{code}/poster.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        using var pdf = new PrintedPdf(await response.Content.ReadAsByteArrayAsync());

        pdf.AssertA4Pages(1);
        var printed = pdf.Text;
        foreach (var value in shown.Values.Append("寻亲公告").Append("女").Append("60-70岁").Append("155厘米").Append(contact).Append(code))
        {
            Assert.Contains(PrintedPdf.Squeezed(value), printed);
        }
        Assert.True(pdf.HasImage);
        Assert.Equal(new Uri(anonymous.BaseAddress!, $"/gg/{code}").ToString(), ReadQrCode(pdf.Path));

        var withdraw = await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/withdraw", new { reason = "Reunited", note = "家属已接回" });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await anonymous.GetAsync($"/gg/{code}/poster.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/gg/NOSUCH00/poster.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_newspaper_page_is_one_A4_page_naming_every_current_announcement_by_its_code()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        foreach (var (sex, min, max) in new[] { ("Male", 40, 50), ("Female", 30, 40) })
        {
            var (_, announcement) = await app.AdmitAsync(staff, new { sex, estimatedAgeMin = min, estimatedAgeMax = max });
            await PublishAsync(officer, announcement!.Value);
        }
        var current = await app.PublicAsync(p => p.AllAsync(AnnouncementPoster.NewspaperCapacity + 1, default));
        Assert.InRange(current.Count, 2, AnnouncementPoster.NewspaperCapacity);

        var response = await staff.GetAsync("/api/v1/announcements/newspaper.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = new PrintedPdf(await response.Content.ReadAsByteArrayAsync());

        pdf.AssertA4Pages(1);
        var printed = pdf.Text;
        Assert.All(current, a => Assert.Contains(a.Code, printed));
        Assert.Contains($"共{current.Count}则", printed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlikeClient().GetAsync("/api/v1/announcements/newspaper.pdf")).StatusCode);
    }

    [Fact]
    public async Task Text_at_every_fields_longest_shrinks_and_is_cut_but_never_leaves_the_page()
    {
        var longest = Announcement("LONGTEXT", new string('长', FieldLimits.ToldValue)) with
        {
            Health = Filled(AnnouncementLimits.Health),
            Intellect = Filled(AnnouncementLimits.Intellect),
            MentalState = Filled(AnnouncementLimits.MentalState),
            Features = Filled(AnnouncementLimits.Features),
            Clothing = Filled(AnnouncementLimits.Clothing),
            Dialect = Filled(FieldLimits.ToldValue),
            FoundPlace = Filled(AnnouncementLimits.FoundPlace),
            Description = Filled(AnnouncementLimits.Description),
            // A run without a break point wider than a line: an address, say.
            Contact = "示范市救助管理站 " + new string('9', 150),
        };
        await using var scope = app.Services.CreateAsyncScope();
        using var pdf = new PrintedPdf(await scope.ServiceProvider.GetRequiredService<AnnouncementPoster>().PosterAsync(longest, new AnnouncementLinks("https://example.cn"), default));

        pdf.AssertA4Pages(1);
        Assert.Contains("……", pdf.Text);
        var words = pdf.Words();
        Assert.NotEmpty(words);
        // The margin is 36 pt; a closing mark (，。) may hang into it, never past half of it.
        Assert.All(words, w => Assert.True(w.Left >= 18 && w.Top >= 18 && w.Right <= 595 - 18 && w.Bottom <= 842 - 18, w.Word));

        static string Filled(int length) => string.Concat(Enumerable.Repeat("字数很多的说明，", length / 8 + 1))[..length];
    }

    [Fact]
    public async Task The_newspaper_page_prints_as_many_as_fit_and_names_the_board_for_the_rest()
    {
        var many = Enumerable.Range(0, AnnouncementPoster.NewspaperCapacity + 3).Select(i => Announcement($"CODE{i:D4}", $"测试{i}")).ToList();
        await using var scope = app.Services.CreateAsyncScope();
        using var pdf = new PrintedPdf(await scope.ServiceProvider.GetRequiredService<AnnouncementPoster>().NewspaperAsync(many, many.Count, new AnnouncementLinks("https://example.cn"), default));

        pdf.AssertA4Pages(1);
        var printed = pdf.Text;
        Assert.All(many.Take(AnnouncementPoster.NewspaperCapacity), a => Assert.Contains(a.Code, printed));
        Assert.DoesNotContain(many[^1].Code, printed);
        Assert.Contains("另有3则公告", printed);
        Assert.Contains("https://example.cn/gg", printed);
        Assert.Equal("https://example.cn/gg", ReadQrCode(pdf.Path));
    }

    private static PublicAnnouncement Announcement(string code, string name) => new(
        code, name, Sex.Male, 40, 50, 170, null, null, null, null, null, null, new DateOnly(2026, 11, 1), "人民路公交车站", null, null,
        "示范市救助管理站 电话 0000-12345678", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, []);

    /// <summary>Renders the page at 150 dpi and reads its QR code.</summary>
    private static string? ReadQrCode(string pdf)
    {
        var png = Path.ChangeExtension(pdf, null);
        PrintedPdf.Poppler("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png);
        using var decoded = SKBitmap.Decode(png + ".png");
        using var bitmap = decoded.Copy(SKColorType.Bgra8888);
        var luminance = new RGBLuminanceSource(bitmap.Bytes, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.BGRA32);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(luminance)), hints)?.Text;
    }

    private static async Task PublishAsync(HttpClient officer, Guid id)
    {
        var response = await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels = new[] { "Poster" } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> DetailsAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/announcements/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
