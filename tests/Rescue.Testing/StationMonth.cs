using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Testing;

/// <summary>
/// A realistic month of a station, written straight through the DbContext from a seeded random: about 200 stays of
/// 130 people (some come back), from two months before October to a few days after it; reports from the police and
/// city management or none; exits of every kind, reunions by every verification; stranded people at day 10, hukou
/// registrations; each stay's deadlines met, missed, left open or cancelled. Written once per database.
/// </summary>
public static class StationMonth
{
    /// <summary>The month generated, as the statistics name it.</summary>
    public const string Month = "2026-10";

    /// <summary>The beds the generated station has.</summary>
    public const int Beds = 100;

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
