using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

/// <summary>
/// The public board (/gg) over HTTP, not signed in, on real PostgreSQL: its filters, its paging, what its pages never
/// show, its cache headers, and withdrawal answered 410 from the next request. Each test keeps to its own announcements
/// by an accent (dialect) no other test uses.
/// </summary>
public partial class PublicBoardTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task The_board_filters_return_exactly_the_matching_cards()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        const string accent = "看板筛选口音";
        var codes = new Dictionary<string, string>();
        foreach (var (key, sex, min, max, height) in new[] { ("m30", "Male", 28, 32, 170), ("f30", "Female", 30, 35, 158), ("m70", "Male", 68, 72, 165), ("f08", "Female", 7, 9, 125) })
        {
            // Found in Haidian (110108) or in Chengdu (510104), on different days.
            codes[key] = await PublishedAsync(new { sex, estimatedAgeMin = min, estimatedAgeMax = max, heightCm = height, dialect = new { value = accent } },
                key.StartsWith('m') ? "110108" : "510104", key is "m30" or "f08" ? "2026-11-01" : "2026-11-20");
        }

        var visitor = app.CreateBrowserlikeClient();
        async Task<string[]> Board(string query)
        {
            var response = await visitor.GetAsync($"/gg?dialect={Uri.EscapeDataString(accent)}&{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cards = Cards(await response.Content.ReadAsStringAsync());
            return [.. cards.Select(c => codes.Single(k => k.Value == c).Key).Order()];
        }

        Assert.Equal(["f08", "f30", "m30", "m70"], await Board(""));
        Assert.Equal(["f08", "f30"], await Board("sex=Female"));
        Assert.Equal(["f30", "m30"], await Board("ageFrom=25&ageTo=40"));
        Assert.Equal(["f08"], await Board("ageFrom=&ageTo=17"));
        Assert.Equal(["m30", "m70"], await Board("region=110000"));
        Assert.Equal(["m30", "m70"], await Board("region=110108"));
        Assert.Equal(["f08", "f30"], await Board("region=510100"));
        Assert.Equal(["f08", "m30"], await Board("foundFrom=2026-11-01&foundTo=2026-11-10"));
        Assert.Equal(["f30"], await Board("sex=Female&heightFrom=150&heightTo=160&foundFrom=2026-11-15"));

        // The region list offers the provinces, and the cities of the province chosen.
        var sichuan = await visitor.GetStringAsync("/gg?region=510000");
        Assert.Contains("<option value=\"510100\"", sichuan);
        Assert.DoesNotContain("<option value=\"510100\"", await visitor.GetStringAsync("/gg?region=110000"));
    }

    [Fact]
    public async Task The_board_and_an_announcement_page_show_nothing_but_the_public_text()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        const string accent = "看板隐私口音";
        const string healthMarker = "体检隐私标记甲乙丙";
        const string idNumber = "43052419";
        var code = await PublishedAsync(new
        {
            sex = "Male",
            estimatedAgeMin = 40,
            estimatedAgeMax = 50,
            dialect = new { value = accent },
            healthNotes = healthMarker,
            idNumber = new { value = idNumber, quality = "Partial" }
        });
        var admission = await AdmissionOfAsync(code);
        var caseNumber = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}")).GetProperty("caseNumber").GetString()!;
        const string tipMarker = "线索保密标记丁戊己";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var announcement = db.Announcements.Single(a => a.Code == code);
            db.Tips.Add(new Tip { Id = Guid.NewGuid(), AnnouncementId = announcement.Id, ReceivedAt = app.Clock.GetUtcNow(), Name = "来访者", Phone = "13800000000", Message = tipMarker, SourceHash = new string('0', 64) });
            await db.SaveChangesAsync();
        }

        var visitor = app.CreateBrowserlikeClient();
        var board = await visitor.GetStringAsync($"/gg?dialect={Uri.EscapeDataString(accent)}");
        var page = await visitor.GetStringAsync($"/gg/{code.ToLowerInvariant()}");
        Assert.Equal([code], Cards(board));
        Assert.Contains($"/gg/{code}/photos/0/thumbnail", board);
        Assert.Contains($"/gg/{code}/photos/0\"", page);
        Assert.Contains($"/gg/{code}/tip", page);
        Assert.Contains($"/gg/{code}/poster.pdf", page);
        Assert.Contains(accent, page);
        foreach (var html in new[] { board, page })
        {
            Assert.DoesNotContain(idNumber, html);
            Assert.DoesNotContain(healthMarker, html);
            Assert.DoesNotContain(caseNumber, html);
            Assert.DoesNotContain(tipMarker, html);
            Assert.DoesNotContain("/api/v1/photos/", html);
            Assert.DoesNotContain("/full", html);
        }
    }

    [Fact]
    public async Task A_withdrawn_announcement_and_its_photos_answer_410_from_the_next_request_and_an_unknown_code_404()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        const string accent = "看板撤回口音";
        var code = await PublishedAsync(new { sex = "Female", estimatedAgeMin = 60, estimatedAgeMax = 65, dialect = new { value = accent } });
        var visitor = app.CreateBrowserlikeClient();

        var photo = await visitor.GetAsync($"/gg/{code}/photos/0");
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", photo.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("public, max-age=60", photo.Headers.CacheControl?.ToString());
        Assert.NotNull(photo.Headers.ETag);
        var thumbnail = await visitor.GetAsync($"/gg/{code}/photos/0/thumbnail");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.True((await thumbnail.Content.ReadAsByteArrayAsync()).Length < (await photo.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/gg/{code}/photos/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/gg/{code}/photos/0/full")).StatusCode);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/gg/{code}/photos/0/thumbnail");
        again.Headers.IfNoneMatch.Add(thumbnail.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await visitor.SendAsync(again)).StatusCode);

        var name = PublicName(await visitor.GetStringAsync($"/gg/{code}"));
        var id = await AnnouncementIdAsync(code);
        (await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/withdraw", new { reason = "Reunited", note = "家属已接回" })).EnsureSuccessStatusCode();

        var gone = await visitor.GetAsync($"/gg/{code}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        var text = await gone.Content.ReadAsStringAsync();
        Assert.Contains("id=\"withdrawn\"", text);
        Assert.DoesNotContain(name, text);
        Assert.DoesNotContain("/photos/", text);
        Assert.DoesNotContain(accent, text);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/gg/{code}/photos/0")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/gg/{code}/photos/0/thumbnail")).StatusCode);
        Assert.Empty(Cards(await visitor.GetStringAsync($"/gg?dialect={Uri.EscapeDataString(accent)}")));

        var unknown = await visitor.GetAsync("/gg/ZZZZZZZZ");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // The app's own 404 page answers it, as for any address that leads nowhere.
        Assert.Contains("data-status=\"404\"", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/gg/ZZZZZZZZ/photos/0")).StatusCode);
    }

    [Fact]
    public async Task An_unchanged_board_answers_304_to_its_tag_and_a_change_gives_a_new_one()
    {
        const string accent = "看板缓存口音";
        var code = await PublishedAsync(new { sex = "Male", estimatedAgeMin = 20, estimatedAgeMax = 25, dialect = new { value = accent } });
        var visitor = app.CreateBrowserlikeClient();
        var board = $"/gg?dialect={Uri.EscapeDataString(accent)}";

        foreach (var path in new[] { board, $"/gg/{code}" })
        {
            var first = await visitor.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var tag = first.Headers.ETag;
            Assert.NotNull(tag);
            Assert.False(tag.IsWeak);
            Assert.Contains("must-revalidate", first.Headers.CacheControl?.ToString());
            Assert.True(first.Headers.CacheControl?.Public);
            Assert.Contains("Cookie", first.Headers.Vary);
            Assert.False(first.Headers.Contains("Set-Cookie"), path);
            // The same page twice is the same bytes: a strong tag may say so.
            var second = await visitor.GetAsync(path);
            Assert.Equal(tag, second.Headers.ETag);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

            var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.IfNoneMatch.Add(tag);
            var notModified = await visitor.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

            // Another language is another page.
            var english = await visitor.GetAsync(path + (path.Contains('?') ? "&" : "?") + "culture=en");
            Assert.NotEqual(tag, english.Headers.ETag);
        }

        // A new announcement changes the board's tag.
        var before = (await visitor.GetAsync(board)).Headers.ETag!;
        await PublishedAsync(new { sex = "Female", estimatedAgeMin = 20, estimatedAgeMax = 25, dialect = new { value = accent } });
        var changed = new HttpRequestMessage(HttpMethod.Get, board);
        changed.Headers.IfNoneMatch.Add(before);
        var after = await visitor.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, Cards(await after.Content.ReadAsStringAsync()).Count);

        // A signed-in user's page is theirs alone: never kept by a shared cache, never tagged.
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var own = await staff.GetAsync(board);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.True(own.Headers.CacheControl?.Private);
        Assert.Null(own.Headers.ETag);
    }

    [Fact]
    public async Task The_board_pages_through_its_cards_and_a_bad_query_value_is_a_page_that_names_it()
    {
        const string accent = "看板翻页口音";
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", "img12.jpg"));
        var admissions = new List<Guid>();
        for (var i = 0; i < PublicAnnouncements.PageSize + 1; i++)
        {
            var body = new MultipartFormDataContent
            {
                { JsonContent.Create(new { sex = "Male", estimatedAgeMin = 30 + i % 20, estimatedAgeMax = 40 + i % 20, dialect = new { value = accent } }), "admission" },
                { new ByteArrayContent(photo), "photos", "img12.jpg" },
            };
            var response = await staff.PostAsync("/api/v1/admissions", body);
            response.EnsureSuccessStatusCode();
            admissions.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        await app.CaughtUpAsync();
        foreach (var admission in admissions)
        {
            var id = (await app.AnnouncementOfAsync(admission))!.Value;
            (await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels = Array.Empty<string>() })).EnsureSuccessStatusCode();
        }

        var visitor = app.CreateBrowserlikeClient();
        var board = $"/gg?dialect={Uri.EscapeDataString(accent)}";
        var first = await visitor.GetStringAsync(board);
        var second = await visitor.GetStringAsync(board + "&page=2");
        Assert.Equal(PublicAnnouncements.PageSize, Cards(first).Count);
        Assert.Single(Cards(second));
        Assert.Empty(Cards(first).Intersect(Cards(second)));
        Assert.Contains("page=2", first);
        Assert.Contains("data-action=\"next-page\"", first);
        Assert.Contains("data-action=\"previous-page\"", second);
        Assert.Empty(Cards(await visitor.GetStringAsync(board + "&page=3")));

        foreach (var (parameter, value) in new[] { ("ageFrom", "forty"), ("ageTo", "999"), ("heightFrom", "1.5"), ("sex", "7"), ("region", "Beijing"), ("foundFrom", "2026-13-01"), ("page", "0"), ("page", "99999999999"), ("dialect", new string('话', FieldLimits.ToldValue + 1)) })
        {
            var bad = await visitor.GetAsync($"/gg?{parameter}={Uri.EscapeDataString(value)}");
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{parameter}={value}: {(int)bad.StatusCode}");
            Assert.Equal("text/html", bad.Content.Headers.ContentType?.MediaType);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Contains($"data-parameter=\"{parameter}\"", html);
            Assert.Contains("id=\"board-filters\"", html);
        }
    }

    /// <summary>Admits a person, edits where and when they were found when asked, publishes the announcement and returns its code.</summary>
    private async Task<string> PublishedAsync(object admission, string? divisionCode = null, string? foundOn = null)
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, announcement) = await app.AdmitAsync(staff, admission);
        var id = announcement!.Value;
        if (divisionCode is not null || foundOn is not null)
        {
            var text = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}")).GetProperty("text").Deserialize<Dictionary<string, JsonElement>>(JsonSerializerOptions.Web)!;
            if (divisionCode is not null) text["foundDivisionCode"] = JsonSerializer.SerializeToElement(divisionCode);
            if (foundOn is not null) text["foundOn"] = JsonSerializer.SerializeToElement(foundOn);
            Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/v1/announcements/{id}", text)).StatusCode);
        }
        var published = await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels = Array.Empty<string>() });
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());
        var details = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}");
        if (details.GetProperty("summary").GetProperty("status").GetString() == "AwaitingApproval")
            (await (await app.SignedInAsOtherAsync(Roles.CaseOfficer, "second-officer")).PostAsync($"/api/v1/announcements/{id}/approve", null)).EnsureSuccessStatusCode();
        return details.GetProperty("summary").GetProperty("code").GetString()!;
    }

    private async Task<Guid> AnnouncementIdAsync(string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<RescueDbContext>().Announcements.Single(a => a.Code == code).Id;
    }

    private async Task<Guid> AdmissionOfAsync(string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<RescueDbContext>().Announcements.Single(a => a.Code == code).AdmissionId;
    }

    /// <summary>The codes of the cards on a board page, in order.</summary>
    private static List<string> Cards(string html) => [.. Card().Matches(html).Select(m => m.Groups[1].Value)];

    private static string PublicName(string html) => Name().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no name on the page");

    [GeneratedRegex("<li class=\"board-card\" data-code=\"([A-Z0-9]+)\"")]
    private static partial Regex Card();

    [GeneratedRegex("<h1[^>]*>([^<]+)</h1>")]
    private static partial Regex Name();
}
