using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public class AdministrationTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Administrator_adds_an_agency_a_liaison_for_it_and_an_api_key_shown_once_then_revokes_it()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var admin = await context.NewPageAsync();
        await Chromium.SignInAsync(admin, Roles.Administrator);

        await admin.GotoAsync("/admin/agencies");
        await admin.Locator("#create-agency input[name='NewAgency.Name']").FillAsync("城南派出所");
        await admin.Locator("#create-agency input[name='NewAgency.DivisionCode']").FillAsync("110102");
        await admin.Locator("#create-agency button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("section.agency h2", new() { HasText = "城南派出所" })).ToBeVisibleAsync();

        await admin.Locator("#issue-key select[name='Issue.AgencyId']").SelectOptionAsync(new SelectOptionValue { Label = "城南派出所" });
        await admin.Locator("#issue-key input[name='Issue.Name']").FillAsync("警务平台");
        await admin.Locator("#issue-key button[type=submit]").ClickAsync();
        var secret = await admin.Locator("#new-api-key").InnerTextAsync();
        Assert.StartsWith("rk_", secret);

        using var system = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        system.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Contains("城南派出所", await system.GetStringAsync("/api/v1/agency"));

        // Shown once: opening the page again shows the key's prefix, never the secret.
        await admin.GotoAsync("/admin/agencies");
        await Assertions.Expect(admin.Locator("#new-api-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await admin.ContentAsync());
        await admin.Locator("section.agency", new() { HasText = "城南派出所" }).Locator("button[name=RevokeKeyId]").ClickAsync();
        await Assertions.Expect(admin.Locator("section.agency", new() { HasText = "城南派出所" }).Locator("tr.revoked")).ToHaveCountAsync(1);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await system.GetAsync("/api/v1/agency")).StatusCode);

        await admin.GotoAsync("/admin/users");
        await admin.Locator("#create-user input[name='NewUser.Email']").FillAsync("nan@police.example");
        await admin.Locator("#create-user input[name='NewUser.DisplayName']").FillAsync("南警官");
        await admin.Locator("#create-user input[name='NewUser.Password']").FillAsync("a long password 123");
        await admin.Locator("#create-user select[name='NewUser.Role']").SelectOptionAsync(Roles.Liaison);
        await admin.Locator("#create-user select[name='NewUser.AgencyId']").SelectOptionAsync(new SelectOptionValue { Label = "城南派出所" });
        await admin.Locator("#create-user button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("#users tr", new() { HasText = "nan@police.example" })).ToContainTextAsync("城南派出所");
        await Chromium.ScreenshotAsync(admin, "users");
    }

    [Fact]
    public async Task Liaison_without_an_agency_is_refused_on_the_page_naming_the_agency()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var admin = await context.NewPageAsync();
        await Chromium.SignInAsync(admin, Roles.Administrator);
        await admin.GotoAsync("/admin/users");

        await admin.Locator("#create-user input[name='NewUser.Email']").FillAsync("noagency@police.example");
        await admin.Locator("#create-user input[name='NewUser.DisplayName']").FillAsync("无单位");
        await admin.Locator("#create-user input[name='NewUser.Password']").FillAsync("a long password 123");
        await admin.Locator("#create-user select[name='NewUser.Role']").SelectOptionAsync(Roles.Liaison);
        await admin.Locator("#create-user button[type=submit]").ClickAsync();

        await Assertions.Expect(admin.Locator(".field-error[data-field=agencyId]")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#users")).Not.ToContainTextAsync("noagency@police.example");
    }

    [Fact]
    public async Task Last_administrator_is_refused_on_the_page_when_taking_another_role()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var admin = await context.NewPageAsync();
        await Chromium.SignInAsync(admin, Roles.Administrator);
        await admin.GotoAsync("/admin/users");

        await Assertions.Expect(admin.Locator("#create-user select[name='NewUser.Role']")).ToHaveValueAsync("");
        await admin.Locator("#set-role select[name='Change.UserId']").SelectOptionAsync(new SelectOptionValue { Label = Rescue.Web.Data.DemoData.Users[0].Email });
        await admin.Locator("#set-role select[name='Change.Role']").SelectOptionAsync(Roles.StationStaff);
        await admin.Locator("#set-role button[type=submit]").ClickAsync();

        await Assertions.Expect(admin.Locator("#set-role .field-error[data-field=role]")).ToContainTextAsync("最后一位系统管理员");
        await Assertions.Expect(admin.Locator("nav.menu a[data-nav='users']")).ToBeVisibleAsync();
    }
}
