using System.Net;
using System.Security.Claims;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

/// <summary>
/// Family-search announcements on real PostgreSQL with the test clock: a draft for every stay without an established
/// identity, its 24-hour and 30-day deadlines, the second approval for minors and people at risk, and withdrawal, after
/// which nothing public shows it. Tests of this class move the shared clock forward, each from wherever it stands.
/// </summary>
public class AnnouncementTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_stay_without_identity_is_due_in_24_hours_overdue_after_on_time_at_23_hours_and_due_for_refresh_30_days_later()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, early) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50 });
        var (_, late) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 60, estimatedAgeMax = 70 });

        var drafted = await SummaryAsync(officer, early!.Value);
        Assert.Equal(("Draft", "Due"), (drafted.GetProperty("status").GetString(), drafted.GetProperty("timing").GetString()));
        var admittedAt = drafted.GetProperty("admittedAt").GetDateTimeOffset();
        Assert.Equal(admittedAt + 24 * Hour, drafted.GetProperty("dueAt").GetDateTimeOffset());

        // A session ends when its time is up: sign in again after each move of the clock.
        app.Clock.Advance(23 * Hour);
        officer = await app.SignedInAsync(Roles.CaseOfficer);
        await PublishAsync(officer, early.Value, "NationalSite");
        Assert.Equal("Due", (await SummaryAsync(officer, late!.Value)).GetProperty("timing").GetString());

        app.Clock.Advance(2 * Hour);
        officer = await app.SignedInAsync(Roles.CaseOfficer);
        var overdue = await SummaryAsync(officer, late.Value);
        Assert.Equal("Overdue", overdue.GetProperty("timing").GetString());
        var onTime = await SummaryAsync(officer, early.Value);
        Assert.Equal(("Published", "Current", true), (onTime.GetProperty("status").GetString(), onTime.GetProperty("timing").GetString(), onTime.GetProperty("publishedOnTime").GetBoolean()));
        Assert.Equal("Board, NationalSite", onTime.GetProperty("channels").GetString());
        Assert.Contains(await ListAsync(officer, "Due"), a => a.GetProperty("id").GetGuid() == late.Value);
        await PublishAsync(officer, late.Value);
        Assert.False((await SummaryAsync(officer, late.Value)).GetProperty("publishedOnTime").GetBoolean());

        var published = onTime.GetProperty("lastPublishedAt").GetDateTimeOffset();
        // The clock runs on while the test works: stop a minute short of the 30 days.
        app.Clock.Advance(published + TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1) - app.Clock.GetUtcNow());
        officer = await app.SignedInAsync(Roles.CaseOfficer);
        var refreshDue = await SummaryAsync(officer, early.Value);
        Assert.Equal(("RefreshDue", published + TimeSpan.FromDays(30)), (refreshDue.GetProperty("timing").GetString(), refreshDue.GetProperty("dueAt").GetDateTimeOffset()));
        app.Clock.Advance(Hour);
        officer = await app.SignedInAsync(Roles.CaseOfficer);
        Assert.Equal("Overdue", (await SummaryAsync(officer, early.Value)).GetProperty("timing").GetString());

        await PublishAsync(officer, early.Value, "Newspaper");
        var refreshed = await SummaryAsync(officer, early.Value);
        Assert.Equal(("Current", 1), (refreshed.GetProperty("timing").GetString(), refreshed.GetProperty("refreshes").GetInt32()));
        var history = (await DetailsAsync(officer, early.Value)).GetProperty("history").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["Drafted", "Published", "Refreshed"], history);
    }

    [Fact]
    public async Task A_stay_whose_identity_is_known_gets_no_announcement_and_one_identified_later_is_withdrawn()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, none) = await app.AdmitAsync(staff, new { sex = "Male", idNumber = new { value = "11010519491231002X" } });
        Assert.Null(none);

        var (admission, announcement) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 30, estimatedAgeMax = 40 });
        await PublishAsync(officer, announcement!.Value);
        var code = (await SummaryAsync(officer, announcement.Value)).GetProperty("code").GetString()!;
        Assert.Equal(PublicLookup.Found, (await app.PublicAsync(p => p.FindAsync(code, default))).Lookup);

        var update = await staff.PutAsJsonAsync($"/api/v1/admissions/{admission}", new { sex = "Male", idNumber = new { value = "11010519491231002X" } });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        // Public from the moment the stay changes, before the feed has even run.
        Assert.Equal(PublicLookup.Gone, (await app.PublicAsync(p => p.FindAsync(code, default))).Lookup);
        await app.CaughtUpAsync();
        var withdrawn = await SummaryAsync(officer, announcement.Value);
        Assert.Equal(("Withdrawn", "Identified"), (withdrawn.GetProperty("status").GetString(), withdrawn.GetProperty("withdrawReason").GetString()));
    }

    [Fact]
    public async Task A_minors_announcement_needs_a_second_officer_and_its_preparer_cannot_approve_it()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var second = await app.SignedInAsOtherAsync(Roles.CaseOfficer, "second-officer");
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 12, estimatedAgeMax = 15 });
        var id = announcement!.Value;

        await PublishAsync(officer, id);
        var waiting = await SummaryAsync(officer, id);
        Assert.Equal(("AwaitingApproval", true), (waiting.GetProperty("status").GetString(), waiting.GetProperty("needsSecondApproval").GetBoolean()));
        var code = waiting.GetProperty("code").GetString()!;
        Assert.Equal(PublicLookup.NotFound, (await app.PublicAsync(p => p.FindAsync(code, default))).Lookup);

        var own = await officer.PostAsync($"/api/v1/announcements/{id}/approve", null);
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("status", (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var staffApproval = await staff.PostAsync($"/api/v1/announcements/{id}/approve", null);
        Assert.Equal(HttpStatusCode.Forbidden, staffApproval.StatusCode);
        Assert.Equal("AwaitingApproval", (await SummaryAsync(officer, id)).GetProperty("status").GetString());

        var approved = await second.PostAsync($"/api/v1/announcements/{id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Published", (await SummaryAsync(officer, id)).GetProperty("status").GetString());
        Assert.Equal(PublicLookup.Found, (await app.PublicAsync(p => p.FindAsync(code, default))).Lookup);

        // Editing the text sends it back for approval, off the board.
        var details = await DetailsAsync(officer, id);
        var text = details.GetProperty("text").Deserialize<Dictionary<string, JsonElement>>(JsonSerializerOptions.Web)!;
        text["clothing"] = JsonSerializer.SerializeToElement("红色外套");
        var edit = await officer.PutAsJsonAsync($"/api/v1/announcements/{id}", text);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal("AwaitingApproval", (await SummaryAsync(officer, id)).GetProperty("status").GetString());
        Assert.Equal(PublicLookup.Gone, (await app.PublicAsync(p => p.FindAsync(code, default))).Lookup);
    }

    [Fact]
    public async Task A_withdrawn_announcement_is_gone_from_every_public_read_and_its_photo_is_no_longer_public()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 50, estimatedAgeMax = 55, dialect = new { value = "撤回测试口音" } });
        var id = announcement!.Value;
        await PublishAsync(officer, id);
        var code = (await SummaryAsync(officer, id)).GetProperty("code").GetString()!;
        var (_, shown) = await app.PublicAsync(p => p.FindAsync(code, default));
        var photo = Assert.Single(shown!.PhotoIds);
        Assert.Equal(PhotoAudience.PublicDerivative, await PublicVariantsAsync(photo));

        var withdraw = await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/withdraw", new { reason = "Reunited", note = "家属已接回" });
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);

        Assert.Equal(PublicLookup.Gone, (await app.PublicAsync(p => p.FindAsync(code, default))).Lookup);
        Assert.Equal(PublicLookup.Gone, (await app.PublicAsync(p => p.PhotoAsync(code, 0, default))).Lookup);
        Assert.Empty((await app.PublicAsync(p => p.BoardAsync(new BoardFilter(Dialect: "撤回测试口音"), default))).Items);
        Assert.DoesNotContain(await app.PublicAsync(p => p.AllAsync(10_000, default)), a => a.Code == code);
        Assert.Empty(await PublicVariantsAsync(photo));
        var again = await officer.PostAsync($"/api/v1/announcements/{id}/publish", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task The_board_filters_return_exactly_the_matching_announcements()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        const string accent = "筛选测试口音";
        var codes = new Dictionary<string, string>();
        foreach (var (key, sex, min, max, height) in new[] { ("m30", "Male", 28, 32, 170), ("f30", "Female", 30, 35, 158), ("m70", "Male", 68, 72, 165), ("f08", "Female", 7, 9, 125) })
        {
            var (_, announcement) = await app.AdmitAsync(staff, new { sex, estimatedAgeMin = min, estimatedAgeMax = max, heightCm = height, dialect = new { value = accent } });
            var id = announcement!.Value;
            var text = (await DetailsAsync(officer, id)).GetProperty("text").Deserialize<Dictionary<string, JsonElement>>(JsonSerializerOptions.Web)!;
            // Found in Haidian (110108) or in Chengdu (510104), on different days.
            text["foundDivisionCode"] = JsonSerializer.SerializeToElement(key.StartsWith('m') ? "110108" : "510104");
            text["foundOn"] = JsonSerializer.SerializeToElement(key is "m30" or "f08" ? "2026-11-01" : "2026-11-20");
            Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync($"/api/v1/announcements/{id}", text)).StatusCode);
            await PublishAsync(officer, id);
            // The child's waits for a second officer.
            if (key == "f08") (await (await app.SignedInAsOtherAsync(Roles.CaseOfficer, "second-officer")).PostAsync($"/api/v1/announcements/{id}/approve", null)).EnsureSuccessStatusCode();
            codes[key] = (await SummaryAsync(officer, id)).GetProperty("code").GetString()!;
        }

        async Task<string[]> Board(BoardFilter filter) =>
            [.. (await app.PublicAsync(p => p.BoardAsync(filter with { Dialect = accent }, default))).Items.Select(a => codes.Single(c => c.Value == a.Code).Key).Order()];

        Assert.Equal(["f08", "f30", "m30", "m70"], await Board(new()));
        Assert.Equal(["f08", "f30"], await Board(new(Sex: Sex.Female)));
        Assert.Equal(["f30", "m30"], await Board(new(AgeFrom: 25, AgeTo: 40)));
        Assert.Equal(["f08"], await Board(new(AgeTo: 17)));
        Assert.Equal(["m30", "m70"], await Board(new(Region: "110000")));
        Assert.Equal(["m30", "m70"], await Board(new(Region: "110108")));
        Assert.Equal(["f08", "f30"], await Board(new(Region: "510100")));
        Assert.Equal(["f08", "m30"], await Board(new(FoundFrom: new(2026, 11, 1), FoundTo: new(2026, 11, 10))));
        Assert.Equal(["f30"], await Board(new(Sex: Sex.Female, HeightFrom: 150, HeightTo: 160, FoundFrom: new(2026, 11, 15))));
    }

    /// <summary>What someone not signed in may see of a photo.</summary>
    private async Task<IReadOnlySet<PhotoVariant>> PublicVariantsAsync(Guid photoId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var photo = await db.Photos.AsNoTracking().SingleAsync(p => p.Id == photoId);
        return await scope.ServiceProvider.GetRequiredService<PhotoAudience>().VariantsAsync(new ClaimsPrincipal(), photo, default);
    }

    private static async Task PublishAsync(HttpClient officer, Guid id, params string[] channels)
    {
        var response = await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> DetailsAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/announcements/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> SummaryAsync(HttpClient client, Guid id) => (await DetailsAsync(client, id)).GetProperty("summary");

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string list) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/announcements?list={list}")).EnumerateArray()];
}
