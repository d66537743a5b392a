using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// What administrators set for the deadlines, on real PostgreSQL: the station's policy values (shown with their national
/// default and legal source, refused out of their limits, and never overwritten by a second administrator without
/// knowing) and the station's local days, which move the deadlines opened after them.
/// </summary>
public class CaseSettingsTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly WorkingCalendarTests.DataFile Calendar = WorkingCalendarTests.DataFile.Read();

    [Fact]
    public async Task The_policy_shows_each_value_with_its_unit_national_default_and_legal_source_to_the_station_and_administrators()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var policy = await officer.GetFromJsonAsync<JsonElement>("/api/v1/policy");

        var settings = policy.GetProperty("settings").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(10, settings.Count);
        var dna = settings["DnaRequestWorkingDays"];
        Assert.Equal((7m, 7m, "WorkingDays"), (dna.GetProperty("value").GetDecimal(), dna.GetProperty("nationalDefault").GetDecimal(), dna.GetProperty("unit").GetString()));
        Assert.Contains("民发〔2015〕158号", dna.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, settings["BedCapacity"].GetProperty("nationalDefault").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(Roles.Administrator)).GetAsync("/api/v1/policy")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(Roles.Liaison)).GetAsync("/api/v1/policy")).StatusCode);
    }

    [Fact]
    public async Task Two_administrators_editing_at_once_the_second_is_refused_with_what_the_first_saved_and_each_save_is_audited()
    {
        var first = await app.SignedInAsync(Roles.Administrator);
        var second = await app.SignedInAsync(Roles.Administrator);
        var read = await ValuesAsync(first);
        var readBySecond = await ValuesAsync(second);

        read["receptionCheckHours"] = JsonSerializer.SerializeToElement(48);
        var saved = await first.PutAsJsonAsync("/api/v1/policy", read);
        readBySecond["receptionCheckHours"] = JsonSerializer.SerializeToElement(12);
        var refused = await second.PutAsJsonAsync("/api/v1/policy", readBySecond);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(48, problem.GetProperty("current").GetProperty("values").GetProperty("receptionCheckHours").GetInt32());
        Assert.Equal(48, (await ValuesAsync(second))["receptionCheckHours"].GetInt32());

        // Sent again on what is stored now, the second administrator's change goes through.
        var again = await ValuesAsync(second);
        again["receptionCheckHours"] = JsonSerializer.SerializeToElement(24);
        Assert.Equal(HttpStatusCode.OK, (await second.PutAsJsonAsync("/api/v1/policy", again)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog.AsNoTracking()
            .Where(a => a.Subject == "CasePolicy" && a.Action == AuditAction.Update).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
        Assert.Contains("ReceptionCheckHours 24→48", entries);
        Assert.Contains("ReceptionCheckHours 48→24", entries);
        Assert.DoesNotContain(entries, e => e!.Contains("→12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Values_out_of_their_limits_are_refused_naming_each_field_and_only_administrators_change_them()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var change = await ValuesAsync(admin);
        change["receptionCheckHours"] = JsonSerializer.SerializeToElement(0);
        change["selfDepartureMinAge"] = JsonSerializer.SerializeToElement(30);

        var refused = await admin.PutAsJsonAsync("/api/v1/policy", change);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("应在 1 到 72 之间", errors.GetProperty("receptionCheckHours")[0].GetString());
        Assert.Equal("应在 14 到 18 之间", errors.GetProperty("selfDepartureMinAge")[0].GetString());
        var staff = await app.SignedInAsync(Roles.StationStaff);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync("/api/v1/policy", await ValuesAsync(staff))).StatusCode);
    }

    [Fact]
    public async Task The_settings_page_shows_the_sources_keeps_a_refused_value_under_its_message_and_confirms_a_save()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var page = await admin.GetStringAsync("/admin/policy");
        Assert.Contains("民政部《生活无着的流浪乞讨人员救助管理机构工作规程》(2014)", page);
        Assert.Contains("个工作日", page);

        var refused = await PostPolicyPageAsync(admin, ("Form.DnaResultMonths", "13"));
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-field=\"dnaResultMonths\">应在 1 到 12 之间", refusedPage);
        Assert.Contains("name=\"Form.DnaResultMonths\" value=\"13\"", refusedPage);
        Assert.DoesNotContain("id=\"policy-saved\"", refusedPage);

        var saved = await (await PostPolicyPageAsync(admin, ("Form.BedCapacity", "13"))).Content.ReadAsStringAsync();
        Assert.Contains("id=\"policy-saved\"", saved);
        Assert.Equal(13, (await ValuesAsync(admin))["bedCapacity"].GetInt32());
    }

    [Fact]
    public async Task A_local_holiday_moves_the_dna_due_date_of_a_stay_admitted_after_it_and_removing_it_moves_it_back()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var monday = new DateOnly(2026, 11, 9);
        var thursday = new DateOnly(2026, 11, 12);
        var national = Calendar.NthWorkingDayAfter(monday, 7);

        var declared = await admin.PutAsJsonAsync($"/api/v1/calendar/local-days/{thursday:yyyy-MM-dd}", new { isWorkingDay = false, name = "站庆" });
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        var withHoliday = await DnaDueAsync(staff, monday);
        var removed = await admin.DeleteAsync($"/api/v1/calendar/local-days/{thursday:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var without = await DnaDueAsync(staff, monday);

        Assert.Equal(national.AddDays(1), withHoliday);
        Assert.Equal(national, without);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/calendar/local-days/{thursday:yyyy-MM-dd}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync($"/api/v1/calendar/local-days/{thursday:yyyy-MM-dd}", new { name = "站庆" })).StatusCode);
        var blank = await admin.PutAsJsonAsync($"/api/v1/calendar/local-days/{thursday:yyyy-MM-dd}", new { name = " " });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
    }

    [Fact]
    public async Task The_calendar_page_names_the_national_source_and_years_and_adds_and_removes_a_local_day()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var page = await admin.GetStringAsync("/admin/calendar");
        Assert.Contains("chinese-days", page);
        Assert.Contains($"{Calendar.FirstYear}–{Calendar.LastYear}", page);

        var added = await (await admin.PostFormAsync("/admin/calendar", "add-local-day",
            ("NewDay.Day", "2027-03-01"), ("NewDay.IsWorkingDay", "false"), ("NewDay.Name", "地方纪念日"))).Content.ReadAsStringAsync();
        Assert.Contains("data-day=\"2027-03-01\"", added);
        Assert.Contains("地方纪念日", added);
        var refused = await (await admin.PostFormAsync("/admin/calendar", "add-local-day", ("NewDay.IsWorkingDay", "false"), ("NewDay.Name", "无日期"))).Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"day\">必填", refused);
        Assert.Contains("value=\"无日期\"", refused);

        var removed = await (await admin.PostFormAsync("/admin/calendar", "remove-local-day", ("RemoveDay", "2027-03-01"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-day=\"2027-03-01\"", removed);
    }

    /// <summary>The due day (the station's date the deadline ends after) of the DNA request of a stay admitted on <paramref name="day"/>.</summary>
    private async Task<DateOnly> DnaDueAsync(HttpClient staff, DateOnly day)
    {
        var admittedAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", admittedAt });
        var task = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/tasks")).EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "DnaRequest");
        return DateOnly.FromDateTime(task.GetProperty("dueAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).DateTime).AddDays(-1);
    }

    private static async Task<Dictionary<string, JsonElement>> ValuesAsync(HttpClient client) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>((await client.GetFromJsonAsync<JsonElement>("/api/v1/policy")).GetProperty("values").GetRawText())!;

    /// <summary>Posts the settings page's form with every value as stored and <paramref name="changes"/> over them.</summary>
    private static async Task<HttpResponseMessage> PostPolicyPageAsync(HttpClient admin, params (string Name, string Value)[] changes)
    {
        var values = await ValuesAsync(admin);
        var fields = values.Where(v => v.Key is not ("id" or "updatedBy"))
            .ToDictionary(v => "Form." + char.ToUpperInvariant(v.Key[0]) + v.Key[1..], v => v.Value.ValueKind == JsonValueKind.Null ? "" : v.Value.ToString());
        foreach (var (name, value) in changes) fields[name] = value;
        return await admin.PostFormAsync("/admin/policy", "policy", [.. fields.Select(f => (f.Key, f.Value))]);
    }
}
