using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Data;

/// <summary>A demo station for <c>./rescue run</c>: one user per role and a few records. Never in production.</summary>
public sealed class DemoData(RescueDbContext db, UserAdministration admin, AdmissionRegistry admissions, ChangeOutbox changes, UserManager<RescueUser> users, TimeProvider clock, ILogger<DemoData> log)
{
    public sealed record DemoUser(string Email, string Password, string DisplayName, string Role);

    public const string PoliceAgency = "城东派出所";

    // Fixed, printed passwords: the demo is for trying the app on one's own machine.
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin@demo.rescue", "demo-keys-2026", "系统管理员", Roles.Administrator),
        new("staff@demo.rescue", "demo-desk-2026", "王站务", Roles.StationStaff),
        new("officer@demo.rescue", "demo-cases-2026", "李专员", Roles.CaseOfficer),
        new("liaison@demo.rescue", "demo-field-2026", "张警官", Roles.Liaison),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var station = await db.Stations.OrderBy(s => s.Id).FirstAsync(ct);
        if (station.Name != "示范市救助管理站")
        {
            station.Name = "示范市救助管理站";
            station.DivisionCode = "110101";
        }
        var police = await db.Agencies.FirstOrDefaultAsync(a => a.Name == PoliceAgency, ct);
        if (police is null)
        {
            var id = (await admin.CreateAgencyAsync(new() { Name = PoliceAgency, Kind = AgencyKind.Police, DivisionCode = "110101" }, ct)).Id;
            police = await db.Agencies.FindAsync([id], ct);
            await admin.CreateAgencyAsync(new() { Name = "城管执法大队", Kind = AgencyKind.CityManagement, DivisionCode = "110101" }, ct);
        }

        foreach (var u in Users)
        {
            if (await users.FindByEmailAsync(u.Email) is not null) continue;
            await admin.CreateUserAsync(new()
            {
                Email = u.Email,
                Password = u.Password,
                DisplayName = u.DisplayName,
                Role = u.Role,
                AgencyId = u.Role == Roles.Liaison ? police!.Id : null,
            }, ct);
        }

        var now = clock.GetUtcNow();
        if (!await db.Reports.AnyAsync(ct))
        {
            var report = new DiscoveryReport
            {
                Id = Guid.CreateVersion7(now),
                AgencyId = police!.Id,
                FiledBy = "demo",
                OfficerName = "张警官",
                FoundAt = now.AddHours(-3),
                PlaceText = "人民路与解放路交叉口天桥下",
                DivisionCode = "110101",
                HowFound = HowFound.Patrol,
                Disposition = ReportDisposition.EscortedToStation,
                Sex = Sex.Male,
                EstimatedAgeMin = 60,
                EstimatedAgeMax = 70,
                Description = "老年男性，言语不清，衣着单薄，自称姓刘。",
                Needs = ImmediateNeeds.Elderly | ImmediateNeeds.Medical,
                CreatedAt = now.AddHours(-3),
            };
            db.Reports.Add(report);
            // Demo records are records like any other: the outbox carries them to whatever consumes it.
            changes.Record(RecordKind.Report, report.Id, ChangeKind.Created, "demo");
            await db.SaveChangesAsync(ct);
            await admissions.CreateAsync(new AdmissionForm
            {
                AdmittedAt = now.AddDays(-12),
                Name = new() { Quality = DataQuality.DoesNotKnow },
                Sex = Sex.Female,
                EstimatedAgeMin = 30,
                EstimatedAgeMax = 40,
                HeightCm = 158,
                Dialect = new() { Value = "西南官话", Quality = DataQuality.Partial },
                Marks = [new() { BodyLocation = "左手背", Kind = "烫伤疤痕" }],
                Belongings = [new() { Item = "布包", Quantity = 1 }],
            }, [], "demo", ct);
            // Someone a family is looking for (the demo notice below): the review queue has a candidate on the first start.
            await admissions.CreateAsync(new AdmissionForm
            {
                AdmittedAt = now.AddDays(-5),
                Name = new() { Value = "小明", Quality = DataQuality.Partial },
                HukouPlace = new() { Value = "四川绵阳", Quality = DataQuality.Partial },
                Dialect = new() { Value = "四川话", Quality = DataQuality.Known },
                Sex = Sex.Male,
                EstimatedAgeMin = 62,
                EstimatedAgeMax = 70,
                HeightCm = 167,
                Marks = [new() { BodyLocation = "左手背", Kind = "烫伤疤痕" }],
                MentalState = "反应迟缓，答非所问",
                Disability = "疑似智力残疾",
            }, [], "demo", ct);
        }
        if (!await db.Notices.AnyAsync(ct))
        {
            var noticeId = Guid.CreateVersion7();
            changes.Record(RecordKind.Notice, noticeId, ChangeKind.Created, "demo");
            db.Notices.Add(new MissingPersonNotice
            {
                Id = noticeId,
                MissingPersonName = "陈小明",
                OtherNames = ["小明", "明娃"],
                Sex = Sex.Male,
                DateOfBirth = new PartialDate { Year = 1958 },
                LastSeenOn = new DateOnly(2019, 4, 3),
                LastSeenPlace = "四川省绵阳市游仙区",
                Hometown = "四川省绵阳市",
                Dialect = "四川话",
                HeightCm = 168,
                Disabilities = Disabilities.Intellectual,
                Marks = [new() { BodyLocation = "左手背", Kind = "烫伤疤痕" }],
                ReporterName = "陈丽",
                ReporterRelationship = "女儿",
                ReporterPhone = "13800000000",
                ReporterIdentityChecked = true,
                Source = NoticeSource.WalkIn,
                Status = NoticeStatus.Open,
                CreatedBy = "demo",
                CreatedAt = now.AddDays(-40),
                UpdatedAt = now.AddDays(-40),
            });
        }
        await db.SaveChangesAsync(ct);

        log.LogInformation("Demo data ready. Sign in with one of: {Accounts}",
            string.Join("; ", Users.Select(u => $"{u.Role} {u.Email} / {u.Password}")));
        foreach (var u in Users) Console.WriteLine($"  demo {u.Role,-14} {u.Email,-22} password {u.Password}");
    }
}
