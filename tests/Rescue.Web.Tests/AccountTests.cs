using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class AccountTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Last_administrator_cannot_give_themselves_another_role()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var self = await UserAsync(admin, Demo.User(Roles.Administrator).Email);

        var response = await admin.PutAsJsonAsync($"/api/v1/users/{self.Id}/role?culture=en", new { role = Roles.CaseOfficer });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var reason = problem.GetProperty("errors").GetProperty("role")[0].GetString();
        Assert.Contains("last administrator", reason);
        Assert.Equal(Roles.Administrator, (await UserAsync(admin, self.Email)).Role);
    }

    [Fact]
    public async Task Administrator_may_step_down_once_another_administrator_exists()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var email = $"admin-{Guid.NewGuid():N}@test.rescue";
        (await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = "第二管理员", password = "a long enough password", role = Roles.Administrator }))
            .EnsureSuccessStatusCode();
        var second = await UserAsync(admin, email);

        var stepDown = await admin.PutAsJsonAsync($"/api/v1/users/{second.Id}/role", new { role = Roles.StationStaff });
        var lastOneLeft = await admin.PutAsJsonAsync($"/api/v1/users/{(await UserAsync(admin, Demo.User(Roles.Administrator).Email)).Id}/role", new { role = Roles.StationStaff });

        Assert.Equal(HttpStatusCode.NoContent, stepDown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, lastOneLeft.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Visitor")]
    public async Task New_account_without_a_known_role_is_refused_naming_the_role(string role)
    {
        var admin = await app.SignedInAsync(Roles.Administrator);

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "norole@test.rescue", displayName = "无角色", password = "a long enough password", role });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _), problem.ToString());
    }

    [Fact]
    public async Task Unknown_role_is_refused_in_the_readers_language()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "visitor@test.rescue", displayName = "访客", password = "a long enough password", role = "Visitor" });

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("请选择一个角色。", problem.GetProperty("errors").GetProperty("role")[0].GetString());
    }

    [Fact]
    public async Task Users_page_offers_no_role_until_the_administrator_chooses_one()
    {
        var html = await (await app.SignedInAsync(Roles.Administrator)).GetStringAsync("/admin/users");

        var select = Regex.Match(html, "<select name=\"NewUser.Role\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
        Assert.True(select.Success, "no role field on the users page");
        Assert.Contains("required", select.Value[..select.Value.IndexOf('>')]);
        // Blazor writes an empty value as a bare attribute: <option value selected>.
        var selected = Regex.Matches(select.Groups[1].Value, "<option value(?:=\"([^\"]*)\")? selected");
        Assert.Equal("", Assert.Single(selected).Groups[1].Value);
    }

    [Fact]
    public async Task Api_key_times_show_in_station_time()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var agencies = await admin.GetAsAsync<List<UserAdministration.AgencyItem>>("/api/v1/agencies");
        var police = agencies!.Single(a => a.Name == DemoData.PoliceAgency);
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{police.Id}/api-keys", new { name = "时间测试" }))
            .Content.ReadAsAsync<UserAdministration.IssuedApiKey>();
        (await admin.DeleteAsync($"/api/v1/api-keys/{issued!.Key.Id}")).EnsureSuccessStatusCode();
        var revokedAt = (await admin.GetAsAsync<List<UserAdministration.ApiKeyItem>>($"/api/v1/agencies/{police.Id}/api-keys"))!
            .Single(k => k.Id == issued.Key.Id).RevokedAt!.Value;

        var html = await admin.GetStringAsync("/admin/agencies");

        // The test station is in Asia/Shanghai (UTC+8, no summer time); the server's clock is not.
        var row = Regex.Match(html, $"<tr class=\"revoked\">\\s*<td>时间测试</td>.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains(issued.Key.CreatedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm"), row);
        Assert.Contains(revokedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm"), row);
    }

    private static async Task<UserAdministration.UserItem> UserAsync(HttpClient admin, string email) =>
        (await admin.GetAsAsync<List<UserAdministration.UserItem>>("/api/v1/users"))!.Single(u => u.Email == email);
}
