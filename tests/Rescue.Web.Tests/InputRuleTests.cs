using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>The rules every request meets, pinned on the inputs a prober found: each refused with a 400 naming the field, nothing stored.</summary>
public class InputRuleTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Every_broken_rule_of_a_report_comes_back_at_once_in_Chinese_and_in_English_on_request()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var body = new
        {
            officerName = "",
            foundAt = app.Clock.GetUtcNow().AddDays(2),
            placeText = "人民路",
            howFound = "Patrol",
            disposition = "EscortedToStation",
            estimatedAgeMin = 80,
            estimatedAgeMax = 30,
            description = "",
            divisionCode = "12",
        };

        var chinese = await ErrorsAsync(await liaison.PostAsJsonAsync("/api/v1/reports", body));
        var english = await ErrorsAsync(await liaison.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = JsonContent.Create(body),
            Headers = { AcceptLanguage = { new StringWithQualityHeaderValue("en") } },
        }));

        // Format and cross-field rules together, not in two rounds.
        Assert.Equal(["description", "divisionCode", "estimatedAgeMin", "foundAt", "officerName"], chinese.Keys.Order());
        Assert.Equal("必填", chinese["officerName"].Single());
        Assert.Equal("不能晚于现在", chinese["foundAt"].Single());
        Assert.Equal("is required", english["officerName"].Single());
        Assert.Equal("cannot be in the future", english["foundAt"].Single());
    }

    [Fact]
    public async Task Dates_far_outside_reason_are_refused()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var admittedIn9999 = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { admittedAt = "9999-12-31T00:00:00+08:00" }));
        var bornIn2099 = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { dateOfBirth = "2099-01-01" }));
        var noticeBornIn2099 = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", dateOfBirth = "2099" }));
        var lastSeenIn1066 = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", lastSeenOn = "1066-10-14" }));

        Assert.Contains("admittedAt", admittedIn9999.Keys);
        Assert.Contains("dateOfBirth", bornIn2099.Keys);
        Assert.Contains("dateOfBirth", noticeBornIn2099.Keys);
        Assert.Contains("lastSeenOn", lastSeenIn1066.Keys);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<RescueDbContext>().CaseNumberCounters.AnyAsync(c => c.Year == 9999));
    }

    [Fact]
    public async Task Undefined_enum_numbers_are_refused_naming_the_field()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var report = ReportTests.ValidReport(app.Clock);

        var howFound = await ErrorsAsync(await liaison.PostAsJsonAsync("/api/v1/reports", With(report, "howFound", 999)));
        var sex = await ErrorsAsync(await liaison.PostAsJsonAsync("/api/v1/reports", With(report, "sex", 99)));
        var disabilities = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", disabilities = 9999 }));

        Assert.Contains("howFound", howFound.Keys);
        Assert.Contains("sex", sex.Keys);
        Assert.Contains("disabilities", disabilities.Keys);
    }

    [Fact]
    public async Task Nulls_for_lists_and_inside_lists_are_refused_naming_the_field()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var markNull = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { marks = new object?[] { null } }));
        var otherNamesNull = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", otherNames = (string[]?)null }));
        var otherNameNull = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", otherNames = new string?[] { "小王", null } }));

        Assert.Contains("marks[0]", markNull.Keys);
        Assert.Contains("otherNames", otherNamesNull.Keys);
        Assert.Contains("otherNames[1]", otherNameNull.Keys);
    }

    [Fact]
    public async Task A_list_that_may_hold_unknowns_takes_a_null()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        // A photo whose year the family does not know.
        var response = await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", photoYears = new int?[] { null, 2015 } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Text_and_lists_have_limits_the_same_through_every_channel()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var million = new string('疤', 1_000_000);

        var markDescription = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { marks = new[] { new { bodyLocation = "左手", kind = "疤痕", description = million } } }));
        var belongingNote = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { belongings = new[] { new { item = "手机", quantity = 1, note = million } } }));
        var manyBelongings = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { belongings = Enumerable.Repeat(new { item = "手机", quantity = 1 }, 20_000) }));
        var manyNames = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", otherNames = Enumerable.Range(0, 20_000).Select(i => $"名{i}") }));

        Assert.Equal(["marks[0].description"], markDescription.Keys);
        Assert.Equal(["belongings[0].note"], belongingNote.Keys);
        Assert.Equal(["belongings"], manyBelongings.Keys);
        Assert.Equal(["otherNames"], manyNames.Keys);
    }

    [Fact]
    public async Task A_name_of_only_invisible_characters_is_missing_and_hidden_controls_are_refused()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var zeroWidth = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "\u200B\u200B\uFEFF" }));
        var overridden = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王\u202E某" }));
        var control = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王\u0007某" }));
        var nul = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", circumstances = "走失\u0000经过" }));

        Assert.Contains("missingPersonName", zeroWidth.Keys);
        Assert.Contains("missingPersonName", overridden.Keys);
        Assert.Contains("missingPersonName", control.Keys);
        Assert.Contains("circumstances", nul.Keys);
    }

    [Fact]
    public async Task Lengths_count_characters_so_sixty_rare_characters_fit_a_hundred_character_limit()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        // U+20000, from CJK Extension B: one character, two UTF-16 units.
        var rare = string.Concat(Enumerable.Repeat("\U00020000", 60));

        var response = await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = rare });
        var tooLong = await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = string.Concat(Enumerable.Repeat("\U00020000", 101)) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(rare, (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("missingPersonName").GetString());
        Assert.Contains("missingPersonName", (await ErrorsAsync(tooLong)).Keys);
    }

    [Fact]
    public async Task A_told_value_typed_without_a_mark_counts_as_known()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var response = await staff.PostAsJsonAsync("/api/v1/admissions", new { name = new { value = "李四" }, hukouPlace = new { value = "湖南邵阳", quality = "Partial" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var admission = await response.Content.ReadAsAsync<JsonElement>();
        Assert.Equal("Known", admission.GetProperty("name").GetProperty("quality").GetString());
        Assert.Equal("Partial", admission.GetProperty("hukouPlace").GetProperty("quality").GetString());
    }

    [Fact]
    public async Task A_NUL_in_a_query_is_a_400_naming_it_even_without_signing_in()
    {
        var anonymous = app.CreateBrowserlikeClient();

        var response = await anonymous.GetAsync("/api/v1/notices?q=%00");

        Assert.Contains("q", (await ErrorsAsync(response)).Keys);
    }

    [Fact]
    public async Task Refused_public_submissions_use_up_nothing_and_the_limit_holds_across_a_restart()
    {
        const string address = "198.51.100.7";
        var accepted = new List<HttpStatusCode>();
        await using (var first = From(address))
        {
            var client = first.CreateClient();
            // Refused forms: they must not count.
            for (var i = 0; i < 4; i++) await client.PostAsJsonAsync("/api/v1/public/notices", NoticeTests.ValidNotice("", "13700000009"));
            accepted.Add((await client.PostAsJsonAsync("/api/v1/public/notices", NoticeTests.ValidNotice("限额一", "13700000009"))).StatusCode);
        }
        // A new process on the same database: the limit is kept there, not in memory.
        await using (var restarted = From(address))
        {
            var client = restarted.CreateClient();
            accepted.Add((await client.PostAsJsonAsync("/api/v1/public/notices", NoticeTests.ValidNotice("限额二", "13700000009"))).StatusCode);
            accepted.Add((await client.PostAsJsonAsync("/api/v1/public/notices", NoticeTests.ValidNotice("限额三", "13700000009"))).StatusCode);
        }
        await using var elsewhere = From("203.0.113.9");
        var other = await elsewhere.CreateClient().PostAsJsonAsync("/api/v1/public/notices", NoticeTests.ValidNotice("限额四", "13700000010"));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], accepted);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
    }

    /// <summary>The app with a limit of two public notices an hour, seeing every request come from <paramref name="address"/>.</summary>
    private WebApplicationFactory<Program> From(string address) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Rescue:PublicNotices:PermitsPerWindow", "2");
        b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new RemoteAddress(IPAddress.Parse(address))));
    });

    private sealed class RemoteAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private static Dictionary<string, object?> With(object body, string field, object? value)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(body, ApiJson.Options), ApiJson.Options)!;
        copy[field] = value;
        return copy;
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
