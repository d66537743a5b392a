using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>What staff type in a list's search box is looked for as it is: %, _ and \ are characters, not wildcards.</summary>
public class SearchTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>Six texts: each term below is in one of them literally, and its wildcard reading would also match a neighbour.</summary>
    private static readonly string[] Texts = ["王_甲", "王乙丙", "百分%乙", "百分之百", @"a\b丁", "ab戊"];

    /// <summary>Each term, and the only texts that contain it literally.</summary>
    private static readonly (string Term, string[] Found)[] Searches =
    [
        ("王_", ["王_甲"]),
        ("百分%", ["百分%乙"]),
        (@"a\b", [@"a\b丁"]),
        ("%", ["百分%乙"]),
        ("_", ["王_甲"]),
        (@"\", [@"a\b丁"]),
    ];

    [Fact]
    public async Task Report_search_finds_exactly_the_places_that_contain_the_typed_characters()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        foreach (var text in Texts)
        {
            var response = await liaison.PostAsJsonAsync("/api/v1/reports", ReportTests.ValidReport(app.Clock, text));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        foreach (var (term, found) in Searches)
        {
            var items = await liaison.GetAsAsync<JsonElement[]>($"/api/v1/reports?q={Uri.EscapeDataString(term)}");
            Assert.True(found.SequenceEqual(items!.Select(r => r.GetProperty("placeText").GetString()).Order()), $"searching {term} found {string.Join(", ", items!.Select(r => r.GetProperty("placeText")))}");
        }
    }

    [Fact]
    public async Task Admission_search_finds_exactly_the_names_that_contain_the_typed_characters()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        foreach (var text in Texts)
        {
            var response = await staff.PostAsJsonAsync("/api/v1/admissions", new { name = new { value = text, quality = "Known" } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        foreach (var (term, found) in Searches)
        {
            var items = await staff.GetAsAsync<JsonElement[]>($"/api/v1/admissions?q={Uri.EscapeDataString(term)}");
            Assert.True(found.SequenceEqual(items!.Select(a => a.GetProperty("name").GetString()).Order()), $"searching {term} found {string.Join(", ", items!.Select(a => a.GetProperty("name")))}");
        }
    }

    [Fact]
    public async Task Notice_search_finds_exactly_the_names_that_contain_the_typed_characters()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        foreach (var text in Texts)
        {
            var response = await officer.PostAsJsonAsync("/api/v1/notices", Notice(text));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        foreach (var (term, found) in Searches)
        {
            var items = await officer.GetAsAsync<JsonElement[]>($"/api/v1/notices?q={Uri.EscapeDataString(term)}");
            Assert.True(found.SequenceEqual(items!.Select(n => n.GetProperty("missingPersonName").GetString()).Order()), $"searching {term} found {string.Join(", ", items!.Select(n => n.GetProperty("missingPersonName")))}");
        }
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("{1}")]
    [InlineData("  {0}  ")]
    public async Task Case_officer_finds_a_public_notice_by_the_receipt_number_the_family_quotes(string typed)
    {
        var family = app.CreateBrowserlikeClient();
        var submitted = await family.PostAsJsonAsync("/api/v1/public/notices", Notice("回执测试" + Guid.NewGuid().ToString("N")[..6], phone: "137" + Random.Shared.Next(10_000_000, 99_999_999)));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reference = (await submitted.Content.ReadAsAsync<JsonElement>()).GetProperty("reference").GetString()!;
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var items = await officer.GetAsAsync<JsonElement[]>($"/api/v1/notices?q={Uri.EscapeDataString(string.Format(typed, reference, reference[3..].ToLowerInvariant()))}");

        var notice = Assert.Single(items!);
        Assert.EndsWith(reference[3..].ToLowerInvariant(), notice.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_receipt_number_nobody_was_given_finds_nothing()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var items = await officer.GetAsAsync<JsonElement[]>("/api/v1/notices?q=XR-00000000");

        Assert.Empty(items!);
    }

    private static JsonObject Notice(string name, string phone = "13900000000")
    {
        var notice = JsonSerializer.SerializeToNode(NoticeTests.ValidNotice(name, phone))!.AsObject();
        // Only the name carries the search text: the places of these notices must not match it.
        notice.Remove("lastSeenPlace");
        notice.Remove("hometown");
        return notice;
    }
}
