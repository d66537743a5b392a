using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

/// <summary>
/// The monthly statistics of a generated month (October 2026, with stays across both of its ends) against counts each
/// taken here by a query of its own, written without the service's SQL: local months by <c>to_char</c>, ages by adding
/// years to the date of birth, nights by time ranges.
/// </summary>
public class StatisticsTests(RescueApp app) : IClassFixture<RescueApp>
{
    private const string Month = "2026-10";
    private const string Zone = "Asia/Shanghai";
    private const int Beds = 60;

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

    /// <summary>
    /// A realistic month of a station, written straight through the DbContext from a seeded random: about 200 stays of
    /// 130 people (some come back), from two months before October to a few days after it; reports from the police and
    /// city management or none; exits of every kind, reunions by every verification; stranded people at day 10, hukou
    /// registrations; each stay's deadlines met, missed, left open or cancelled. Written once per database.
    /// </summary>
    internal static class StationMonth
    {
        private static readonly SemaphoreSlim Lock = new(1, 1);

        public static async Task GenerateAsync(RescueApp app)
        {
            await Lock.WaitAsync();
            try
            {
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
                if (await db.Admissions.AnyAsync(a => a.CaseNumber.StartsWith("TJ-"))) return;
                await WriteAsync(db, app.Clock.GetUtcNow());
            }
            finally
            {
                Lock.Release();
            }
        }

        private static async Task WriteAsync(RescueDbContext db, DateTimeOffset now)
        {
            var random = new Random(20261001);
            var offset = TimeSpan.FromHours(8);
            // Stored in UTC, as the app stores every instant.
            var monthStart = new DateTimeOffset(2026, 10, 1, 0, 0, 0, offset).ToUniversalTime();
            var monthEnd = new DateTimeOffset(2026, 11, 1, 0, 0, 0, offset).ToUniversalTime();
            var police = new Agency { Id = Guid.NewGuid(), Name = "统计测试派出所", Kind = AgencyKind.Police, CreatedAt = now };
            var city = new Agency { Id = Guid.NewGuid(), Name = "统计测试城管中队", Kind = AgencyKind.CityManagement, CreatedAt = now };
            db.Agencies.AddRange(police, city);
            (await db.CasePolicies.SingleAsync()).BedCapacity = Beds;

            var people = Enumerable.Range(0, 130).Select(_ => new Person { Id = Guid.NewGuid(), CreatedAt = monthStart.AddDays(-70) }).ToList();
            db.People.AddRange(people);
            // The edges of the month: just before it, its first instant, its last minute, the next month's first instant.
            DateTimeOffset[] edges = [monthStart.AddMinutes(-1), monthStart, monthEnd.AddMinutes(-1), monthEnd];
            var exitKinds = Enum.GetValues<ExitKind>();
            var verifications = Enum.GetValues<ReunionVerification>();
            var exits = 0;
            for (var i = 0; i < 200; i++)
            {
                var admittedAt = i < edges.Length ? edges[i] : monthStart.AddMinutes(random.Next(-60 * 24 * 60, 36 * 24 * 60));
                var person = people[i < people.Count ? i : random.Next(people.Count)];
                var admission = new Admission
                {
                    Id = Guid.NewGuid(),
                    CaseNumber = $"TJ-2026-{i:D6}",
                    PersonId = person.Id,
                    AdmittedAt = admittedAt,
                    Sex = (Sex)(i % 3),
                    CreatedBy = "statistics-test",
                    CreatedAt = admittedAt,
                    UpdatedAt = admittedAt,
                };
                var localDay = DateOnly.FromDateTime(admittedAt.ToOffset(offset).DateTime);
                switch (i % 6)
                {
                    case 0: admission.DateOfBirth = localDay.AddYears(-18); break; // 18 today
                    case 1: admission.DateOfBirth = localDay.AddYears(-18).AddDays(1); break; // 18 tomorrow
                    case 2: admission.DateOfBirth = localDay.AddYears(-random.Next(5, 90)).AddDays(-random.Next(365)); break;
                    case 3:
                        admission.EstimatedAgeMin = random.Next(10, 70);
                        admission.EstimatedAgeMax = admission.EstimatedAgeMin + random.Next(0, 15);
                        break;
                    case 4: if (random.Next(2) == 0) admission.EstimatedAgeMin = random.Next(10, 80); else admission.EstimatedAgeMax = random.Next(10, 80); break;
                }
                db.Admissions.Add(admission);

                var agency = (i % 3) switch { 0 => police, 1 => city, _ => null };
                if (agency is not null)
                {
                    var report = new DiscoveryReport
                    {
                        Id = Guid.NewGuid(),
                        AgencyId = agency.Id,
                        FiledBy = "statistics-test",
                        OfficerName = "测试",
                        FoundAt = admittedAt.AddHours(-2),
                        PlaceText = "人民路",
                        HowFound = HowFound.Patrol,
                        Disposition = ReportDisposition.EscortedToStation,
                        Sex = admission.Sex,
                        Description = "生成的报告",
                        Status = ReportStatus.Admitted,
                        AdmissionId = admission.Id,
                        CreatedAt = admittedAt.AddHours(-2),
                    };
                    db.Reports.Add(report);
                    admission.ReportId = report.Id;
                }

                // Seven stays in ten leave, after an hour to fifty days; none before it has begun, none in the future.
                DateTimeOffset? exitedAt = random.NextDouble() < 0.7 ? admittedAt.AddMinutes(random.Next(60, 50 * 24 * 60)) : null;
                if (exitedAt > now) exitedAt = null;
                if (exitedAt is { } exited)
                {
                    // Every kind in turn, reunions twice as often: the families found are what a station reports most.
                    var kind = exits % (exitKinds.Length + 1) is var k && k < exitKinds.Length ? exitKinds[k] : ExitKind.Reunion;
                    exits++;
                    db.StayExits.Add(new StayExit
                    {
                        Id = Guid.NewGuid(),
                        AdmissionId = admission.Id,
                        Kind = kind,
                        ExitedAt = exited,
                        VerifiedBy = kind == ExitKind.Reunion ? verifications[random.Next(verifications.Length)] : null,
                        CreatedBy = "statistics-test",
                        CreatedAt = exited,
                    });
                    admission.Status = AdmissionStatus.Exited;
                }

                var strandedAt = admittedAt.AddDays(10);
                var stranded = strandedAt < now && (exitedAt is null || exitedAt > strandedAt);
                if (stranded)
                {
                    db.StayEvents.Add(new StayEvent
                    {
                        Id = Guid.NewGuid(),
                        AdmissionId = admission.Id,
                        Kind = StayEventKind.StageChanged,
                        FromStage = StayStage.InCare,
                        ToStage = StayStage.Stranded,
                        At = strandedAt,
                        ActorId = "system",
                        ActorName = "滞留检查",
                    });
                    admission.Stage = StayStage.Stranded;
                    if (random.Next(3) == 0)
                    {
                        db.SettlementSteps.Add(new SettlementStep
                        {
                            Id = Guid.NewGuid(),
                            AdmissionId = admission.Id,
                            Kind = SettlementStepKind.HukouRegistered,
                            On = DateOnly.FromDateTime(strandedAt.ToOffset(offset).DateTime).AddDays(random.Next(0, 30)),
                            Office = "城东派出所户籍室",
                            CreatedBy = "statistics-test",
                            CreatedAt = strandedAt,
                        });
                    }
                }

                List<(CaseTaskKind, DateTimeOffset)> deadlines = [(CaseTaskKind.ReceptionCheck, admittedAt.AddHours(24)), (CaseTaskKind.DnaRequest, admittedAt.AddDays(9))];
                if (stranded) deadlines.Add((CaseTaskKind.StrandedReview, strandedAt.AddDays(7)));
                foreach (var (kind, due) in deadlines)
                {
                    var task = new CaseTask { Id = Guid.NewGuid(), AdmissionId = admission.Id, Kind = kind, Role = CaseTaskRoles.Of(kind), CreatedAt = admittedAt, DueAt = due };
                    switch (random.Next(5))
                    {
                        case 0: task.ClosedAt = due.AddHours(-random.Next(1, 20)); break; // met
                        case 1: task.ClosedAt = due; break; // met at the last moment
                        case 2: task.ClosedAt = due.AddHours(random.Next(1, 72)); break; // late
                        case 3: break; // left open
                        default: task.Cancelled = true; task.ClosedAt = due.AddHours(-1); break;
                    }
                    if (task.ClosedAt > now) task.ClosedAt = null;
                    db.CaseTasks.Add(task);
                }
            }
            await db.SaveChangesAsync();
        }
    }
}
