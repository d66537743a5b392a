using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Data;

/// <summary>A demo station for <c>./rescue run</c>: one user per role and a few records. Never in production.</summary>
public sealed class DemoData(RescueDbContext db, UserAdministration admin, UserManager<RescueUser> users, TimeProvider clock, ILogger<DemoData> log)
{
    public sealed record DemoUser(string Email, string Password, string DisplayName, string Role);

    public const string PoliceAgency = "城东派出所";

    // Fixed, printed passwords: the demo is for trying the app on one's own machine.
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin@demo.rescue", "demo-admin-2026", "系统管理员", Roles.Administrator),
        new("staff@demo.rescue", "demo-staff-2026", "王站务", Roles.StationStaff),
        new("officer@demo.rescue", "demo-officer-2026", "李专员", Roles.CaseOfficer),
        new("liaison@demo.rescue", "demo-liaison-2026", "张警官", Roles.Liaison),
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
        if (!await db.Admissions.AnyAsync(ct))
        {
            db.Admissions.AddRange(
                new Admission { Id = Guid.CreateVersion7(), CaseNumber = $"JZ-{now.Year}-000001", NameAsTold = "不详", AdmittedAt = now.AddDays(-12) },
                new Admission { Id = Guid.CreateVersion7(), CaseNumber = $"JZ-{now.Year}-000002", NameAsTold = "刘某", AdmittedAt = now.AddHours(-5) });
        }
        if (!await db.Notices.AnyAsync(ct))
        {
            db.Notices.Add(new MissingPersonNotice { Id = Guid.CreateVersion7(), MissingPersonName = "陈小明", Status = NoticeStatus.Open, CreatedAt = now.AddDays(-40) });
        }
        await db.SaveChangesAsync(ct);

        log.LogInformation("Demo data ready. Sign in with one of: {Accounts}",
            string.Join("; ", Users.Select(u => $"{u.Role} {u.Email} / {u.Password}")));
        foreach (var u in Users) Console.WriteLine($"  demo {u.Role,-14} {u.Email,-22} password {u.Password}");
    }
}
