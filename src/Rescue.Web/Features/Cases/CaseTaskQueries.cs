using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>The open deadlines as the inboxes and a stay's page show them.</summary>
public sealed class CaseTaskQueries(RescueDbContext db, StationClock clock)
{
    /// <summary>How far ahead a task counts as due soon.</summary>
    public static readonly TimeSpan DueSoon = TimeSpan.FromDays(2);

    /// <summary>The open tasks of <paramref name="roles"/>, overdue first, then by due time.</summary>
    public async Task<List<TaskItem>> InboxAsync(IReadOnlyCollection<string> roles, int take, CancellationToken ct)
    {
        var rows = await db.CaseTasks.AsNoTracking().Where(t => t.ClosedAt == null && roles.Contains(t.Role)).OrderBy(t => t.DueAt).Take(take)
            .Select(t => new { Task = t, CaseNumber = db.Admissions.Where(a => a.Id == t.AdmissionId).Select(a => a.CaseNumber).Single() })
            .ToListAsync(ct);
        return rows.Select(r => Item(r.Task, r.CaseNumber)).ToList();
    }

    /// <summary>A stay's tasks, open and closed, by due time.</summary>
    public async Task<List<TaskItem>> ForAdmissionAsync(Guid admissionId, CancellationToken ct)
    {
        var caseNumber = await db.Admissions.AsNoTracking().Where(a => a.Id == admissionId).Select(a => a.CaseNumber).SingleOrDefaultAsync(ct) ?? "";
        var tasks = await db.CaseTasks.AsNoTracking().Where(t => t.AdmissionId == admissionId).OrderBy(t => t.DueAt).ToListAsync(ct);
        return tasks.Select(t => Item(t, caseNumber)).ToList();
    }

    /// <summary>The open tasks past their due time now: how many of each kind and role, and the one overdue longest.</summary>
    public async Task<OverdueTasksSummary> OverdueAsync(CancellationToken ct)
    {
        var now = clock.Now;
        var overdue = db.CaseTasks.AsNoTracking().Where(t => t.ClosedAt == null && t.DueAt < now);
        var counts = await overdue.GroupBy(t => new { t.Kind, t.Role }).Select(g => new { g.Key.Kind, g.Key.Role, Count = g.Count() }).ToListAsync(ct);
        var oldest = await overdue.OrderBy(t => t.DueAt).ThenBy(t => t.Id)
            .Select(t => new { Task = t, CaseNumber = db.Admissions.Where(a => a.Id == t.AdmissionId).Select(a => a.CaseNumber).Single() })
            .FirstOrDefaultAsync(ct);
        return new(clock.DateOf(now), now, counts.Sum(c => c.Count),
            [.. counts.OrderBy(c => c.Kind).ThenBy(c => c.Role, StringComparer.Ordinal).Select(c => new OverdueCount(c.Kind, c.Role, c.Count))],
            oldest is null ? null : Item(oldest.Task, oldest.CaseNumber));
    }

    private TaskItem Item(CaseTask t, string caseNumber)
    {
        var now = clock.Now;
        var endOfToday = clock.StartOf(clock.Today.AddDays(1))!.Value;
        var standing = t.ClosedAt is not null ? TaskStanding.Closed
            : now > t.DueAt ? TaskStanding.Overdue
            : t.DueAt <= endOfToday ? TaskStanding.DueToday
            : t.DueAt - now <= DueSoon ? TaskStanding.DueSoon
            : TaskStanding.Open;
        return new(t.Id, t.AdmissionId, caseNumber, t.Kind, t.Role, t.DueAt, standing, standing == TaskStanding.Overdue, t.ClosedAt, t.Cancelled);
    }
}

public enum TaskStanding
{
    Open = 1,

    /// <summary>Due within <see cref="CaseTaskQueries.DueSoon"/>, after today.</summary>
    DueSoon = 2,

    Overdue = 3,
    Closed = 4,

    /// <summary>Due before the end of the station's day.</summary>
    DueToday = 5,
}

public sealed record TaskItem(
    Guid Id, Guid AdmissionId, string CaseNumber, CaseTaskKind Kind, string Role, DateTimeOffset DueAt, TaskStanding Standing,
    bool Overdue, DateTimeOffset? ClosedAt, bool Cancelled);

/// <summary>The open tasks past their due time at <see cref="At"/> (the station's <see cref="Day"/>), by kind and role, and the oldest.</summary>
public sealed record OverdueTasksSummary(DateOnly Day, DateTimeOffset At, int Total, IReadOnlyList<OverdueCount> Counts, TaskItem? Oldest);

public sealed record OverdueCount(CaseTaskKind Kind, string Role, int Count);
