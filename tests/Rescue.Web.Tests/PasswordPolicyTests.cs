using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>At least ten characters, not a common password, not the account's own name (Features/Users/PasswordPolicy.cs).</summary>
public class PasswordPolicyTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Theory]
    [InlineData("short-pw1", "至少 10 个字")]
    [InlineData("1234567890", "密码过于常见或过于简单")]
    [InlineData("Woaini1314", "密码过于常见或过于简单")]
    [InlineData("ababababab", "密码过于常见或过于简单")]
    [InlineData("my zhao.lei password", "密码不能包含账户的邮箱或姓名")]
    [InlineData("赵磊的长密码1234", "密码不能包含账户的邮箱或姓名")]
    public async Task Weak_password_is_refused_naming_the_password_and_why(string password, string why)
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var email = $"zhao.lei@{Guid.NewGuid():N}.test.rescue";

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email, displayName = "赵磊", password, role = Roles.StationStaff });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(why, errors.GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task Weak_password_is_explained_in_english_to_an_english_reader()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "english@test.rescue", displayName = "English", password = "qwertyuiop", role = Roles.StationStaff });

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var errors = (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("too common", errors.GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task A_long_phrase_of_ones_own_is_accepted_and_signs_in()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);

        var created = await admin.PostAsJsonAsync("/api/v1/users", new { email = "phrase@test.rescue", displayName = "孙丽", password = "river lantern 2026", role = Roles.StationStaff });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await app.CreateBrowserlikeClient().SignInAsync("phrase@test.rescue", "river lantern 2026");
    }
}
