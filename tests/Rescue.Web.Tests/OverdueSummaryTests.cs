using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The daily summary of overdue tasks, on real PostgreSQL with the test clock: tasks made overdue by moving the clock
/// are counted by kind and role in the next day's summary, which is written to the app's log and shown to administrators.
/// </summary>
public class OverdueSummaryTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Tasks_made_overdue_by_the_clock_are_in_the_next_days_summary_in_the_log_and_on_the_administrators_home_page()
    {
        var daily = app.Services.GetRequiredService<DailyOverdueSummary>();
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 60, estimatedAgeMax = 70 });
        await daily.SummariseAsync(default);
        Assert.Null(await daily.SummariseIfDueAsync(default));

        app.Clock.Advance(TimeSpan.FromDays(20));
        var summary = await daily.SummariseIfDueAsync(default);

        Assert.NotNull(summary);
        var (reception, dna, expected) = await OverdueNowAsync(admission, summary.At);
        Assert.Equal(expected, summary.Total);
        Assert.Contains(summary.Counts, c => c is { Kind: CaseTaskKind.ReceptionCheck, Role: Roles.StationStaff } && c.Count >= 1);
        Assert.Contains(summary.Counts, c => c is { Kind: CaseTaskKind.DnaRequest, Role: Roles.CaseOfficer } && c.Count >= 1);
        Assert.True(summary.Oldest!.DueAt <= reception.DueAt && summary.Oldest.DueAt <= dna.DueAt);
        Assert.Contains(LogEvents(), e => e.GetProperty("@mt").GetString()!.StartsWith("Overdue tasks on", StringComparison.Ordinal)
            && e.GetProperty("Total").GetInt32() == summary.Total && e.GetProperty("Counts").GetString()!.Contains("ReceptionCheck/StationStaff", StringComparison.Ordinal));

        var admin = await app.SignedInAsync(Roles.Administrator);
        var home = await admin.GetStringAsync("/");
        Assert.Contains("id=\"overdue-summary\"", home);
        Assert.Contains($"共 {summary.Total} 项逾期", home);
        Assert.Contains("data-task=\"ReceptionCheck\" data-role=\"StationStaff\"", home);
        staff = await app.SignedInAsync(Roles.StationStaff);
        Assert.DoesNotContain("id=\"overdue-summary\"", await staff.GetStringAsync("/"));
        var api = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tasks/overdue-summary");
        Assert.Equal(summary.Total, api.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/v1/tasks/overdue-summary")).StatusCode);
    }

    /// <summary>The stay's two tasks, and the open tasks past their due time at <paramref name="at"/>, counted here by SQL.</summary>
    private async Task<(CaseTask Reception, CaseTask Dna, int Overdue)> OverdueNowAsync(Guid admission, DateTimeOffset at)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var tasks = await db.CaseTasks.AsNoTracking().Where(t => t.AdmissionId == admission).ToListAsync();
        var overdue = await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM "CaseTasks" WHERE "ClosedAt" IS NULL AND "DueAt" < {at}""").SingleAsync();
        return (tasks.Single(t => t.Kind == CaseTaskKind.ReceptionCheck), tasks.Single(t => t.Kind == CaseTaskKind.DnaRequest), overdue);
    }

    /// <summary>The app's own log (Serilog compact JSON, one event a line), read while the app still writes it.</summary>
    private List<JsonElement> LogEvents() =>
        Directory.GetFiles(Path.Combine(app.DataDirectory, "logs"), "rescue-*.json").SelectMany(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        }).ToList();
}
