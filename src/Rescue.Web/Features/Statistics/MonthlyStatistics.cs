using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Cases;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Statistics;

/// <summary>
/// Computes a month's <see cref="MonthlyFigures"/> in one SQL statement (every figure a grouped count, nothing counted
/// in memory) and the policy's bed capacity; and today's occupancy for the home page.
/// </summary>
public sealed class MonthlyStatistics(RescueDbContext db, CasePolicies policies, StationClock clock)
{
    /// <summary>How the figures are written as JSON, by the API and the command line alike: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>The month before the station's today: what a station reports at the start of a month.</summary>
    public StatisticsMonth LastMonth => StatisticsMonth.Of(clock.Today.AddMonths(-1));

    public async Task<MonthlyFigures> ForMonthAsync(StatisticsMonth month, CancellationToken ct)
    {
        var start = clock.StartOf(month.FirstDay)!.Value.ToUniversalTime();
        var end = clock.StartOf(month.LastDay.AddDays(1))!.Value.ToUniversalTime();
        var now = clock.Now.ToUniversalTime();
        // A night counts once it is over. Its census is the local midnight that ends the day: a stay admitted before it
        // and not gone before it (leaving at midnight itself, the person slept there).
        var nights = Enumerable.Range(0, month.LastDay.Day)
            .Select(i => (Day: month.FirstDay.AddDays(i), Census: clock.StartOf(month.FirstDay.AddDays(i + 1))!.Value.ToUniversalTime()))
            .Where(n => n.Census <= now)
            .ToList();
        DateOnly[] days = [.. nights.Select(n => n.Day)];
        DateTimeOffset[] censuses = [.. nights.Select(n => n.Census)];
        var zone = clock.TimeZoneName;

        var rows = await db.Database.SqlQuery<FigureRow>($"""
            WITH stays AS (
                SELECT a."Id", a."PersonId", a."ReportId", a."Sex", a."DateOfBirth", a."EstimatedAgeMin", a."EstimatedAgeMax",
                       (a."AdmittedAt" AT TIME ZONE {zone})::date AS "AdmittedOn"
                FROM "Admissions" a
                WHERE a."AdmittedAt" >= {start} AND a."AdmittedAt" < {end}
            ),
            aged AS (
                SELECT CASE
                    WHEN s."DateOfBirth" IS NOT NULL THEN date_part('year', age(s."AdmittedOn", s."DateOfBirth"))
                    WHEN s."EstimatedAgeMin" IS NOT NULL AND s."EstimatedAgeMax" IS NOT NULL THEN (s."EstimatedAgeMin" + s."EstimatedAgeMax") / 2.0
                    ELSE coalesce(s."EstimatedAgeMin", s."EstimatedAgeMax")
                END AS "Age"
                FROM stays s
            ),
            nights AS (
                SELECT n."Day", n."Census" FROM unnest({days}::date[], {censuses}::timestamptz[]) AS n("Day", "Census")
            ),
            present AS (
                -- Only the stays the month's nights can hold: admitted before its last census, not gone before its first.
                SELECT a."AdmittedAt", x."ExitedAt"
                FROM "Admissions" a LEFT JOIN "StayExits" x ON x."AdmissionId" = a."Id"
                WHERE a."AdmittedAt" < {end} AND (x."ExitedAt" IS NULL OR x."ExitedAt" > {start})
            )
            SELECT 'Admissions' AS "Section", 'PersonTimes' AS "Key", count(*)::int AS "Count" FROM stays
            UNION ALL SELECT 'Admissions', 'Persons', count(DISTINCT s."PersonId")::int FROM stays s
            UNION ALL
            SELECT 'Source', CASE
                    WHEN s."ReportId" IS NULL THEN 'Self'
                    WHEN g."Kind" = 'Police' THEN 'Police'
                    WHEN g."Kind" = 'CityManagement' THEN 'CityManagement'
                    ELSE 'Other' END, count(*)::int
            FROM stays s LEFT JOIN "Reports" r ON r."Id" = s."ReportId" LEFT JOIN "Agencies" g ON g."Id" = r."AgencyId"
            GROUP BY 2
            UNION ALL
            SELECT 'Age', CASE
                    WHEN d."Age" IS NULL THEN 'Unknown'
                    WHEN d."Age" < 18 THEN 'Under18'
                    WHEN d."Age" < 60 THEN 'From18To59'
                    ELSE 'From60' END, count(*)::int
            FROM aged d GROUP BY 2
            UNION ALL SELECT 'Sex', s."Sex", count(*)::int FROM stays s GROUP BY 2
            UNION ALL
            SELECT 'Night', to_char(n."Day", 'YYYY-MM-DD'), count(p."AdmittedAt")::int
            FROM nights n LEFT JOIN present p ON p."AdmittedAt" < n."Census" AND (p."ExitedAt" IS NULL OR p."ExitedAt" >= n."Census")
            GROUP BY n."Day"
            UNION ALL
            SELECT 'Exit', x."Kind", count(*)::int FROM "StayExits" x
            WHERE x."ExitedAt" >= {start} AND x."ExitedAt" < {end} GROUP BY 2
            UNION ALL
            SELECT 'Reunion', x."VerifiedBy", count(*)::int FROM "StayExits" x
            WHERE x."Kind" = 'Reunion' AND x."VerifiedBy" IS NOT NULL AND x."ExitedAt" >= {start} AND x."ExitedAt" < {end} GROUP BY 2
            UNION ALL
            SELECT 'Stranded', 'AtMonthEnd', count(DISTINCT e."AdmissionId")::int FROM "StayEvents" e
            WHERE e."ToStage" = 'Stranded' AND e."At" < {end}
              AND NOT EXISTS (SELECT 1 FROM "StayExits" x WHERE x."AdmissionId" = e."AdmissionId" AND x."ExitedAt" < {end})
            UNION ALL
            SELECT 'Settlement', 'HukouRegistered', count(*)::int FROM "SettlementSteps" s
            WHERE s."Kind" = 'HukouRegistered' AND s."On" >= {month.FirstDay} AND s."On" <= {month.LastDay}
            UNION ALL
            SELECT 'Deadline', t."Kind" || '.' || CASE
                    WHEN t."ClosedAt" <= t."DueAt" THEN 'Met'
                    WHEN t."ClosedAt" IS NOT NULL OR t."DueAt" < {now} THEN 'Missed'
                    ELSE 'Open' END, count(*)::int
            FROM "CaseTasks" t
            WHERE NOT t."Cancelled" AND t."DueAt" >= {start} AND t."DueAt" < {end}
            GROUP BY 2
            """).ToListAsync(ct);
        var capacity = (await policies.CurrentAsync(ct)).BedCapacity;
        return Assemble(month, rows, capacity);
    }

    /// <summary>Who is in the station now against the beds, for the home page.</summary>
    public async Task<TodayOccupancy> TodayAsync(CancellationToken ct)
    {
        var inStation = await db.Admissions.CountAsync(a => a.Status == AdmissionStatus.InStation, ct);
        var capacity = (await policies.CurrentAsync(ct)).BedCapacity;
        return new TodayOccupancy(inStation, capacity, capacity is { } beds ? (double)inStation / beds : null);
    }

    private static MonthlyFigures Assemble(StatisticsMonth month, List<FigureRow> rows, int? capacity)
    {
        int One(string section, string key) => rows.Where(r => r.Section == section && r.Key == key).Sum(r => r.Count);
        Dictionary<T, int> ByName<T>(string section) where T : struct, Enum =>
            Enum.GetValues<T>().ToDictionary(v => v, v => One(section, v.ToString()));

        var nights = rows.Where(r => r.Section == "Night")
            .Select(r => new NightCount(DateOnly.ParseExact(r.Key, "yyyy-MM-dd"), r.Count))
            .OrderBy(n => n.Day)
            .ToList();
        var personNights = nights.Sum(n => n.InStation);
        var peak = nights.Count == 0 ? 0 : nights.Max(n => n.InStation);
        var occupancy = new OccupancyFigures(capacity, nights, personNights, peak,
            capacity is { } beds && nights.Count > 0 ? (double)personNights / (beds * nights.Count) : null,
            capacity is { } seats ? (double)peak / seats : null);

        return new MonthlyFigures(
            month.ToString(),
            month.FirstDay,
            month.LastDay,
            new AdmissionFigures(One("Admissions", "PersonTimes"), One("Admissions", "Persons"),
                ByName<AdmissionSource>("Source"), ByName<AgeGroup>("Age"), ByName<Sex>("Sex")),
            occupancy,
            ByName<ExitKind>("Exit"),
            ByName<ReunionVerification>("Reunion"),
            One("Stranded", "AtMonthEnd"),
            One("Settlement", "HukouRegistered"),
            [.. Enum.GetValues<CaseTaskKind>().Select(k => new DeadlineFigures(k, One("Deadline", $"{k}.Met"), One("Deadline", $"{k}.Missed"), One("Deadline", $"{k}.Open")))]);
    }

    /// <summary>One grouped count of the statement: which figure, which value of it, how many.</summary>
    private sealed record FigureRow(string Section, string Key, int Count);
}

/// <summary>Today's occupancy: who is in the station against the beds (no rate until the capacity is set).</summary>
public sealed record TodayOccupancy(int InStation, int? BedCapacity, double? Rate);
