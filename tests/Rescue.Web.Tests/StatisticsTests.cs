using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The monthly statistics of a generated month (October 2026, with stays across both of its ends) against counts each
/// taken here by a query of its own, written without the service's SQL: local months by <c>to_char</c>, ages by adding
/// years to the date of birth, nights by time ranges.
/// </summary>
public class StatisticsTests(RescueApp app) : IClassFixture<RescueApp>
{
    private const string Month = StationMonth.Month;
    private const string Zone = "Asia/Shanghai";
    private const int Beds = StationMonth.Beds;

    [Fact]
    public async Task Every_figure_of_a_generated_month_equals_its_count_in_SQL()
    {
        await StationMonth.GenerateAsync(app);
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var figures = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/{Month}");

        var admissions = figures.GetProperty("admissions");
        Assert.Equal(await CountAsync($"SELECT count(*) FROM \"Admissions\" WHERE {InMonth("\"AdmittedAt\"")}"), admissions.GetProperty("personTimes").GetInt32());
        Assert.Equal(await CountAsync($"SELECT count(DISTINCT \"PersonId\") FROM \"Admissions\" WHERE {InMonth("\"AdmittedAt\"")}"), admissions.GetProperty("persons").GetInt32());
        AssertCounts(await GroupedAsync($"""
            SELECT CASE WHEN a."ReportId" IS NULL THEN 'Self'
                        WHEN EXISTS (SELECT 1 FROM "Reports" r JOIN "Agencies" g ON g."Id" = r."AgencyId" WHERE r."Id" = a."ReportId" AND g."Kind" = 'Police') THEN 'Police'
                        WHEN EXISTS (SELECT 1 FROM "Reports" r JOIN "Agencies" g ON g."Id" = r."AgencyId" WHERE r."Id" = a."ReportId" AND g."Kind" = 'CityManagement') THEN 'CityManagement'
                        ELSE 'Other' END, count(*)
            FROM "Admissions" a WHERE {InMonth("a.\"AdmittedAt\"")} GROUP BY 1
            """), admissions.GetProperty("bySource"), ["Police", "CityManagement", "Self", "Other"]);
        AssertCounts(await GroupedAsync($"""
            SELECT CASE
                WHEN "DateOfBirth" IS NOT NULL AND "DateOfBirth" + interval '18 years' > ("AdmittedAt" AT TIME ZONE '{Zone}')::date THEN 'Under18'
                WHEN "DateOfBirth" IS NOT NULL AND "DateOfBirth" + interval '60 years' > ("AdmittedAt" AT TIME ZONE '{Zone}')::date THEN 'From18To59'
                WHEN "DateOfBirth" IS NOT NULL THEN 'From60'
                WHEN "EstimatedAgeMin" IS NOT NULL AND "EstimatedAgeMax" IS NOT NULL THEN
                    CASE WHEN "EstimatedAgeMin" + "EstimatedAgeMax" < 36 THEN 'Under18' WHEN "EstimatedAgeMin" + "EstimatedAgeMax" < 120 THEN 'From18To59' ELSE 'From60' END
                WHEN coalesce("EstimatedAgeMin", "EstimatedAgeMax") IS NULL THEN 'Unknown'
                WHEN coalesce("EstimatedAgeMin", "EstimatedAgeMax") < 18 THEN 'Under18'
                WHEN coalesce("EstimatedAgeMin", "EstimatedAgeMax") < 60 THEN 'From18To59'
                ELSE 'From60' END, count(*)
            FROM "Admissions" WHERE {InMonth("\"AdmittedAt\"")} GROUP BY 1
            """), admissions.GetProperty("byAge"), ["Under18", "From18To59", "From60", "Unknown"]);
        AssertCounts(await GroupedAsync($"SELECT \"Sex\", count(*) FROM \"Admissions\" WHERE {InMonth("\"AdmittedAt\"")} GROUP BY 1"),
            admissions.GetProperty("bySex"), ["Unknown", "Male", "Female"]);

        // Each night of the month: the stays whose time in the station, after admission up to exit, holds that night's closing midnight.
        var nights = await GroupedAsync($"""
            SELECT to_char(d, 'YYYY-MM-DD'), count(a."Id")
            FROM generate_series(date '{Month}-01', (date '{Month}-01' + interval '1 month' - interval '1 day')::date, interval '1 day') d
            LEFT JOIN ("Admissions" a LEFT JOIN "StayExits" x ON x."AdmissionId" = a."Id")
              ON tstzrange(a."AdmittedAt", x."ExitedAt", '(]') @> ((d + interval '1 day')::timestamp AT TIME ZONE '{Zone}')
            GROUP BY d
            """);
        var occupancy = figures.GetProperty("occupancy");
        Assert.Equal(31, occupancy.GetProperty("nights").GetArrayLength());
        foreach (var night in occupancy.GetProperty("nights").EnumerateArray())
        {
            Assert.Equal(nights[night.GetProperty("day").GetString()!], night.GetProperty("inStation").GetInt32());
        }
        Assert.Equal(nights.Values.Sum(), occupancy.GetProperty("personNights").GetInt32());
        Assert.Equal(nights.Values.Max(), occupancy.GetProperty("peak").GetInt32());
        Assert.Equal(Beds, occupancy.GetProperty("bedCapacity").GetInt32());
        Assert.Equal((double)nights.Values.Sum() / (Beds * 31), occupancy.GetProperty("rate").GetDouble(), 9);
        Assert.True(nights.Values.Min() > 0, "the generated month has someone in every night");

        AssertCounts(await GroupedAsync($"SELECT \"Kind\", count(*) FROM \"StayExits\" WHERE {InMonth("\"ExitedAt\"")} GROUP BY 1"),
            figures.GetProperty("exits"), Enum.GetNames<ExitKind>());
        AssertCounts(await GroupedAsync($"SELECT \"VerifiedBy\", count(*) FROM \"StayExits\" WHERE \"Kind\" = 'Reunion' AND {InMonth("\"ExitedAt\"")} GROUP BY 1"),
            figures.GetProperty("reunions"), Enum.GetNames<ReunionVerification>());
        Assert.Equal(await CountAsync($"""
            SELECT count(*) FROM "Admissions" a
            WHERE a."Id" IN (SELECT e."AdmissionId" FROM "StayEvents" e WHERE e."ToStage" = 'Stranded' AND to_char(e."At" AT TIME ZONE '{Zone}', 'YYYY-MM') <= '{Month}')
              AND a."Id" NOT IN (SELECT x."AdmissionId" FROM "StayExits" x WHERE to_char(x."ExitedAt" AT TIME ZONE '{Zone}', 'YYYY-MM') <= '{Month}')
            """), figures.GetProperty("strandedAtMonthEnd").GetInt32());
        Assert.Equal(await CountAsync($"SELECT count(*) FROM \"SettlementSteps\" WHERE \"Kind\" = 'HukouRegistered' AND to_char(\"On\", 'YYYY-MM') = '{Month}'"),
            figures.GetProperty("settlementsCompleted").GetInt32());

        var deadlines = await GroupedAsync($"""
            SELECT "Kind" || '.' || CASE WHEN "ClosedAt" IS NOT NULL AND "ClosedAt" <= "DueAt" THEN 'Met'
                                         WHEN "ClosedAt" IS NULL AND "DueAt" >= now() THEN 'Open'
                                         ELSE 'Missed' END, count(*)
            FROM "CaseTasks" WHERE "Cancelled" = false AND {InMonth("\"DueAt\"")} GROUP BY 1
            """);
        foreach (var kind in figures.GetProperty("deadlines").EnumerateArray())
        {
            var name = kind.GetProperty("kind").GetString();
            foreach (var outcome in new[] { "Met", "Missed", "Open" })
            {
                Assert.Equal(deadlines.GetValueOrDefault($"{name}.{outcome}"), kind.GetProperty(outcome.ToLowerInvariant()).GetInt32());
            }
        }

        // The generated month holds every value each figure divides by: no count passes for being zero on both sides.
        foreach (var group in new[] { admissions.GetProperty("bySource"), admissions.GetProperty("byAge"), admissions.GetProperty("bySex"), figures.GetProperty("exits"), figures.GetProperty("reunions") })
        {
            Assert.All(group.EnumerateObject().Where(p => p.Name != "Other"), p => Assert.True(p.Value.GetInt32() > 0, $"{p.Name} has no case in the generated month"));
        }
        Assert.True(figures.GetProperty("strandedAtMonthEnd").GetInt32() > 0);
        Assert.True(figures.GetProperty("settlementsCompleted").GetInt32() > 0);
        var reception = figures.GetProperty("deadlines").EnumerateArray().Single(d => d.GetProperty("kind").GetString() == "ReceptionCheck");
        Assert.True(reception.GetProperty("met").GetInt32() > 0 && reception.GetProperty("missed").GetInt32() > 0);
    }

    [Fact]
    public async Task The_workbook_has_a_sheet_per_table_and_the_same_figures()
    {
        await StationMonth.GenerateAsync(app);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var figures = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/statistics/{Month}");

        var response = await officer.GetAsync($"/api/v1/statistics/{Month}.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var workbook = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["总览", "救助来源", "年龄段", "性别", "每晚在站人数", "离站方式", "寻亲成功方式", "时限完成情况"], MiniExcel.GetSheetNames(workbook));
        var summary = MiniExcel.Query(workbook, useHeaderRow: false, sheetName: "总览", excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["项目", "数值"], summary[0].Values.Select(v => v?.ToString()));
        Assert.Equal(figures.GetProperty("admissions").GetProperty("personTimes").GetInt32(), Convert.ToInt32(summary.Single(r => (string?)r["A"] == "救助人次")["B"]));
        var nights = MiniExcel.Query(workbook, useHeaderRow: false, sheetName: "每晚在站人数", excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(32, nights.Count);
    }

    [Fact]
    public async Task The_command_line_prints_the_same_figures_as_the_api()
    {
        await StationMonth.GenerateAsync(app);
        var api = JsonNode.Parse(await (await app.SignedInAsync(Roles.Administrator)).GetStringAsync($"/api/v1/statistics/{Month}"));

        var (status, output) = await MatchEvalCommandTests.RunCliAsync(app.ConnectionString, "stats", "--month", Month);

        Assert.True(status == 0, output);
        Assert.True(JsonNode.DeepEquals(api, JsonNode.Parse(output)), output);
    }

    [Theory]
    [InlineData("/api/v1/statistics/2026-13")]
    [InlineData("/api/v1/statistics/2026-1")]
    [InlineData("/api/v1/statistics/1899-12")]
    [InlineData("/api/v1/statistics/november.xlsx")]
    public async Task A_month_that_is_not_one_is_a_400_naming_the_month(string path)
    {
        var response = await (await app.SignedInAsync(Roles.StationStaff)).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("month", out _), problem.ToString());
    }

    [Fact]
    public async Task The_home_page_shows_today_in_the_station_against_the_beds()
    {
        await StationMonth.GenerateAsync(app);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var inStation = await CountAsync("SELECT count(*) FROM \"Admissions\" WHERE \"Status\" = 'InStation'");

        var home = await staff.GetStringAsync("/");

        Assert.Contains($"data-in-station=\"{inStation}\"", home);
        Assert.Contains($"今日在站 {inStation} 人，床位 {Beds} 张", home);
        Assert.DoesNotContain("id=\"occupancy\"", await (await app.SignedInAsync(Roles.Liaison)).GetStringAsync("/"));
    }

    /// <summary>The instant <paramref name="column"/> falls in the test month, on the station's calendar.</summary>
    private static string InMonth(string column) => $"to_char({column} AT TIME ZONE '{Zone}', 'YYYY-MM') = '{Month}'";

    private static void AssertCounts(Dictionary<string, int> expected, JsonElement actual, string[] keys)
    {
        Assert.Equal(keys, actual.EnumerateObject().Select(p => p.Name));
        foreach (var key in keys) Assert.True(expected.GetValueOrDefault(key) == actual.GetProperty(key).GetInt32(), $"{key}: SQL {expected.GetValueOrDefault(key)}, statistics {actual.GetProperty(key)}");
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private async Task<Dictionary<string, int>> GroupedAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1));
        return counts;
    }
}
