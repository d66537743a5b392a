using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The deadlines the rules put on a stay, on real PostgreSQL with the test clock: the reception check in 24 hours, the
/// DNA request in 7 working days counted on the holiday calendar, the police's result a month after the request, each
/// closed by its work, and all cancelled once the person is identified.
/// </summary>
public class CaseDeadlineTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly WorkingCalendarTests.DataFile Calendar = WorkingCalendarTests.DataFile.Read();

    private static readonly TimeZoneInfo Station = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Theory]
    [InlineData("2026-09-25")] // the Friday before 国庆 (and 中秋 itself)
    [InlineData("2026-11-09")] // an ordinary Monday
    public async Task The_dna_request_is_due_at_the_end_of_the_seventh_working_day_after_admission(string day)
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var admittedOn = DateOnly.Parse(day);
        var admittedAt = new DateTimeOffset(admittedOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", admittedAt });

        var tasks = await app.TasksAsync(staff, admission);

        // Counted here from the calendar file itself: a listed 调休 day works, a listed holiday or a weekend does not.
        var due = Calendar.NthWorkingDayAfter(admittedOn, 7);
        Assert.Equal(new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), tasks["DnaRequest"].GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(admittedAt.AddHours(24), tasks["ReceptionCheck"].GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("CaseOfficer", tasks["DnaRequest"].GetProperty("role").GetString());
        Assert.Equal("StationStaff", tasks["ReceptionCheck"].GetProperty("role").GetString());
        if (day == "2026-11-09") Assert.Equal(new DateOnly(2026, 11, 18), due);
        else Assert.True(due > new DateOnly(2026, 10, 8), $"{due} falls inside 国庆");
    }

    [Fact]
    public async Task A_station_that_sets_10_working_days_for_the_dna_request_gets_the_later_due_date()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var admittedOn = new DateOnly(2026, 9, 25);
        var admittedAt = new DateTimeOffset(admittedOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        var national = await SetDnaRequestWorkingDaysAsync(admin, 10);
        try
        {
            var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", admittedAt });

            var due = Calendar.NthWorkingDayAfter(admittedOn, 10);
            Assert.Equal(new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), (await app.TasksAsync(staff, admission))["DnaRequest"].GetProperty("dueAt").GetDateTimeOffset());
            Assert.True(due > Calendar.NthWorkingDayAfter(admittedOn, 7));
        }
        finally
        {
            await SetDnaRequestWorkingDaysAsync(admin, national);
        }
    }

    /// <summary>Sets the station's DNA-request period through the API; returns the one it replaced.</summary>
    private static async Task<int> SetDnaRequestWorkingDaysAsync(HttpClient admin, int days)
    {
        var values = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/policy")).GetProperty("values");
        var change = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(values.GetRawText())!;
        change["dnaRequestWorkingDays"] = JsonSerializer.SerializeToElement(days);
        var saved = await admin.PutAsJsonAsync("/api/v1/policy", change);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        return values.GetProperty("dnaRequestWorkingDays").GetInt32();
    }

    [Fact]
    public async Task A_dna_request_closes_its_task_and_opens_the_results_a_month_on_which_the_result_closes_and_overdue_shows_as_the_clock_moves()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 50, estimatedAgeMax = 60 });
        Assert.False((await app.TasksAsync(staff, admission))["ReceptionCheck"].GetProperty("overdue").GetBoolean());

        app.Clock.Advance(TimeSpan.FromHours(25));
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        Assert.True((await app.TasksAsync(officer, admission))["ReceptionCheck"].GetProperty("overdue").GetBoolean());

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Station).DateTime);
        var refused = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/dna", new { policeUnit = "", requestedOn = today });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var requested = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/dna", new { policeUnit = "城东派出所", reference = "DNA-2026-17", requestedOn = today });
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        var request = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var tasks = await app.TasksAsync(officer, admission);
        Assert.NotEqual(JsonValueKind.Null, tasks["DnaRequest"].GetProperty("closedAt").ValueKind);
        Assert.Equal(new DateTimeOffset(today.AddMonths(1).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), tasks["DnaResult"].GetProperty("dueAt").GetDateTimeOffset());

        var result = await officer.PostAsJsonAsync($"/api/v1/dna/{request}/result", new { result = "NoMatch", resultOn = today, sampleTakenOn = today, sampleTakenBy = "刑侦大队" });
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await app.TasksAsync(officer, admission))["DnaResult"].GetProperty("closedAt").ValueKind);
        staff = await app.SignedInAsync(Roles.StationStaff);
        var staffCannot = await staff.PostAsJsonAsync($"/api/v1/dna/{request}/result", new { result = "Match", resultOn = today });
        Assert.Equal(HttpStatusCode.Forbidden, staffCannot.StatusCode);
    }

    [Fact]
    public async Task Identifying_the_person_cancels_the_open_tasks()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male" });
        var update = await staff.PutAsJsonAsync($"/api/v1/admissions/{admission}", new { sex = "Male", idNumber = new { value = "11010519491231002X" } });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        await app.CaughtUpAsync();

        foreach (var task in (await app.TasksAsync(staff, admission)).Values)
        {
            Assert.True(task.GetProperty("cancelled").GetBoolean());
            Assert.False(task.GetProperty("overdue").GetBoolean());
        }
    }

    [Fact]
    public async Task The_inbox_shows_each_roles_tasks_with_the_time_left_and_overdue_in_red_as_the_clock_moves()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 30, estimatedAgeMax = 35 });
        var caseNumber = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}")).GetProperty("caseNumber").GetString()!;

        var officerHome = await (await app.SignedInAsync(Roles.CaseOfficer)).GetStringAsync("/");
        var dna = Row(officerHome, caseNumber, "DnaRequest");
        Assert.Contains("还剩", dna);
        Assert.DoesNotContain("overdue", dna);
        Assert.DoesNotContain($"data-task=\"ReceptionCheck\"", Row(officerHome, caseNumber, null));
        var staffHome = await staff.GetStringAsync("/");
        Assert.Contains("还剩 24 小时", Row(staffHome, caseNumber, "ReceptionCheck"));

        app.Clock.Advance(TimeSpan.FromDays(12));
        var late = await (await app.SignedInAsync(Roles.CaseOfficer)).GetStringAsync("/");
        var overdue = Row(late, caseNumber, "DnaRequest");
        Assert.Contains("overdue-row", overdue);
        Assert.Contains("已逾期", overdue);
        var stay = await (await app.SignedInAsync(Roles.StationStaff)).GetStringAsync($"/admissions/{admission}");
        Assert.Contains("id=\"stay-tasks\"", stay);
        Assert.Contains("overdue-row", Row(stay, caseNumber, "ReceptionCheck"));
    }

    /// <summary>The table row of a task of <paramref name="kind"/> (any, when null) for the case, or "" when none.</summary>
    private static string Row(string html, string caseNumber, string? kind)
    {
        foreach (var row in html.Split("<tr ").Skip(1))
        {
            var end = row.IndexOf("</tr>", StringComparison.Ordinal);
            var text = end < 0 ? row : row[..end];
            if (text.Contains(caseNumber, StringComparison.Ordinal) && (kind is null || text.Contains($"data-task=\"{kind}\"", StringComparison.Ordinal))) return text;
        }
        return "";
    }
}
