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

    [Fact]
    public async Task Case_officer_dry_runs_an_import_sees_the_refused_rows_then_imports_without_choosing_the_file_again()
    {
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var officer = await desk.NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await officer.GotoAsync("/notices");
        await officer.Locator("a[data-action=import-notices]").ClickAsync();
        var file = Path.Combine(AppContext.BaseDirectory, "Data", "notices.csv");

        await officer.Locator("input[name=File]").SetInputFilesAsync(file);
        await officer.Locator("#import-notices button[type=submit]").ClickAsync();

        await Assertions.Expect(officer.Locator("#import-summary")).ToHaveAttributeAsync("data-dry-run", "yes");
        await Assertions.Expect(officer.Locator("#import-errors tbody tr")).Not.ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(officer, "import-dry-run");
        var list = await desk.NewPageAsync();
        await list.GotoAsync("/notices?q=秀兰");
        await Assertions.Expect(list.Locator("#notices tbody tr")).ToHaveCountAsync(0);

        // The dry run kept the file: the officer unticks the dry run and imports it as it is.
        await Assertions.Expect(officer.Locator("#kept-files")).ToContainTextAsync("notices.csv");
        await Assertions.Expect(officer.Locator("input[name=DryRun]")).ToBeCheckedAsync();
        await officer.Locator("input[name=DryRun]").UncheckAsync();
        await officer.Locator("#import-notices button[type=submit]").ClickAsync();

        await Assertions.Expect(officer.Locator("#import-summary")).ToHaveAttributeAsync("data-dry-run", "no");
        await Assertions.Expect(officer.Locator("#kept-files")).ToHaveCountAsync(0);
        await Assertions.Expect(officer.Locator("input[name=DryRun]")).ToBeCheckedAsync();
        await officer.GotoAsync("/notices?q=秀兰");
        await Assertions.Expect(officer.Locator("#notices tbody tr")).ToHaveCountAsync(1);
        await officer.GotoAsync("/notices?q=杨");
        await Assertions.Expect(officer.Locator("#notices tbody tr")).ToHaveCountAsync(0);
        await officer.GotoAsync("/notices?source=Import");
        await Assertions.Expect(officer.Locator("#notices tbody tr[data-status=Open]").First).ToBeVisibleAsync();
    }
}
