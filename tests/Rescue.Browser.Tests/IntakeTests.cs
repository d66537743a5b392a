using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public partial class IntakeTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Liaison_files_a_report_with_a_photo_on_a_phone_and_staff_admit_the_person()
    {
        // The liaison, on a phone in the field.
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var liaison = await phone.NewPageAsync();
        await Chromium.SignInAsync(liaison, Roles.Liaison);
        await liaison.GotoAsync("/reports/new");
        await liaison.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "IMG_0001.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1200, 900, SkiaSharp.SKColors.SteelBlue) });
        await liaison.Locator("input[name='Form.PlaceText']").FillAsync("解放路地下通道");
        await liaison.Locator("select[name='Form.Sex']").SelectOptionAsync("Female");
        await liaison.Locator("input[name='Form.EstimatedAgeMin']").FillAsync("20");
        await liaison.Locator("input[name='Form.EstimatedAgeMax']").FillAsync("30");
        await liaison.Locator("textarea[name='Form.Description']").FillAsync("年轻女性，神情紧张，不愿多说");
        await liaison.Locator("input[name='Form.Needs'][value='Medical']").CheckAsync();
        await liaison.Locator("#new-report button[type=submit]").ClickAsync();

        await Assertions.Expect(liaison).ToHaveURLAsync(ReportUrl());
        await Assertions.Expect(liaison.Locator("img[data-photo]")).ToHaveCountAsync(1);
        var overflow = await liaison.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the report page scrolls sideways on a phone");
        var reportUrl = liaison.Url;
        await Chromium.ScreenshotAsync(liaison, "report-on-phone");

        // Station staff, at the desk.
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var staff = await desk.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await staff.GotoAsync("/reports");
        await Assertions.Expect(staff.Locator("#reports")).ToContainTextAsync("解放路地下通道");
        await staff.GotoAsync(reportUrl);
        await staff.Locator("a[data-action=admit]").ClickAsync();
        await staff.Locator("input[name='Form.Name.Value']").FillAsync("小芳");
        await staff.Locator("select[name='Form.Name.Quality']").SelectOptionAsync("Partial");
        await staff.Locator("input[name='Form.HeightCm']").FillAsync("160");
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(AdmissionUrl());
        await Assertions.Expect(staff.Locator("h1 .case-number")).ToHaveTextAsync(CaseNumber());
        var photo = staff.Locator("figure[data-photo] img");
        await Assertions.Expect(photo).ToHaveCountAsync(1);
        var loaded = await photo.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0");
        Assert.True(loaded, "the admission's photo did not load");
        await Chromium.ScreenshotAsync(staff, "admission");

        // Staff correct the registration: what was told changes as trust grows.
        await staff.Locator("a[data-action=edit]").ClickAsync();
        await staff.Locator("input[name='Form.HukouPlace.Value']").FillAsync("湖南省衡阳市");
        await staff.Locator("select[name='Form.HukouPlace.Quality']").SelectOptionAsync("Partial");
        await staff.Locator("#edit-admission button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(AdmissionUrl());
        await Assertions.Expect(staff.Locator("dl.facts")).ToContainTextAsync("湖南省衡阳市");
        await Assertions.Expect(staff.Locator("dl.facts")).ToContainTextAsync("小芳");

        // A second photo, taken at the desk after registration.
        await staff.Locator("#add-photos input[type=file]").SetInputFilesAsync(new FilePayload { Name = "desk.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(900, 1200, SkiaSharp.SKColors.Tan) });
        await staff.Locator("#add-photos button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator("figure[data-photo]")).ToHaveCountAsync(2);

        // The liaison sees what became of the report.
        await liaison.ReloadAsync();
        await Assertions.Expect(liaison.Locator("p.status")).ToContainTextAsync(CaseNumber());
    }

    [Fact]
    public async Task Staff_see_the_faces_in_a_group_photo_and_choose_the_person()
    {
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var staff = await desk.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        await staff.Locator("input[type=file]").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Images", "couple.jpg"));
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(AdmissionUrl());

        // The faces are found in the background; the page shows them once they are.
        var figure = staff.Locator("figure[data-photo]");
        for (var i = 0; i < 60 && await figure.GetAttributeAsync("data-face-status") == "Pending"; i++)
        {
            await Task.Delay(500);
            await staff.ReloadAsync();
        }
        await Assertions.Expect(figure).ToHaveAttributeAsync("data-face-status", "ChooseFace");
        Assert.True(await figure.Locator(".box").CountAsync() >= 2);
        await Chromium.ScreenshotAsync(staff, "choose-face");

        await figure.Locator("button", new() { HasText = "第 2 张是本人" }).ClickAsync();

        await Assertions.Expect(staff.Locator("figure[data-photo]")).ToHaveAttributeAsync("data-face-status", "Found");
        await Assertions.Expect(staff.Locator("figure[data-photo] .box.person")).ToHaveTextAsync("2");
    }

    [GeneratedRegex(@"/reports/[0-9a-f-]{36}$")]
    private static partial Regex ReportUrl();

    [GeneratedRegex(@"/admissions/[0-9a-f-]{36}$")]
    private static partial Regex AdmissionUrl();

    [GeneratedRegex(@"JZ-\d{4}-\d{6}")]
    private static partial Regex CaseNumber();
}
