using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public partial class FormTests
{
    [Fact]
    public async Task A_visitor_sends_a_tip_on_a_phone_and_a_case_officer_turns_it_into_a_notice()
    {
        var code = await PublishedThroughTheBrowserAsync();
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var visitor = await phone.NewPageAsync();
        await visitor.GotoAsync($"/gg/{code}/tip");
        await Assertions.Expect(visitor.Locator("#tip-about")).ToContainTextAsync(code);
        // The honeypot is there for robots, and out of a person's sight.
        await Assertions.Expect(visitor.Locator("input[name='Form.Website']")).Not.ToBeInViewportAsync();
        await visitor.Locator("input[name='Form.Name']").FillAsync("周女士");
        await visitor.Locator("input[name='Form.Phone']").FillAsync("13600002222");
        await visitor.Locator("textarea[name='Form.Message']").FillAsync("他很像我家走失的弟弟周志强，右耳后有痣。");
        await AssertFitsAsync(visitor);
        await Chromium.ScreenshotAsync(visitor, "tip-form-phone");
        await visitor.Locator("#tip-form button[type=submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("#tip-received")).ToBeVisibleAsync();

        var officer = await DeskAsync(Roles.CaseOfficer);
        await Assertions.Expect(officer.Locator("nav.menu a[data-nav='tips'] #new-tips")).ToBeVisibleAsync();
        await officer.Locator("nav.menu a[data-nav='tips']").ClickAsync();
        await officer.Locator("#tips a", new() { HasText = "周女士" }).ClickAsync();
        await Assertions.Expect(officer.Locator("dl.facts")).ToContainTextAsync("13600002222");
        await officer.Locator("input[name='MissingPersonName']").FillAsync("周志强");
        await officer.Locator("#tip-notice-form button[type=submit]").ClickAsync();
        await Assertions.Expect(officer.Locator("#tip-status")).ToHaveAttributeAsync("data-status", "BecameNotice");
        await officer.Locator("#tip-notice a").ClickAsync();
        await Assertions.Expect(officer.Locator("h1")).ToContainTextAsync("周志强");
        await Assertions.Expect(officer.Locator("dl.facts")).ToContainTextAsync("周女士");
    }

    /// <summary>Staff admit a person with a photo and a case officer publishes the announcement, through the API with the browsers' sessions.</summary>
    private async Task<string> PublishedThroughTheBrowserAsync()
    {
        var staff = await DeskAsync(Roles.StationStaff);
        var photo = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Images", "img16.jpg"));
        var form = staff.Context.APIRequest.CreateFormData();
        form.Append("admission", "{\"sex\":\"Male\",\"estimatedAgeMin\":40,\"estimatedAgeMax\":50}");
        form.Append("photos", new FilePayload { Name = "img16.jpg", MimeType = "image/jpeg", Buffer = photo });
        var admitted = await staff.Context.APIRequest.PostAsync("/api/v1/admissions", new() { Multipart = form, Headers = Chromium.CookieApi });
        Assert.True(admitted.Ok, await admitted.TextAsync());
        var admission = (await admitted.JsonAsync())!.Value.GetProperty("id").GetGuid();
        await app.CaughtUpAsync();
        var id = await app.AnnouncementOfAsync(admission);

        var officer = await DeskAsync(Roles.CaseOfficer);
        var published = await officer.Context.APIRequest.PostAsync($"/api/v1/announcements/{id}/publish", new() { DataObject = new { channels = new[] { "NationalSite" } }, Headers = Chromium.CookieApi });
        Assert.True(published.Ok, await published.TextAsync());
        return (await published.JsonAsync())!.Value.GetProperty("summary").GetProperty("code").GetString()!;
    }
}
