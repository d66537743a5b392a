using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public partial class AnnouncementTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Staff_admit_a_person_without_identity_an_officer_publishes_the_announcement_a_visitor_finds_it_on_the_board_and_sends_a_tip_the_officer_reads()
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

        // A visitor, not signed in, finds him on the public board on a phone under the filters families use.
        var code = (await officer.Locator("#public-links a[data-action=public-page]").GetAttributeAsync("href"))!["/gg/".Length..];
        await using var family = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var visitor = await family.NewPageAsync();
        await visitor.GotoAsync("/gg");
        await visitor.Locator("#board-filters select[name=sex]").SelectOptionAsync("Male");
        await visitor.Locator("#board-filters input[name=ageFrom]").FillAsync("62");
        await visitor.Locator("#board-filters input[name=ageTo]").FillAsync("66");
        await visitor.Locator("#board-filters button[type=submit]").ClickAsync();
        await Assertions.Expect(visitor).ToHaveURLAsync(new Regex(@"/gg\?.*sex=Male.*ageFrom=62"));
        var card = visitor.Locator($"#board li.board-card[data-code='{code}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        Assert.False(await visitor.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the board scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(visitor, "board-on-phone");
        await visitor.GotoAsync("/gg?sex=Female");
        await Assertions.Expect(visitor.Locator($"#board li.board-card[data-code='{code}']")).ToHaveCountAsync(0);

        // The visitor thinks they know him and sends a tip; the officer sees it in the tips queue.
        await visitor.GotoAsync($"/gg/{code}");
        await visitor.Locator("a[data-action=tip]").ClickAsync();
        await visitor.Locator("#tip-form input[name='Form.Name']").FillAsync("刘女士");
        await visitor.Locator("#tip-form input[name='Form.Phone']").FillAsync("13912345678");
        await visitor.Locator("#tip-form input[name='Form.Relationship']").FillAsync("邻居");
        await visitor.Locator("#tip-form textarea[name='Form.Message']").FillAsync("很像我们村的老刘，三年前走失，左手有疤。");
        await visitor.Locator("#tip-form button[type=submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("#tip-received")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(visitor, "tip-sent-on-phone");

        await officer.GotoAsync("/tips");
        var tip = officer.Locator("#tips tr[data-tip]", new() { HasText = code });
        await Assertions.Expect(tip).ToHaveCountAsync(1);
        await Assertions.Expect(tip).ToContainTextAsync("很像我们村的老刘");
        // Nothing of the tip is on the public page.
        await visitor.GotoAsync($"/gg/{code}");
        Assert.DoesNotContain("老刘", await visitor.ContentAsync());
    }

    [GeneratedRegex(@"/admissions/[0-9a-f-]{36}$")]
    private static partial Regex AdmissionUrl();

    [GeneratedRegex(@"/announcements/[0-9a-f-]{36}$")]
    private static partial Regex AnnouncementUrl();
}
