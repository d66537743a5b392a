using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Tests;

/// <summary>Another site on the same host cannot make a signed-in browser change anything (Hosting/CookiePosts.cs, Blazor's antiforgery).</summary>
public class CrossSitePostTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Cookie_signed_api_change_without_the_header_is_refused_saying_why_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var before = (await admin.GetAsAsync<List<UserAdministration.UserItem>>("/api/v1/users"))!.Count;
        var forged = await app.SignedInAsync(Roles.Administrator);
        forged.DefaultRequestHeaders.Remove(CookiePosts.Header);
        var email = $"forged-{Guid.NewGuid():N}@test.rescue";

        var asJson = await forged.PostAsJsonAsync("/api/v1/users", new { email, displayName = "冒用", password = "a long enough password", role = Roles.StationStaff });
        var asForm = await forged.PostAsync("/api/v1/users", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email }));
        var asPut = await forged.PutAsJsonAsync("/api/v1/calendar/local-days/2027-05-04", new { isWorkingDay = false, name = "冒用" });
        var asDelete = await forged.DeleteAsync("/api/v1/calendar/local-days/2027-05-04");

        foreach (var refused in new[] { asJson, asForm, asPut, asDelete })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            var problem = await refused.Content.ReadAsAsync<JsonElement>();
            Assert.Contains(CookiePosts.Header, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(before, (await admin.GetAsAsync<List<UserAdministration.UserItem>>("/api/v1/users"))!.Count);
        Assert.DoesNotContain("2027-05-04", await admin.GetStringAsync("/api/v1/calendar/local-days"));
        // A read needs nothing: a link or an image of another site reads nothing it can see.
        Assert.Equal(HttpStatusCode.OK, (await forged.GetAsync("/api/v1/users")).StatusCode);
    }

    [Fact]
    public async Task Cookie_signed_api_change_with_the_header_goes_through()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);

        var created = await admin.PutAsJsonAsync("/api/v1/calendar/local-days/2027-05-05", new { isWorkingDay = false, name = "站庆" });

        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_key_and_anonymous_public_posts_need_no_header()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var agencies = await admin.GetAsAsync<List<UserAdministration.AgencyItem>>("/api/v1/agencies");
        var police = agencies!.Single(a => a.Name == DemoData.PoliceAgency);
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{police.Id}/api-keys", new { name = "无请求头" }))
            .Content.ReadAsAsync<UserAdministration.IssuedApiKey>();
        var system = app.CreateClient();
        system.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, issued!.Secret);

        var report = await system.PostAsJsonAsync("/api/v1/reports", ReportTests.ValidReport(app.Clock));
        var publicNotice = await app.CreateClient().PostAsJsonAsync("/api/v1/public/notices", NoticeTests.ValidNotice("钱小明", "13700000077"));

        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, publicNotice.StatusCode);
    }

    [Fact]
    public async Task Page_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        await admin.GetStringAsync("/admin/calendar");

        var forged = await admin.PostAsync("/admin/calendar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add-local-day",
            ["NewDay.Day"] = "2027-06-01",
            ["NewDay.IsWorkingDay"] = "false",
            ["NewDay.Name"] = "冒用",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("data-day=\"2027-06-01\"", await admin.GetStringAsync("/admin/calendar"));
        var genuine = await admin.PostFormAsync("/admin/calendar", "add-local-day", ("NewDay.Day", "2027-06-02"), ("NewDay.IsWorkingDay", "false"), ("NewDay.Name", "真的"));
        Assert.Contains("data-day=\"2027-06-02\"", await genuine.Content.ReadAsStringAsync());
    }
}
