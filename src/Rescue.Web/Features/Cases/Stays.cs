using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// The one writer of a stay's stage and exit: each move is checked against <see cref="StayStages"/>, and leaves a
/// <see cref="StayEvent"/> (who, when, why), an audit entry and a change-outbox row in the caller's transaction.
/// </summary>
public sealed class Stays(RescueDbContext db, StationClock clock, AuditLog audit, ChangeOutbox outbox)
{
    /// <summary>Moves the stay to <paramref name="to"/>; refuses a move the rules do not allow. The caller saves.</summary>
    public void Move(Admission admission, StayStage to, Actor actor, string? reason)
    {
        if (admission.Status == AdmissionStatus.Exited)
        {
            throw new TransitionRefusedException(UiText.Format("Err.Stay.Ended"), "stage");
        }
        if (!StayStages.Next[admission.Stage].Contains(to))
        {
            throw new TransitionRefusedException(UiText.Format("Err.Stay.StageChange", UiText.Format("StayStage." + admission.Stage), UiText.Format("StayStage." + to)), "stage");
        }
        var from = admission.Stage;
        var now = clock.Now;
        admission.Stage = to;
        admission.UpdatedAt = now;
        Record(admission.Id, StayEventKind.StageChanged, from, to, null, actor, reason, now);
        audit.Add(AuditAction.Update, nameof(Admission), admission.Id, $"stage {from} → {to}");
        outbox.Record(RecordKind.Admission, admission.Id, ChangeKind.StatusChanged, ChangeOutbox.Move(from, to));
    }

    /// <summary>Adds a line to the stay's history; the caller saves.</summary>
    public void Record(Guid admissionId, StayEventKind kind, StayStage? from, StayStage? to, ExitKind? exit, Actor actor, string? reason, DateTimeOffset at) =>
        db.StayEvents.Add(new StayEvent
        {
            Id = Guid.CreateVersion7(at),
            AdmissionId = admissionId,
            Kind = kind,
            FromStage = from,
            ToStage = to,
            ExitKind = exit,
            At = at,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        });

    /// <summary>The stay's history, oldest first.</summary>
    public Task<List<StayEvent>> HistoryAsync(Guid admissionId, CancellationToken ct) =>
        db.StayEvents.AsNoTracking().Where(e => e.AdmissionId == admissionId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
}
