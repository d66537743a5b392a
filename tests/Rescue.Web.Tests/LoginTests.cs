using System.Net;
using System.Net.Http.Json;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class LoginTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Right_password_signs_in_and_opens_the_home_page()
    {
        var user = Demo.User(Roles.CaseOfficer);
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostLoginAsync(user.Email, user.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains(user.DisplayName, await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_is_refused()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.PostLoginAsync(Demo.User(Roles.StationStaff).Email, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("邮箱或密码不正确", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Fifth_wrong_password_locks_the_account_even_against_the_right_one()
    {
        var user = await CreateUserAsync();
        var client = app.CreateBrowserlikeClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var refused = await client.PostLoginAsync(user.Email, "wrong-password-" + attempt);
            Assert.Contains("邮箱或密码不正确", await refused.Content.ReadAsStringAsync());
        }
        var fifth = await client.PostLoginAsync(user.Email, "wrong-password-5");
        var rightAfterLockout = await client.PostLoginAsync(user.Email, user.Password);

        Assert.Contains("账户已锁定", await fifth.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, rightAfterLockout.StatusCode);
        Assert.Contains("账户已锁定", await rightAfterLockout.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_page_visit_is_sent_to_the_login_page()
    {
        var response = await app.CreateBrowserlikeClient().GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    private async Task<(string Email, string Password)> CreateUserAsync()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var email = $"staff-{Guid.NewGuid():N}@test.rescue";
        const string password = "a long enough password";
        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = "测试", password, role = Roles.StationStaff });
        created.EnsureSuccessStatusCode();
        return (email, password);
    }
}
