using System.Security.Claims;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Audit;

/// <summary>
/// Records reads and changes of a person's data. A change's entry is added to the same unit of work,
/// so it commits or fails with the change; a read's entry is written at once.
/// </summary>
public sealed class AuditLog(RescueDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>Adds an entry to the pending changes; the caller's SaveChanges writes it.</summary>
    public void Add(AuditAction action, string subject, object subjectId, string? detail = null) =>
        db.AuditLog.Add(Entry(action, subject, subjectId, detail));

    /// <summary>Writes a read entry now, on its own.</summary>
    public async Task RecordReadAsync(string subject, object subjectId, string? detail, CancellationToken ct)
    {
        db.AuditLog.Add(Entry(AuditAction.Read, subject, subjectId, detail));
        await db.SaveChangesAsync(ct);
    }

    private AuditEntry Entry(AuditAction action, string subject, object subjectId, string? detail)
    {
        var context = http.HttpContext;
        var user = context?.User ?? new ClaimsPrincipal();
        return new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "system",
            ActorName = user.FindFirstValue(RescueClaims.DisplayName) ?? user.Identity?.Name ?? "system",
            Action = action,
            Subject = subject,
            SubjectId = subjectId.ToString() ?? "",
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
            RemoteAddress = context?.Connection.RemoteIpAddress?.ToString(),
            CorrelationId = context?.TraceIdentifier,
        };
    }
}
