using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Web.Data;

namespace Rescue.Browser.Tests;

/// <summary>Debian's Chromium driven by Playwright (Playwright's own browser download is not available here).</summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>What a test's API change signed in by the page's cookie sends, as the app's own pages would (<c>Hosting/CookiePosts</c>).</summary>
    public static readonly Dictionary<string, string> CookieApi = new() { [Rescue.Web.Hosting.CookiePosts.Header] = "1" };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public async Task InitializeAsync()
    {
        var executable = new[] { "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: run the tests with ./rescue test (apt-get install chromium).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            // The machine has no network beyond the test server: stop Chromium reaching for Google's.
            Args = ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    /// <summary>Opens the app as someone not signed in, is sent to the login page, and signs in as the demo user of <paramref name="role"/>.</summary>
    public static async Task SignInAsync(IPage page, string role)
    {
        var user = DemoData.Users.Single(u => u.Role == role);
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.Locator("input[type=email]").FillAsync(user.Email);
        await page.Locator("input[type=password]").FillAsync(user.Password);
        await page.Locator("button[type=submit].primary").ClickAsync();
        await Assertions.Expect(page.Locator("nav.menu")).ToBeVisibleAsync();
    }

    /// <summary>Saves a full-page screenshot when RESCUE_SCREENSHOTS names a folder, for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RESCUE_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
