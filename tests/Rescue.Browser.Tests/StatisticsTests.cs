using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

public class StatisticsTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Staff_choose_a_month_and_read_its_charts_with_chinese_labels_and_its_tables()
    {
        await StationMonth.GenerateAsync(app);
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var staff = await context.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await Assertions.Expect(staff.Locator("#occupancy")).ToContainTextAsync($"床位 {StationMonth.Beds} 张");

        await staff.Locator("nav.menu a[data-nav=statistics]").ClickAsync();
        await staff.Locator("#month-picker input[name=month]").FillAsync(StationMonth.Month);
        await staff.Locator("#month-picker button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(new Regex($"/statistics\\?month={StationMonth.Month}$"));
        await Assertions.Expect(staff.Locator("#month")).ToHaveTextAsync(StationMonth.Month);
        await Assertions.Expect(staff.Locator("figure.chart svg")).ToHaveCountAsync(5);
        // The labels are text in the SVG, drawn in a Chinese font: each has a width on the page.
        var label = staff.Locator("#chart-source svg text", new() { HasText = "公安护送" });
        await Assertions.Expect(label).ToHaveCountAsync(1);
        Assert.True((await label.BoundingBoxAsync())!.Width > 20, "the chart's Chinese label has no width");
        await Assertions.Expect(staff.Locator("#table-summary tr", new() { HasText = "救助人次" })).ToHaveCountAsync(1);
        await Assertions.Expect(staff.Locator("#table-nights tbody tr")).ToHaveCountAsync(31);
        await Assertions.Expect(staff.Locator("a[data-action=export-xlsx]")).ToHaveAttributeAsync("href", $"/api/v1/statistics/{StationMonth.Month}.xlsx");
        await Chromium.ScreenshotAsync(staff, "statistics");
    }
}
