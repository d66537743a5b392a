using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public partial class AnnouncementTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Staff_admit_a_person_without_identity_the_home_page_shows_the_announcement_due_and_a_case_officer_publishes_it()
    {
        // Station staff admit a man who cannot say who he is, with his photo.
        await using var station = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var staff = await station.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        await staff.Locator("input[type=file]").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Images", "img16.jpg"));
        await staff.Locator("select[name='Form.Sex']").SelectOptionAsync("Male");
        await staff.Locator("input[name='Form.EstimatedAgeMin']").FillAsync("60");
        await staff.Locator("input[name='Form.EstimatedAgeMax']").FillAsync("70");
        await staff.Locator("input[name='Form.Clothing']").FillAsync("蓝色棉袄，黑色布鞋");
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(AdmissionUrl());
        var caseNumber = await staff.Locator("h1 .case-number").InnerTextAsync();

        // The draft is made from the change outbox, at once.
        await app.CaughtUpAsync();
        await staff.ReloadAsync();
        await Assertions.Expect(staff.Locator("#announcement-line .due")).ToHaveAttributeAsync("data-timing", "Due");
        await staff.Locator("nav.menu a").First.ClickAsync();
        var due = staff.Locator("#due-announcements tr[data-announcement]", new() { HasText = caseNumber });
        await Assertions.Expect(due.Locator(".due")).ToHaveTextAsync("还剩 24 小时");
        await Assertions.Expect(due.Locator("img.thumb")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(staff, "home-announcement-due");

        // A case officer opens it from the officers' list and publishes it on the national site too.
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var officer = await desk.NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await officer.Locator("nav.menu a[data-nav=announcements]").ClickAsync();
        await officer.Locator("#announcements tr[data-announcement]", new() { HasText = caseNumber }).Locator("a[data-action=open-announcement]").ClickAsync();
        await Assertions.Expect(officer).ToHaveURLAsync(AnnouncementUrl());
        await Assertions.Expect(officer.Locator("#announcement-status")).ToHaveAttributeAsync("data-status", "Draft");
        await Assertions.Expect(officer.Locator("#edit textarea[name='Form.Clothing']")).ToHaveValueAsync(new Regex("蓝色棉袄"));
        var photo = officer.Locator("#edit img[data-photo]");
        Assert.True(await photo.EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth > 0, () => false)"), "the photo choice's thumbnail did not load");
        await officer.Locator("#publish input[name=Channels][value=NationalSite]").CheckAsync();
        await officer.Locator("#publish button[type=submit]").ClickAsync();

        await Assertions.Expect(officer.Locator("#announcement-status")).ToHaveAttributeAsync("data-status", "Published");
        await Assertions.Expect(officer.Locator("#channels")).ToHaveTextAsync("本站公告栏、全国救助寻亲网");
        await Assertions.Expect(officer.Locator("#public-links a[data-action=public-page]")).ToHaveAttributeAsync("href", new Regex("^/gg/[0-9A-Z]{8}$"));
        await Assertions.Expect(officer.Locator("#history tr[data-action=Published]")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(officer, "announcement-published");

        // The lists and the page fit a phone.
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var pocket = await phone.NewPageAsync();
        await Chromium.SignInAsync(pocket, Roles.CaseOfficer);
        foreach (var path in new[] { "/", "/announcements?list=Published", new Uri(officer.Url).AbsolutePath })
        {
            await pocket.GotoAsync(path);
            Assert.False(await pocket.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), $"{path} scrolls sideways on a phone");
        }
        await Chromium.ScreenshotAsync(pocket, "announcement-on-phone");
    }

    [GeneratedRegex(@"/admissions/[0-9a-f-]{36}$")]
    private static partial Regex AdmissionUrl();

    [GeneratedRegex(@"/announcements/[0-9a-f-]{36}$")]
    private static partial Regex AnnouncementUrl();
}
