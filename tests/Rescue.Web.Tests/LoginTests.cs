using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class LoginTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>Return addresses that lead off the site or break the redirect: each is refused, naming the field.</summary>
    public static TheoryData<string> ForeignReturnUrls => new()
    {
        "/\\evil.example/",
        "/a\tb",
        "/\t/evil.example",
        "/a\r\nSet-Cookie: x=1",
        "//evil.example/",
        "https://evil.example/",
        "/报告",
        "javascript:alert(1)",
    };

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

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task Login_page_refuses_a_return_url_that_is_not_a_local_path(string returnUrl)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.GetAsync("/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        await AssertRefusesReturnUrlAsync(response);
    }

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task Language_switch_refuses_a_return_url_that_is_not_a_local_path(string returnUrl)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await client.GetAsync("/culture/en?returnUrl=" + Uri.EscapeDataString(returnUrl));

        await AssertRefusesReturnUrlAsync(response);
        Assert.False(response.Headers.Contains("Set-Cookie"), "the language was switched all the same");
    }

    [Fact]
    public async Task Browser_following_a_crafted_link_gets_the_error_page_naming_the_return_address()
    {
        var response = await app.CreateBrowserlikeClient().GetAsync("/login?ReturnUrl=" + Uri.EscapeDataString("/\\evil.example"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("返回地址无效", html);
    }

    [Fact]
    public async Task Sign_in_goes_on_to_a_local_return_url()
    {
        var user = Demo.User(Roles.CaseOfficer);
        var client = app.CreateBrowserlikeClient();
        var page = await client.GetStringAsync("/login?ReturnUrl=%2Fnotices%3Fstatus%3DOpen");

        var response = await client.PostAsync("/login?ReturnUrl=%2Fnotices%3Fstatus%3DOpen", LoginForm(page, user.Email, user.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/notices?status=Open", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer()
    {
        var known = await app.CreateBrowserlikeClient().PostLoginAsync(Demo.User(Roles.StationStaff).Email, "not-the-password");
        var unknown = await app.CreateBrowserlikeClient().PostLoginAsync("nobody-here@test.rescue", "not-the-password");

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(AlertOf(await known.Content.ReadAsStringAsync()), AlertOf(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal("邮箱或密码不正确。", AlertOf(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Twenty_first_failed_sign_in_from_one_address_is_limited_on_every_instance_while_another_address_is_not()
    {
        await using var stations = app.WithClientAddresses();
        // A second instance of the app on the same database: the count is not in one process's memory.
        await using var otherInstance = app.WithClientAddresses();
        var user = Demo.User(Roles.Liaison);

        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var failed = await stations.CreateBrowserlikeClient().From("10.1.2.3").PostLoginAsync($"guess-{attempt}@test.rescue", "guess");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        var limited = await otherInstance.CreateBrowserlikeClient().From("10.1.2.3").PostLoginAsync(user.Email, user.Password);
        var otherMachine = await otherInstance.CreateBrowserlikeClient().From("10.9.9.9").PostLoginAsync(user.Email, user.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Contains("登录失败次数过多", AlertOf(await limited.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, otherMachine.StatusCode);
    }

    [Fact]
    public async Task Eleventh_failure_against_one_account_is_limited_from_any_address_and_stores_neither_address_nor_email()
    {
        await using var stations = app.WithClientAddresses();
        var user = await CreateUserAsync();

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var failed = await stations.CreateBrowserlikeClient().From($"198.51.100.{attempt}").PostLoginAsync(user.Email, "wrong-password-" + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        await using var db = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await db.OpenAsync();
        await using (var keys = new Npgsql.NpgsqlCommand("""SELECT string_agg("Key", ' ') FROM "SignInAttempts" """, db))
        {
            var stored = (string)(await keys.ExecuteScalarAsync())!;
            Assert.Contains("account:", stored);
            Assert.DoesNotContain("198.51.100", stored);
            Assert.DoesNotContain(user.Email.Split('@')[0], stored, StringComparison.OrdinalIgnoreCase);
        }
        // As once the lockout's 15 minutes are over (Identity reads the real time, not the test's clock).
        await using (var unlock = new Npgsql.NpgsqlCommand("""UPDATE "AspNetUsers" SET "LockoutEnd" = NULL, "AccessFailedCount" = 0 WHERE "Email" = @email""", db))
        {
            unlock.Parameters.AddWithValue("email", user.Email);
            Assert.Equal(1, await unlock.ExecuteNonQueryAsync());
        }
        var limited = await stations.CreateBrowserlikeClient().From("198.51.100.200").PostLoginAsync(user.Email.ToUpperInvariant(), user.Password);
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var anHourLater = await stations.CreateBrowserlikeClient().From("198.51.100.201").PostLoginAsync(user.Email, user.Password);

        // With the lockout over, the account's own limit still holds for the rest of the hour.
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("登录失败次数过多", AlertOf(await limited.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, anHourLater.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_for_a_saved_copy_of_the_cookie()
    {
        var user = await CreateUserAsync();
        var browser = app.CreateBrowserlikeClient();
        var signIn = await browser.PostLoginAsync(user.Email, user.Password);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rescue.auth=")).Split(';')[0];
        var copy = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);

        var signOut = await browser.PostAsync("/logout", null);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var page = await copy.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    private static async Task AssertRefusesReturnUrlAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("returnUrl", out _), problem.ToString());
    }

    private static FormUrlEncodedContent LoginForm(string page, string email, string password) => new(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["__RequestVerificationToken"] = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value,
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    });

    private static string AlertOf(string html) => Regex.Match(html, "<p class=\"error\" role=\"alert\">([^<]*)</p>").Groups[1].Value;

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
