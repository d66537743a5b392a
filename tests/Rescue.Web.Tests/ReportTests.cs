using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class ReportTests(RescueApp app) : IClassFixture<RescueApp>
{
    public static object ValidReport(string place = "人民路天桥下") => new
    {
        officerName = "张警官",
        foundAt = DateTimeOffset.UtcNow.AddHours(-1),
        placeText = place,
        howFound = "Patrol",
        disposition = "EscortedToStation",
        sex = "Male",
        estimatedAgeMin = 60,
        estimatedAgeMax = 70,
        description = "老年男性，言语不清",
        needs = "Elderly, Medical",
    };

    [Fact]
    public async Task Report_posted_twice_with_the_same_idempotency_key_gives_one_report_and_the_same_response()
    {
        var liaison = await SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        var body = ValidReport("幂等测试地点");

        var first = await PostWithKeyAsync(liaison, body, key);
        var second = await PostWithKeyAsync(liaison, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        Assert.Equal(1, await db.Reports.CountAsync(r => r.PlaceText == "幂等测试地点"));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_make_one_report()
    {
        var liaison = await SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        var body = ValidReport("并发幂等地点");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostWithKeyAsync(liaison, body, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Reports.CountAsync(r => r.PlaceText == "并发幂等地点"));
    }

    [Fact]
    public async Task Same_key_with_a_different_report_is_refused_naming_the_key()
    {
        var liaison = await SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        await PostWithKeyAsync(liaison, ValidReport("第一份"), key);

        var response = await PostWithKeyAsync(liaison, ValidReport("第二份"), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Liaison_asking_for_another_agencys_report_gets_404()
    {
        var liaison = await SignedInAsync(Roles.Liaison);
        var mine = await (await PostWithKeyAsync(liaison, ValidReport(), Guid.NewGuid().ToString())).Content.ReadAsAsync<JsonElement>();
        var other = await OtherAgencyLiaisonAsync();

        var response = await other.GetAsync($"/api/v1/reports/{mine.GetProperty("id").GetGuid()}");
        var list = await other.GetAsAsync<List<JsonElement>>("/api/v1/reports");
        var ownView = await liaison.GetAsync($"/api/v1/reports/{mine.GetProperty("id").GetGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(list!, r => r.GetProperty("id").GetGuid() == mine.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, ownView.StatusCode);
    }

    [Fact]
    public async Task Station_staff_see_every_agencys_reports()
    {
        var other = await OtherAgencyLiaisonAsync();
        var filed = await (await PostWithKeyAsync(other, ValidReport("城西桥洞"), Guid.NewGuid().ToString())).Content.ReadAsAsync<JsonElement>();
        var staff = await SignedInAsync(Roles.StationStaff);

        var list = await staff.GetAsAsync<List<JsonElement>>("/api/v1/reports?q=城西");

        Assert.Contains(list!, r => r.GetProperty("id").GetGuid() == filed.GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("placeText", null, "placeText")]
    [InlineData("howFound", "Teleported", "howFound")]
    [InlineData("foundAt", "yesterday-ish", "foundAt")]
    [InlineData("divisionCode", "12AB", "divisionCode")]
    public async Task Bad_field_is_refused_naming_it_and_nothing_is_stored(string field, string? value, string named)
    {
        var liaison = await SignedInAsync(Roles.Liaison);
        var body = JsonSerializer.SerializeToNode(ValidReport("坏字段测试"))!.AsObject();
        body[field] = value;

        var response = await PostWithKeyAsync(liaison, body, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty(named, out _), await response.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Reports.CountAsync(r => r.PlaceText == "坏字段测试"));
    }

    [Fact]
    public async Task Found_time_in_the_future_is_refused()
    {
        var liaison = await SignedInAsync(Roles.Liaison);
        var body = JsonSerializer.SerializeToNode(ValidReport())!.AsObject();
        body["foundAt"] = DateTimeOffset.UtcNow.AddDays(2);

        var response = await PostWithKeyAsync(liaison, body, Guid.NewGuid().ToString());

        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty("foundAt", out _));
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) => await response.Content.ReadAsAsync<JsonElement>();

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var client = app.CreateBrowserlikeClient();
        var user = Demo.User(role);
        await client.SignInAsync(user.Email, user.Password);
        return client;
    }

    /// <summary>A second agency's system, through an API key.</summary>
    private async Task<HttpClient> OtherAgencyLiaisonAsync()
    {
        var admin = await SignedInAsync(Roles.Administrator);
        var agency = await (await admin.PostAsJsonAsync("/api/v1/agencies", new { name = "城西派出所" + Guid.NewGuid().ToString("N")[..6], kind = "Police" }))
            .Content.ReadAsAsync<UserAdministration.AgencyItem>();
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{agency!.Id}/api-keys", new { name = "test" }))
            .Content.ReadAsAsync<UserAdministration.IssuedApiKey>();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", issued!.Secret);
        return client;
    }
}
