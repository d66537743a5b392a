using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public class MatchingTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Case_officer_reviews_the_candidate_of_two_photos_of_one_person_confirms_it_and_both_records_show_the_link()
    {
        await using var desk = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var officer = await desk.NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await using var station = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var staff = await station.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        var (notice, admission, caseNumber) = await NoticeAndAdmissionOfOnePersonAsync(desk.APIRequest, station.APIRequest);

        await officer.Locator("nav.menu a[data-nav=matching]").ClickAsync();
        var row = officer.Locator("#candidates tr[data-candidate]", new() { HasText = caseNumber });
        await Assertions.Expect(row).ToContainTextAsync("鲁建国");
        await Assertions.Expect(row.Locator("img.thumb")).ToHaveCountAsync(2);
        await Chromium.ScreenshotAsync(officer, "candidate-queue");
        await row.Locator("a[data-action=review]").ClickAsync();

        await Assertions.Expect(officer).ToHaveURLAsync(new Regex("/matching/[0-9a-f-]{36}$"));
        var review = officer.Url;
        foreach (var side in new[] { "#admission-side", "#other-side" })
        {
            var photo = officer.Locator($"{side} img[data-photo]");
            await Assertions.Expect(photo).ToHaveCountAsync(1);
            await Assertions.Expect(photo).ToBeVisibleAsync();
            Assert.True(await photo.EvaluateAsync<bool>("img => img.decode().then(() => img.complete && img.naturalWidth > 0, () => false)"), $"the photo of {side} did not load");
        }
        await Assertions.Expect(officer.Locator("#admission-side dl.facts")).ToContainTextAsync("河南周口");
        await Assertions.Expect(officer.Locator("#other-side dl.facts")).ToContainTextAsync("河南省周口市");
        var face = officer.Locator(".score-parts li[data-kind=Face]");
        await Assertions.Expect(face).ToHaveClassAsync("for");
        await Assertions.Expect(face.Locator(".points")).ToHaveTextAsync(new Regex(@"^\+\d"));
        foreach (var kind in new[] { "Face", "Age", "Name" })
        {
            await Assertions.Expect(officer.Locator($".score-parts li[data-kind={kind}] .sentence")).Not.ToBeEmptyAsync();
        }
        await Chromium.ScreenshotAsync(officer, "candidate-review");

        // The same page on a phone: the two records stack, nothing scrolls sideways.
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var pocket = await phone.NewPageAsync();
        await Chromium.SignInAsync(pocket, Roles.CaseOfficer);
        await pocket.GotoAsync(review);
        await Assertions.Expect(pocket.Locator(".score-parts")).ToBeVisibleAsync();
        Assert.False(await pocket.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth"), "the review page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(pocket, "candidate-review-on-phone");

        await officer.Locator("#confirm input[name=Note]").FillAsync("家属视频确认");
        await officer.Locator("#confirm button[type=submit]").ClickAsync();

        await Assertions.Expect(officer.Locator("#candidate-status")).ToHaveAttributeAsync("data-status", "Confirmed");
        await Assertions.Expect(officer.Locator("#decided")).ToContainTextAsync("家属视频确认");
        await Assertions.Expect(officer.Locator("#confirm")).ToHaveCountAsync(0);

        await officer.GotoAsync($"/notices/{notice}");
        await Assertions.Expect(officer.Locator("h1 .tag")).ToHaveAttributeAsync("data-status", "Found");
        await Assertions.Expect(officer.Locator("h1 .tag")).ToHaveTextAsync("已找到");
        var found = officer.Locator("#found-through a");
        await Assertions.Expect(found).ToContainTextAsync(caseNumber);
        await Assertions.Expect(found).ToHaveAttributeAsync("href", new Uri(review).AbsolutePath);

        await staff.GotoAsync($"/admissions/{admission}");
        var identified = staff.Locator("#identified-through a");
        await Assertions.Expect(identified).ToContainTextAsync("鲁建国");
        await identified.ClickAsync();
        await Assertions.Expect(staff.Locator("#candidate-status")).ToHaveAttributeAsync("data-status", "Confirmed");
        await Assertions.Expect(staff.Locator("#other-side img[data-photo]")).ToBeVisibleAsync();
    }

    /// <summary>
    /// A family's notice with one photo of a man and an admission with another photo of him (the engine's face part
    /// must find him), created through the API by the signed-in officer and staff; returns once the engine has searched both.
    /// </summary>
    private async Task<(Guid Notice, Guid Admission, string CaseNumber)> NoticeAndAdmissionOfOnePersonAsync(IAPIRequestContext officer, IAPIRequestContext staff)
    {
        await Readiness.WaitAsync(app.CreateClient());
        var notice = await CreateAsync(officer, "/api/v1/notices", new
        {
            reporterName = "鲁芳",
            reporterRelationship = "女儿",
            reporterPhone = "13900000000",
            missingPersonName = "鲁建国",
            sex = "Male",
            dateOfBirth = "1952-06",
            lastSeenOn = "2021-10-02",
            lastSeenPlace = "河南省周口市川汇区",
            hometown = "河南省周口市",
            dialect = "河南话",
            heightCm = 165,
        });
        var noticeId = notice.GetProperty("id").GetGuid();
        await AddPhotoAsync(officer, $"/api/v1/notices/{noticeId}/photos", noticeId, "img17.jpg");
        var admission = await CreateAsync(staff, "/api/v1/admissions", new
        {
            name = new { value = "鲁某", quality = "Partial" },
            hukouPlace = new { value = "河南周口", quality = "Partial" },
            dialect = new { value = "河南话", quality = "Known" },
            sex = "Male",
            estimatedAgeMin = 66,
            estimatedAgeMax = 78,
            heightCm = 164,
        });
        var admissionId = admission.GetProperty("id").GetGuid();
        await AddPhotoAsync(staff, $"/api/v1/admissions/{admissionId}/photos", admissionId, "img16.jpg");
        await app.CaughtUpAsync();
        return (noticeId, admissionId, admission.GetProperty("caseNumber").GetString()!);
    }

    private static async Task<JsonElement> CreateAsync(IAPIRequestContext api, string path, object body)
    {
        var response = await api.PostAsync(path, new() { DataObject = body, Headers = Chromium.CookieApi });
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    /// <summary>Adds a real photo from the test images and waits for the face worker's signature of the person in it.</summary>
    private async Task AddPhotoAsync(IAPIRequestContext api, string path, Guid owner, string image)
    {
        var form = api.CreateFormData();
        form.Append("photos", new FilePayload { Name = image, MimeType = "image/jpeg", Buffer = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", image)) });
        var response = await api.PostAsync(path, new() { Multipart = form, Headers = Chromium.CookieApi });
        Assert.True(response.Ok, $"{path}: {response.Status} {await response.TextAsync()}");
        await FacePhotoUploads.WaitAsync(app, owner);
    }
}
