using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public class NavigationTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    /// <summary>Role, the navigation entries it must see (data-nav), the first one's Chinese and English label.</summary>
    public static TheoryData<string, string[], string, string> RoleNavigation => new()
    {
        { Roles.Administrator, ["users", "agencies", "api"], "用户管理", "Users" },
        { Roles.StationStaff, ["admissions", "reports", "matching", "announcements"], "入站登记", "Admissions" },
        { Roles.CaseOfficer, ["notices", "tips", "matching", "announcements", "admissions"], "寻人启事", "Missing-person notices" },
        { Roles.Liaison, ["agency", "reports"], "本单位", "My agency" },
    };

    private static readonly string[] AllEntries = ["users", "agencies", "api", "admissions", "reports", "notices", "tips", "matching", "announcements", "agency"];

    [Theory]
    [MemberData(nameof(RoleNavigation))]
    public async Task Each_role_signs_in_and_sees_its_navigation_in_Chinese_then_in_English(string role, string[] entries, string chinese, string english)
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, role);

        foreach (var entry in AllEntries)
        {
            var link = page.Locator($"nav.menu a[data-nav='{entry}']");
            Assert.Equal(entries.Contains(entry) ? 1 : 0, await link.CountAsync());
        }
        Assert.Equal(chinese, (await page.Locator($"nav.menu a[data-nav='{entries[0]}']").InnerTextAsync()).Trim());
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));

        await page.Locator("a[data-lang='en']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        Assert.Equal(english, (await page.Locator($"nav.menu a[data-nav='{entries[0]}']").InnerTextAsync()).Trim());
        await page.Locator($"nav.menu a[data-nav='{entries[0]}']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(english);
    }

    [Fact]
    public async Task A_page_that_fails_shows_the_apps_error_page_on_a_phone_with_the_reference_and_the_way_home()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, Roles.StationStaff);

        var response = await page.GotoAsync("/test/fail");

        Assert.Equal(500, response!.Status);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator("section.error-page")).ToBeVisibleAsync();
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("[data-correlation-id]").InnerTextAsync()));
        await Assertions.Expect(page.Locator("nav.menu a[data-nav='admissions']")).ToHaveCountAsync(1);
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the error page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(page, "error-page-on-phone");

        await page.Locator("a[data-action='home']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(_baseUrl.TrimEnd('/') + "/");
    }

    [Fact]
    public async Task Liaison_signs_in_on_a_phone_sized_screen_without_sideways_scrolling()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();

        await Chromium.SignInAsync(page, Roles.Liaison);
        await page.Locator("nav.menu a[data-nav='agency']").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本单位");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync(DemoData.PoliceAgency);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways on a phone");
    }

    [Fact]
    public async Task Pages_and_their_forms_work_under_the_content_security_policy()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var page = await context.NewPageAsync();
        await PolicyViolations.RecordAsync(page);

        await Chromium.SignInAsync(page, Roles.StationStaff);
        await page.Locator("nav.menu a[data-nav='admissions']").ClickAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("入站登记 – 救助管理系统");
        Assert.Empty(await PolicyViolations.OfAsync(page));
        await page.Locator("nav.menu a[data-nav='reports']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("发现报告");
        Assert.Empty(await PolicyViolations.OfAsync(page));
        await page.GotoAsync("/no/such/page");
        await Assertions.Expect(page.Locator(".error-page [data-correlation-id]")).Not.ToBeEmptyAsync();
        await page.Locator(".error-page a[data-action='home']").ClickAsync();
        await Assertions.Expect(page.Locator("nav.menu")).ToBeVisibleAsync();
        Assert.Empty(await PolicyViolations.OfAsync(page));
    }
}
