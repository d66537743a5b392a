using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

/// <summary>
/// A refused form tells every problem at once, in the reader's language, and loses nothing: the photos chosen
/// stay chosen (kept on the server) and every typed value stays typed.
/// </summary>
public partial class RefusedFormTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Refused_report_lists_every_problem_at_once_in_Chinese_then_English_and_keeps_the_photo()
    {
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var liaison = await phone.NewPageAsync();
        await Chromium.SignInAsync(liaison, Roles.Liaison);
        await liaison.GotoAsync("/reports/new");
        await liaison.Locator("input[type=file]").SetInputFilesAsync(Photo("street.jpg", 1));
        await liaison.Locator("input[name='Form.OfficerName']").FillAsync("");
        await liaison.Locator("input[name='Form.FoundAt']").FillAsync("1899-12-31T08:00");
        await liaison.Locator("input[name='Form.DivisionCode']").FillAsync("4301");
        await liaison.Locator("input[name='Form.HandoverFormNumber']").FillAsync("JJ-2026-77");
        string[] wrong = ["officerName", "foundAt", "placeText", "description", "divisionCode"];

        await SubmitUncheckedAsync(liaison, "#new-report");
        await Chromium.ScreenshotAsync(liaison, "refused-report-on-phone");

        await AssertProblemsAsync(liaison, wrong, chinese: true);
        await AssertKeptAsync(liaison, 1);
        await Assertions.Expect(liaison.Locator("input[name='Form.HandoverFormNumber']")).ToHaveValueAsync("JJ-2026-77");

        await SwitchToEnglishAsync(phone);
        await SubmitUncheckedAsync(liaison, "#new-report");

        await AssertProblemsAsync(liaison, wrong, chinese: false);
        await AssertKeptAsync(liaison, 1);

        await liaison.Locator("input[name='Form.OfficerName']").FillAsync("王警官");
        await liaison.Locator("input[name='Form.FoundAt']").FillAsync(DateTime.Now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm"));
        await liaison.Locator("input[name='Form.PlaceText']").FillAsync("人民广场东侧");
        await liaison.Locator("textarea[name='Form.Description']").FillAsync("老年女性，迷路");
        await liaison.Locator("input[name='Form.DivisionCode']").FillAsync("");
        await liaison.Locator("#new-report button[type=submit]").ClickAsync();

        await Assertions.Expect(liaison).ToHaveURLAsync(RecordUrl("reports"));
        await Assertions.Expect(liaison.Locator("img[data-photo]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Refused_admission_keeps_its_photos_adds_the_next_ones_and_drops_the_one_staff_untick()
    {
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var staff = await desk.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        await staff.Locator("input[type=file]").SetInputFilesAsync(Photo("first.jpg", 2));
        await staff.Locator("input[name='Form.Name.Value']").FillAsync("钱某");
        await staff.Locator("input[name='Form.HeightCm']").FillAsync("10");
        await staff.Locator("input[name='Form.EstimatedAgeMin']").FillAsync("200");
        await staff.Locator("input[name='Form.DateOfBirth']").FillAsync("1800-01-01");
        await staff.Locator("input[name='Form.Marks[0].BodyLocation']").FillAsync("额头");
        string[] wrong = ["heightCm", "estimatedAgeMin", "dateOfBirth", "marks[0].kind"];

        await SubmitUncheckedAsync(staff, "#new-admission");

        await AssertProblemsAsync(staff, wrong, chinese: true);
        await AssertKeptAsync(staff, 1);
        await Assertions.Expect(staff.Locator("input[name='Form.Name.Value']")).ToHaveValueAsync("钱某");
        await Assertions.Expect(staff.Locator("input[name='Form.Marks[0].BodyLocation']")).ToHaveValueAsync("额头");

        await SwitchToEnglishAsync(desk);
        await staff.Locator("input[type=file]").SetInputFilesAsync(Photo("second.jpg", 3));
        await SubmitUncheckedAsync(staff, "#new-admission");

        await AssertProblemsAsync(staff, wrong, chinese: false);
        await AssertKeptAsync(staff, 2);

        await staff.Locator("input[name='Form.HeightCm']").FillAsync("170");
        await staff.Locator("input[name='Form.EstimatedAgeMin']").FillAsync("50");
        await staff.Locator("input[name='Form.DateOfBirth']").FillAsync("");
        await staff.Locator("input[name='Form.Marks[0].Kind']").FillAsync("疤痕");
        await staff.Locator(".kept-file[data-kept='first.jpg'] input[name='Kept.Remove']").CheckAsync();
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(RecordUrl("admissions"));
        await Assertions.Expect(staff.Locator("figure[data-photo]")).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator("dl.facts")).ToContainTextAsync("钱某");
    }

    [Fact]
    public async Task Refused_public_notice_on_a_phone_lists_every_problem_at_once_and_keeps_the_photo()
    {
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var family = await phone.NewPageAsync();
        await family.GotoAsync("/public/notices/new");
        await family.Locator("input[type=file]").SetInputFilesAsync(Photo("dad.jpg", 4));
        await family.Locator("input[name='Form.HeightCm']").FillAsync("10");
        await family.Locator("input[name='Form.LastSeenPlace']").FillAsync("长途汽车站");
        await family.Locator("input[name='Form.Disabilities'][value='Hearing']").CheckAsync();
        string[] wrong = ["reporterName", "reporterPhone", "missingPersonName", "heightCm"];

        await SubmitUncheckedAsync(family, "#public-notice");

        await AssertProblemsAsync(family, wrong, chinese: true);
        await AssertKeptAsync(family, 1);
        await Assertions.Expect(family.Locator("input[name='Form.LastSeenPlace']")).ToHaveValueAsync("长途汽车站");
        await Assertions.Expect(family.Locator("input[name='Form.Disabilities'][value='Hearing']")).ToBeCheckedAsync();

        await SwitchToEnglishAsync(phone);
        await SubmitUncheckedAsync(family, "#public-notice");

        await AssertProblemsAsync(family, wrong, chinese: false);
        await AssertKeptAsync(family, 1);

        await family.Locator("input[name='Form.ReporterName']").FillAsync("吴静");
        await family.Locator("input[name='Form.ReporterPhone']").FillAsync("13800000123");
        await family.Locator("input[name='Form.MissingPersonName']").FillAsync("吴志强");
        await family.Locator("input[name='Form.HeightCm']").FillAsync("");
        await family.Locator("#public-notice button[type=submit]").ClickAsync();

        await Assertions.Expect(family.Locator("#receipt")).ToContainTextAsync("XR-");
        var officer = await (await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl })).NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await officer.GotoAsync("/notices?q=" + Uri.EscapeDataString(await family.Locator("#receipt .case-number").InnerTextAsync()));
        await officer.Locator("#notices a", new() { HasText = "吴志强" }).ClickAsync();
        await Assertions.Expect(officer.Locator("figure[data-photo]")).ToHaveCountAsync(1);
        await officer.Context.CloseAsync();
    }

    [Fact]
    public async Task A_photo_that_is_not_a_picture_is_named_and_ticked_for_removal_so_the_next_submit_goes_through()
    {
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var officer = await desk.NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await officer.GotoAsync("/notices/new");
        await officer.Locator("input[name='Form.MissingPersonName']").FillAsync("郑某");
        await officer.Locator("input[type=file]").SetInputFilesAsync(
        [
            Photo("good.jpg", 5),
            new FilePayload { Name = "notes.jpg", MimeType = "image/jpeg", Buffer = "not a picture"u8.ToArray() },
        ]);
        await officer.Locator("#new-notice button[type=submit]").ClickAsync();

        await AssertKeptAsync(officer, 2);
        var bad = officer.Locator(".kept-file[data-kept='notes.jpg']");
        await Assertions.Expect(bad.Locator(".field-error")).ToHaveCountAsync(1);
        await Assertions.Expect(bad.Locator("input[name='Kept.Remove']")).ToBeCheckedAsync();
        await Assertions.Expect(officer.Locator(".kept-file[data-kept='good.jpg'] input[name='Kept.Remove']")).Not.ToBeCheckedAsync();

        await officer.Locator("#new-notice button[type=submit]").ClickAsync();

        await Assertions.Expect(officer).ToHaveURLAsync(RecordUrl("notices"));
        await Assertions.Expect(officer.Locator("figure[data-photo]")).ToHaveCountAsync(1);
    }

    /// <summary>Submits as an old browser would, without the page's own required and range checks, so the server's answer shows.</summary>
    private static async Task SubmitUncheckedAsync(IPage page, string form)
    {
        await page.Locator(form).EvaluateAsync("f => f.noValidate = true");
        await page.Locator($"{form} button[type=submit].primary").ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
    }

    /// <summary>The reader changes the language in another tab; the refused form stays open in this one.</summary>
    private static async Task SwitchToEnglishAsync(IBrowserContext context)
    {
        var tab = await context.NewPageAsync();
        await tab.GotoAsync("/culture/en?returnUrl=/");
        await tab.CloseAsync();
    }

    /// <summary>Every field named has its message, all of them came in one answer, and they read in the expected language.</summary>
    private static async Task AssertProblemsAsync(IPage page, string[] fields, bool chinese)
    {
        foreach (var field in fields)
        {
            await Assertions.Expect(page.Locator($".field-error[data-field='{field}']").First).ToBeVisibleAsync(new() { Timeout = 2000 });
        }
        foreach (var message in await page.Locator(".field-error").AllInnerTextsAsync())
        {
            Assert.True(Chinese().IsMatch(message) == chinese, $"“{message}” is not in {(chinese ? "Chinese" : "English")}");
        }
    }

    /// <summary>The form shows the files kept from before, each picture one that loaded.</summary>
    private static async Task AssertKeptAsync(IPage page, int count)
    {
        await Assertions.Expect(page.Locator("#kept-files .kept-file")).ToHaveCountAsync(count);
        var loaded = await page.Locator("#kept-files .kept-file img").EvaluateAllAsync<bool[]>("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)");
        Assert.All(loaded, Assert.True);
    }

    private static FilePayload Photo(string name, int seed) =>
        new() { Name = name, MimeType = "image/jpeg", Buffer = TestImages.Jpeg(800, 600, TestImages.Colour(seed)) };

    private static Regex RecordUrl(string kind) => new($"/{kind}/[0-9a-f-]{{36}}$");

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();
}
