using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public class ApiPageTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Api_page_loads_everything_from_the_app_and_nothing_from_elsewhere()
    {
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var page = await context.NewPageAsync();
        // The API description is for signed-in people and API keys (Hosting/ApiReference.cs).
        await Chromium.SignInAsync(page, Roles.Liaison);
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await PolicyViolations.RecordAsync(page);

        await page.GotoAsync("/scalar/v1", new() { WaitUntil = WaitUntilState.NetworkIdle });

        await Assertions.Expect(page.GetByText("Reports", new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Chromium.ScreenshotAsync(page, "api-page");
        var self = new Uri(_baseUrl).Authority;
        var elsewhere = requests.Where(url => url.StartsWith("http", StringComparison.Ordinal) && new Uri(url).Authority != self).ToList();
        Assert.True(elsewhere.Count == 0, "requests outside the app: " + string.Join(", ", elsewhere));
        Assert.Empty(await PolicyViolations.OfAsync(page));
        Assert.Contains(requests, url => url.Contains("/openapi/v1.json", StringComparison.Ordinal));
        foreach (var offer in new[] { "Ask AI", "Deploy", "Generate SDK" })
        {
            await Assertions.Expect(page.GetByText(offer)).ToHaveCountAsync(0);
        }
    }
}
