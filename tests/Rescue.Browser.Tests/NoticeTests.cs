using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public class NoticeTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Family_submits_a_notice_on_a_phone_and_a_case_officer_vets_it()
    {
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var family = await phone.NewPageAsync();
        await family.GotoAsync("/login");
        await family.Locator("a[data-action=public-notice]").ClickAsync();
        await family.Locator("input[name='Form.ReporterName']").FillAsync("周敏");
        await family.Locator("input[name='Form.ReporterRelationship']").FillAsync("女儿");
        await family.Locator("input[name='Form.ReporterPhone']").FillAsync("13600000000");
        await family.Locator("input[name='Form.MissingPersonName']").FillAsync("周德福");
        await family.Locator("input[name='Form.DateOfBirth']").FillAsync("1949");
        await family.Locator("input[name='Form.LastSeenPlace']").FillAsync("湖南省衡阳市火车站");
        await family.Locator("input[name='Form.Disabilities'][value='Intellectual']").CheckAsync();
        await family.Locator("#public-notice button[type=submit]").ClickAsync();

        await Assertions.Expect(family.Locator("#receipt")).ToContainTextAsync("XR-");
        var overflow = await family.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the public form scrolls sideways on a phone");

        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var officer = await desk.NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await officer.GotoAsync("/notices?status=PendingVetting");
        await officer.Locator("#notices a", new() { HasText = "周德福" }).ClickAsync();
        await Assertions.Expect(officer.Locator("h1 .tag")).ToHaveAttributeAsync("data-status", "PendingVetting");

        await officer.Locator("textarea[name=StatusNote]").FillAsync("已电话联系家属核实");
        await officer.Locator("#notice-status button[data-status=Open]").ClickAsync();

        await Assertions.Expect(officer.Locator("h1 .tag")).ToHaveAttributeAsync("data-status", "Open");
        await Assertions.Expect(officer.Locator("ul.notes")).ToContainTextAsync("已电话联系家属核实");
        await Chromium.ScreenshotAsync(officer, "notice");
    }
}
