using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The announcements' feeds and exports: the Atom feed is Atom, the JSON Feed is version 1.1, the PFIF export reads
/// back through the product's own PFIF reader, the CSV and Excel columns come in the declared order, a withdrawn
/// announcement is gone from all of them in the next request, and none carries what is not public.
/// </summary>
public class AnnouncementFeedTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static readonly string[] Exports = ["pfif", "csv", "xlsx"];

    [Fact]
    public async Task The_atom_feed_parses_as_atom_and_the_json_feed_as_version_1_1_both_newest_first_and_unchanged_answers_304()
    {
        var (_, older) = await PublishedAsync(new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50, clothing = "蓝色外套" });
        var (_, newer) = await PublishedAsync(new { sex = "Female", estimatedAgeMin = 60, estimatedAgeMax = 60 });
        var visitor = app.CreateBrowserlikeClient();

        var atomResponse = await visitor.GetAsync("/gg/feed.atom");
        Assert.Equal(HttpStatusCode.OK, atomResponse.StatusCode);
        Assert.Equal("application/atom+xml", atomResponse.Content.Headers.ContentType!.MediaType);
        var atomText = await atomResponse.Content.ReadAsStringAsync();
        var feed = XDocument.Parse(atomText).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("zh-CN", feed.Attribute(XNamespace.Xml + "lang")?.Value);
        foreach (var required in new[] { "id", "title", "updated", "author" }) Assert.NotNull(feed.Element(Atom + required));
        Assert.Equal("http://localhost/gg/feed.atom", Link(feed, "self"));
        var entries = feed.Elements(Atom + "entry").ToList();
        foreach (var e in entries)
        {
            foreach (var required in new[] { "id", "title", "updated", "content" }) Assert.False(string.IsNullOrEmpty(e.Element(Atom + required)?.Value), required);
            Assert.True(Uri.IsWellFormedUriString(e.Element(Atom + "id")!.Value, UriKind.Absolute));
        }
        var codes = entries.Select(e => Link(e, "alternate")!.Split('/')[^1]).ToList();
        Assert.True(codes.IndexOf(newer) < codes.IndexOf(older), "newest publication first");
        var entry = entries[codes.IndexOf(older)];
        Assert.Equal("寻亲公告：无名氏，男，约45岁", entry.Element(Atom + "title")!.Value);
        Assert.Equal($"http://localhost/gg/{older}", Link(entry, "alternate"));
        Assert.Equal($"http://localhost/gg/{older}/photos/0/thumbnail", Link(entry, "enclosure"));
        Assert.Contains("衣着：蓝色外套", entry.Element(Atom + "content")!.Value);
        Assert.Equal("寻亲公告：无名氏，女，60岁", entries[codes.IndexOf(newer)].Element(Atom + "title")!.Value);
        // A second, independent reader of Atom 1.0 takes it too.
        using (var reader = XmlReader.Create(new StringReader(atomText)))
        {
            var syndication = SyndicationFeed.Load(reader);
            Assert.Equal(entries.Count, syndication.Items.Count());
            Assert.Contains(syndication.Items, i => i.Links.Any(l => l.RelationshipType == "alternate" && l.Uri.AbsolutePath == $"/gg/{older}"));
        }

        var jsonResponse = await visitor.GetAsync("/gg/feed.json");
        Assert.Equal("application/feed+json", jsonResponse.Content.Headers.ContentType!.MediaType);
        var json = await jsonResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://jsonfeed.org/version/1.1", json.GetProperty("version").GetString());
        Assert.Equal(("http://localhost/gg", "http://localhost/gg/feed.json", "zh-CN"),
            (json.GetProperty("home_page_url").GetString(), json.GetProperty("feed_url").GetString(), json.GetProperty("language").GetString()));
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(entries.Select(e => e.Element(Atom + "id")!.Value), items.Select(i => i.GetProperty("id").GetString()));
        var item = items.Single(i => i.GetProperty("url").GetString() == $"http://localhost/gg/{older}");
        Assert.Equal("寻亲公告：无名氏，男，约45岁", item.GetProperty("title").GetString());
        Assert.Contains("衣着：蓝色外套", item.GetProperty("content_text").GetString());
        Assert.Equal($"http://localhost/gg/{older}/photos/0", item.GetProperty("image").GetString());
        Assert.True(item.GetProperty("date_published").GetDateTimeOffset() <= item.GetProperty("date_modified").GetDateTimeOffset());

        foreach (var path in new[] { "/gg/feed.atom", "/gg/feed.json" })
        {
            var first = await visitor.GetAsync(path);
            var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await visitor.SendAsync(again)).StatusCode);
            Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task A_withdrawn_announcement_is_gone_from_both_feeds_and_all_three_exports_in_the_next_request()
    {
        var (id, code) = await PublishedAsync(new { sex = "Male", estimatedAgeMin = 30, estimatedAgeMax = 35 });
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var visitor = app.CreateBrowserlikeClient();
        var atomTag = (await visitor.GetAsync("/gg/feed.atom")).Headers.ETag!;
        foreach (var (name, text) in await EverythingAsync(visitor, staff)) Assert.True(text.Contains(code), $"{name} lacks {code}");

        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        (await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/withdraw", new { reason = "Reunited", note = "家属已接回" })).EnsureSuccessStatusCode();

        foreach (var (name, text) in await EverythingAsync(visitor, staff)) Assert.False(text.Contains(code), $"{name} still carries {code}");
        var stale = new HttpRequestMessage(HttpMethod.Get, "/gg/feed.atom");
        stale.Headers.IfNoneMatch.Add(atomTag);
        Assert.Equal(HttpStatusCode.OK, (await visitor.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task No_feed_or_export_carries_an_id_number_a_health_note_a_case_number_an_original_photo_or_a_tip()
    {
        var healthNote = $"健康备注{Guid.NewGuid():N}";
        var (id, code) = await PublishedAsync(new
        {
            sex = "Male",
            estimatedAgeMin = 50,
            estimatedAgeMax = 60,
            idNumber = new { value = "11010519491231002X", quality = "Partial" },
            healthNotes = healthNote,
        });
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var details = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}");
        var caseNumber = details.GetProperty("summary").GetProperty("caseNumber").GetString()!;
        var photoId = details.GetProperty("text").GetProperty("photoIds")[0].GetString()!;
        var tip = $"线索{Guid.NewGuid():N}";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            db.Tips.Add(new Tip { Id = Guid.NewGuid(), AnnouncementId = id, ReceivedAt = app.Clock.GetUtcNow(), Name = "路人", Phone = "13800000000", Message = tip, SourceHash = new string('0', 64) });
            await db.SaveChangesAsync();
        }

        foreach (var (name, text) in await EverythingAsync(app.CreateBrowserlikeClient(), staff))
        {
            Assert.True(text.Contains(code), $"{name} lacks {code}");
            foreach (var secret in new[] { "11010519491231002X", "110105194912", healthNote, caseNumber, photoId, "/api/v1/photos", tip })
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{name} carries {secret}");
            }
        }
    }

    [Fact]
    public async Task The_pfif_export_re_imports_through_the_products_own_pfif_reader_every_record_read_and_none_refused()
    {
        await PublishedAsync(new { sex = "Female", estimatedAgeMin = 20, estimatedAgeMax = 25, name = new { value = "小红" } });
        await PublishedAsync(new { sex = "Unknown" });
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var pfif = await staff.GetByteArrayAsync("/api/v1/announcements/export?format=pfif");
        var persons = XDocument.Load(new MemoryStream(pfif)).Root!.Elements(XName.Get("person", PfifWriter.Namespace)).ToList();
        Assert.True(persons.Count >= 2);
        var note = persons[0].Element(XName.Get("note", PfifWriter.Namespace))!;
        Assert.Equal("believed_alive", note.Element(XName.Get("status", PfifWriter.Namespace))!.Value);
        Assert.StartsWith("此人现在", note.Element(XName.Get("text", PfifWriter.Namespace))!.Value);

        var file = PfifNoticeReader.Read(new MemoryStream(pfif));
        Assert.Empty(file.ReadErrors);
        var records = file.Records.ToList();
        Assert.Equal(persons.Count, records.Count);
        Assert.All(records, r => Assert.Single(r.Notes));

        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var content = new ByteArrayContent(pfif);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        var import = await officer.PostAsync("/api/v1/notices/import?dryRun=true", new MultipartFormDataContent { { content, "file", "announcements.xml" } });
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var summary = await import.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pfif", summary.GetProperty("format").GetString());
        Assert.Equal(persons.Count, summary.GetProperty("records").GetInt64());
        Assert.Equal((0, 0, 0), (summary.GetProperty("refused").GetInt32(), summary.GetProperty("errorCount").GetInt32(), summary.GetProperty("warningCount").GetInt32()));
        // The records are the station's own (its PFIF domain): a re-import keeps the originals and changes nothing.
        Assert.Equal(persons.Count, summary.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Csv_and_excel_carry_the_declared_columns_in_order_and_escape_formulas()
    {
        var (id, code) = await PublishedAsync(new { sex = "Male", estimatedAgeMin = 70, estimatedAgeMax = 75, heightCm = 168 });
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var text = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}")).GetProperty("text").Deserialize<Dictionary<string, JsonElement>>(JsonSerializerOptions.Web)!;
        text["clothing"] = JsonSerializer.SerializeToElement("=HYPERLINK(\"http://evil.example\")");
        (await officer.PutAsJsonAsync($"/api/v1/announcements/{id}", text)).EnsureSuccessStatusCode();
        (await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels = new[] { "NationalSite" } })).EnsureSuccessStatusCode();
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var headers = AnnouncementColumns.All.Select(c => c.Chinese).ToArray();
        Assert.Equal(["编号", "姓名", "性别", "年龄", "身高", "体貌特征", "衣着", "口音", "健康状况", "智力状况", "精神状态", "发现时间", "发现地点"], headers[..13]);
        Assert.Equal(["救助站联系方式", "照片链接", "公告链接"], headers[^4..^1]);

        var csvResponse = await staff.GetAsync("/api/v1/announcements/export?format=csv");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csvResponse.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal(string.Join(',', headers), lines[0]);
        var row = lines.Single(l => l.StartsWith(code + ",", StringComparison.Ordinal));
        Assert.StartsWith($"{code},无名氏,男,70-75,168,", row);
        Assert.Contains($"http://localhost/gg/{code}/photos/0,http://localhost/gg/{code},", row);
        Assert.Contains("'=HYPERLINK", row);

        var xlsx = await staff.GetAsync("/api/v1/announcements/export?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var rows = MiniExcel.Query(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToArray()).ToList();
        Assert.Equal(headers, rows[0]);
        var cells = rows.Single(r => r[0] == code);
        Assert.Equal(["无名氏", "男", "70-75", "168"], cells[1..5]);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\")", cells[(int)AnnouncementField.Clothing]);
        Assert.Equal($"http://localhost/gg/{code}", cells[(int)AnnouncementField.PageUrl]);
    }

    /// <summary>Admits a person with a photo, publishes the announcement and returns its id and public code.</summary>
    private async Task<(Guid Id, string Code)> PublishedAsync(object admission)
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, announcement) = await app.AdmitAsync(staff, admission);
        var id = announcement!.Value;
        (await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels = new[] { "NationalSite" } })).EnsureSuccessStatusCode();
        return (id, (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}")).GetProperty("summary").GetProperty("code").GetString()!);
    }

    /// <summary>Both feeds as a visitor reads them and the three exports as staff download them, as text.</summary>
    private static async Task<List<(string Name, string Text)>> EverythingAsync(HttpClient visitor, HttpClient staff)
    {
        var all = new List<(string, string)>
        {
            ("atom", await visitor.GetStringAsync("/gg/feed.atom")),
            ("json", await visitor.GetStringAsync("/gg/feed.json")),
        };
        foreach (var format in Exports)
        {
            var bytes = await staff.GetByteArrayAsync($"/api/v1/announcements/export?format={format}");
            all.Add((format, format == "xlsx" ? WorkbookText(bytes) : Encoding.UTF8.GetString(bytes)));
        }
        return all;
    }

    private static string WorkbookText(byte[] workbook) => string.Join('\n', MiniExcel.Query(new MemoryStream(workbook), useHeaderRow: false, excelType: ExcelType.XLSX)
        .Cast<IDictionary<string, object?>>().Select(r => string.Join('\t', r.Values)));

    private static string? Link(XElement parent, string rel) =>
        parent.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href")?.Value;
}
