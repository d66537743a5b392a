using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Changes;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// The one writer of <see cref="CaseTask"/>s. Follows the change outbox for admissions: a new stay gets its reception
/// check and its DNA request, with the periods of the station's <see cref="CasePolicy"/> as it stands then (24 hours and
/// 7 working days by default, on <see cref="WorkingCalendars"/>); a stay that ends or whose
/// person is identified has its open tasks cancelled. The work a task asks for closes it (<see cref="Close"/>), in the
/// transaction of that work.
/// </summary>
public sealed class CaseDeadlines(RescueDbContext db, StationClock clock, WorkingCalendars calendars, CasePolicies policies, ChangeOutbox outbox) : IChangeConsumer
{
    public static string Consumer => "deadlines";

    public async Task HandleAsync(IReadOnlyList<Change> page, ChangeCursor cursor, CancellationToken ct)
    {
        var ids = page.Where(c => c.RecordKind == RecordKind.Admission).Select(c => c.RecordId).ToHashSet();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var admissions = await db.Admissions.Include(a => a.Person).Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        var tasks = (await db.CaseTasks.Where(t => ids.Contains(t.AdmissionId)).ToListAsync(ct)).ToLookup(t => t.AdmissionId);
        var now = clock.Now;
        var policy = await policies.CurrentAsync(ct);
        var calendar = await calendars.CurrentAsync(db, ct);
        foreach (var admission in admissions)
        {
            var own = tasks[admission.Id].ToList();
            if (admission.Status == AdmissionStatus.Exited || Admission.IdentityEstablished(admission))
            {
                foreach (var task in own.Where(t => t.ClosedAt is null))
                {
                    task.ClosedAt = now;
                    task.Cancelled = true;
                }
                continue;
            }
            if (own.Count == 0)
            {
                Open(admission.Id, CaseTaskKind.ReceptionCheck, admission.AdmittedAt + TimeSpan.FromHours(policy.ReceptionCheckHours), now);
                Open(admission.Id, CaseTaskKind.DnaRequest, EndOf(calendar.AddWorkingDays(clock.DateOf(admission.AdmittedAt), policy.DnaRequestWorkingDays)), now);
            }
        }
        await outbox.SaveCursorAsync(Consumer, cursor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Closes the stay's open task of <paramref name="kind"/> as done by <paramref name="actorId"/>; the caller saves.</summary>
    public async Task CloseAsync(Guid admissionId, CaseTaskKind kind, string actorId, CancellationToken ct)
    {
        var task = await db.CaseTasks.SingleOrDefaultAsync(t => t.AdmissionId == admissionId && t.Kind == kind && t.ClosedAt == null, ct);
        if (task is null) return;
        task.ClosedAt = clock.Now;
        task.ClosedBy = actorId;
    }

    /// <summary>Opens a task the work of another one calls for (the DNA result after the request); the caller saves.</summary>
    public async Task OpenAsync(Guid admissionId, CaseTaskKind kind, DateTimeOffset dueAt, CancellationToken ct)
    {
        if (await db.CaseTasks.AnyAsync(t => t.AdmissionId == admissionId && t.Kind == kind, ct)) return;
        Open(admissionId, kind, dueAt, clock.Now);
    }

    /// <summary>The end of a station day: a deadline counted in days runs to its last minute.</summary>
    public DateTimeOffset EndOf(DateOnly day) => clock.StartOf(day.AddDays(1))!.Value.ToUniversalTime();

    private void Open(Guid admissionId, CaseTaskKind kind, DateTimeOffset dueAt, DateTimeOffset now) =>
        db.CaseTasks.Add(new CaseTask
        {
            Id = Guid.CreateVersion7(now),
            AdmissionId = admissionId,
            Kind = kind,
            Role = CaseTaskRoles.Of(kind),
            CreatedAt = now,
            DueAt = dueAt,
        });
}
