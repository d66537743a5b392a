using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// The one writer of a stay's stage and exit: each move is checked against <see cref="StayStages"/>, and leaves a
/// <see cref="StayEvent"/> (who, when, why), an audit entry and a change-outbox row in the caller's transaction. The
/// reception check, the start of care, the stranded review and the exit close the tasks they answer; the time-driven
/// moves (stranded at day 10, the settlement-eligibility task at day 90) are <see cref="SweepAsync"/>'s.
/// </summary>
public sealed class Stays(RescueDbContext db, StationClock clock, AuditLog audit, ChangeOutbox outbox, CaseDeadlines deadlines,
    CasePolicies policies, WorkingCalendars calendars, NoticeRegistry notices, SealedFields sealedFields)
{
    /// <summary>The stay's stage, history and exit; the relative's document number only for case officers, the read audited.</summary>
    public async Task<StayView?> GetAsync(Guid admissionId, bool withDocument, CancellationToken ct)
    {
        var admission = await db.Admissions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == admissionId, ct);
        if (admission is null) return null;
        var exit = (await db.StayExits.AsNoTracking().SingleOrDefaultAsync(e => e.AdmissionId == admissionId, ct))?.Open(sealedFields);
        if (exit?.RelativeDocumentNumber is { } number)
        {
            if (withDocument) await audit.RecordReadAsync(nameof(StayExit), exit.Id, "relative's identity document", ct);
            else exit.RelativeDocumentNumber = TextRules.Masked(number, 2);
        }
        return new StayView(admission.Id, admission.Status, admission.Stage, admission.Placement, admission.CannotTravelAlone,
            MustBeEscorted(admission, clock.Today), admission.Belongings, exit, await HistoryAsync(admissionId, ct));
    }

    /// <summary>The initial check: registered for care, or referred to hospital or the police (which ends the stay).</summary>
    public async Task<StayView?> CheckReceptionAsync(Guid admissionId, ReceptionCheckForm form, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(admissionId, ct);
        var admission = await db.Admissions.Include(a => a.Person).SingleOrDefaultAsync(a => a.Id == admissionId, ct);
        if (admission is null) return null;
        if (admission.Stage != StayStage.Reception)
        {
            throw new TransitionRefusedException(UiText.Format("Err.Reception.Done"), "outcome");
        }
        var now = clock.Now;
        admission.CannotTravelAlone = form.CannotTravelAlone;
        Record(admission.Id, StayEventKind.ReceptionCheck, StayStage.Reception, null, null, actor,
            string.Join("：", new[] { UiText.Format("ReceptionOutcome." + form.Outcome), form.Reason?.Trim() }.Where(p => !string.IsNullOrEmpty(p))), now);
        await deadlines.CloseAsync(admission.Id, CaseTaskKind.ReceptionCheck, actor.Id, ct);
        if (form.Outcome == ReceptionOutcome.Register)
        {
            Move(admission, StayStage.Registered, actor, form.Reason);
        }
        else
        {
            var kind = form.Outcome == ReceptionOutcome.Hospital ? ExitKind.Hospital : ExitKind.Transfer;
            Leave(admission, new ExitForm { Kind = kind, Reason = form.Reason, Destination = form.Destination }, actor, now);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(admissionId, false, ct);
    }

    /// <summary>A registered person moves into ordinary in-station care.</summary>
    public async Task<StayView?> StartCareAsync(Guid admissionId, Actor actor, CancellationToken ct)
    {
        var admission = await db.Admissions.SingleOrDefaultAsync(a => a.Id == admissionId, ct);
        if (admission is null) return null;
        Move(admission, StayStage.InCare, actor, null);
        await db.SaveChangesAsync(ct);
        return await GetAsync(admissionId, false, ct);
    }

    /// <summary>The stranded review decides the placement (it may be reviewed again later); closes the review task.</summary>
    public async Task<StayView?> ReviewStrandedAsync(Guid admissionId, StrandedReviewForm form, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        var admission = await db.Admissions.SingleOrDefaultAsync(a => a.Id == admissionId, ct);
        if (admission is null) return null;
        if (admission.Status == AdmissionStatus.Exited) throw new TransitionRefusedException(UiText.Format("Err.Stay.Ended"), "placement");
        if (admission.Stage < StayStage.Stranded) throw new TransitionRefusedException(UiText.Format("Err.Stay.NotStranded"), "placement");
        var now = clock.Now;
        admission.Placement = form.Placement;
        admission.UpdatedAt = now;
        Record(admission.Id, StayEventKind.StrandedReview, admission.Stage, admission.Stage, null, actor,
            string.Join("：", new[] { UiText.Format("Placement." + form.Placement), form.Reason?.Trim() }.Where(p => !string.IsNullOrEmpty(p))), now);
        await deadlines.CloseAsync(admission.Id, CaseTaskKind.StrandedReview, actor.Id, ct);
        audit.Add(AuditAction.Update, nameof(Admission), admission.Id, $"placement {form.Placement}");
        outbox.Record(RecordKind.Admission, admission.Id, ChangeKind.Updated, "placement");
        await db.SaveChangesAsync(ct);
        return await GetAsync(admissionId, false, ct);
    }

    /// <summary>
    /// Ends the stay by <paramref name="form"/>'s kind, refusing what the rules forbid with the rule named: self-departure
    /// only at the policy's age (16) or over, not for a person who must be escorted, with the declaration signed, every
    /// belonging handed back, a ticket, and cash within the limit with a receipt; a minor or a person who cannot travel
    /// alone returns home only escorted. A reunion establishes the identity and closes the family's notice as found; the
    /// announcement is withdrawn and the open tasks cancelled by their followers of the outbox.
    /// </summary>
    public async Task<StayView?> ExitAsync(Guid admissionId, ExitForm form, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(admissionId, ct);
        var admission = await db.Admissions.Include(a => a.Person).ThenInclude(p => p.Admissions).SingleOrDefaultAsync(a => a.Id == admissionId, ct);
        if (admission is null) return null;
        var policy = await policies.CurrentAsync(ct);
        var now = clock.Now;
        var exitedAt = (form.ExitedAt ?? now).ToUniversalTime();
        // A time typed to the minute in the minute of the admission itself means "just after it".
        if (exitedAt < admission.AdmittedAt && exitedAt > admission.AdmittedAt.AddMinutes(-1)) exitedAt = admission.AdmittedAt;
        var errors = new Dictionary<string, string[]>();
        if (admission.Status == AdmissionStatus.Exited) throw new TransitionRefusedException(UiText.Format("Err.Stay.Ended"), "kind");
        if (exitedAt < admission.AdmittedAt) errors["exitedAt"] = [UiText.Format("Err.Exit.BeforeAdmission")];
        var day = clock.DateOf(exitedAt);
        var mustBeEscorted = MustBeEscorted(admission, day);
        var returned = form.ReturnedItems ?? [];
        if (returned.Any(i => i < 0 || i >= admission.Belongings.Count)) errors["returnedItems"] = [UiText.Format("Err.Exit.NoSuchItem")];
        if (form.Kind == ExitKind.SelfDeparture)
        {
            if (admission.YoungestAgeOn(day) is not { } age || age < policy.SelfDepartureMinAge || admission.Minor)
                errors["kind"] = [UiText.Format("Err.Exit.SelfDepartureAge", policy.SelfDepartureMinAge)];
            else if (admission.CannotTravelAlone)
                errors["kind"] = [UiText.Format("Err.Exit.EscortOnly")];
            if (!form.DeclarationSigned) errors["declarationSigned"] = [UiText.Format("Err.Exit.Declaration")];
            if (TextRules.IsBlank(form.Ticket)) errors["ticket"] = [UiText.Format("Err.Exit.Ticket")];
            var missing = Enumerable.Range(0, admission.Belongings.Count).Except(returned).Select(i => admission.Belongings[i].Item).ToList();
            if (missing.Count > 0) errors["returnedItems"] = [UiText.Format("Err.Exit.BelongingsNotReturned", string.Join("、", missing))];
        }
        if (form.Cash > policy.SelfDepartureMaxCash) errors["cash"] = [UiText.Format("Err.Exit.Cash", policy.SelfDepartureMaxCash)];
        if (form.Kind == ExitKind.ReturnHome && mustBeEscorted && !form.Escorted) errors["escorted"] = [UiText.Format("Err.Exit.EscortOnly")];
        MissingPersonNotice? notice = null;
        if (form.Kind == ExitKind.Reunion && form.NoticeId is { } noticeId)
        {
            notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == noticeId, ct);
            if (notice is null) errors["noticeId"] = [UiText.Format("Err.Exit.WhichNotice")];
            else if (notice.Status != NoticeStatus.Open && admission.Person.IdentifiedByNoticeId != noticeId) errors["noticeId"] = [UiText.Format("Err.Exit.NoticeNotOpen")];
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        Leave(admission, form, actor, exitedAt);
        if (form.Kind == ExitKind.Reunion)
        {
            if (notice is { Status: NoticeStatus.Open })
            {
                await notices.ChangeStatusAsync(notice.Id, NoticeStatus.Found, UiText.Format("ReunionNoticeNote", admission.CaseNumber, form.RelativeName!.Trim(), form.Relationship!.Trim()), actor.Id, actor.Name, ct);
            }
            if (admission.Person.IdentifiedAt is null)
            {
                admission.Person.IdentifiedAt = now;
                admission.Person.IdentifiedByNoticeId = notice?.Id;
                // Every stay of the person: their faces leave the matching engine and their announcements the board.
                foreach (var stay in admission.Person.Admissions.Where(a => a.Id != admission.Id)) outbox.Record(RecordKind.Admission, stay.Id, ChangeKind.Updated, "identified");
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(admissionId, false, ct);
    }

    /// <summary>
    /// The moves time makes: a stay still unidentified <see cref="CasePolicy.StrandedAfterDays"/> after its admission day
    /// becomes stranded with its review task (due <see cref="CasePolicy.StrandedReviewWorkingDays"/> working days on);
    /// one still unidentified <see cref="CasePolicy.SettlementAfterDays"/> after gets the settlement-eligibility task.
    /// Both are counted from the admission day, so a late sweep gives the same dates. Returns how many stays moved.
    /// </summary>
    public async Task<int> SweepAsync(int max, CancellationToken ct)
    {
        var policy = await policies.CurrentAsync(ct);
        var calendar = await calendars.CurrentAsync(db, ct);
        var today = clock.Today;
        var strandedBefore = deadlines.EndOf(today.AddDays(-policy.StrandedAfterDays));
        var settlementBefore = deadlines.EndOf(today.AddDays(-policy.SettlementAfterDays));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inStation = db.Admissions.Include(a => a.Person).Where(Admission.Unidentified).Where(a => a.Status == AdmissionStatus.InStation);
        // Stages are stored by name: compared as sets, never by order in SQL.
        StayStage[] beforeStranded = [StayStage.Reception, StayStage.Registered, StayStage.InCare];
        StayStage[] beforeSettlement = [.. beforeStranded, StayStage.Stranded];
        var stranding = await inStation.Where(a => beforeStranded.Contains(a.Stage) && a.AdmittedAt < strandedBefore)
            .OrderBy(a => a.AdmittedAt).Take(max).ToListAsync(ct);
        foreach (var admission in stranding)
        {
            var strandedOn = clock.DateOf(admission.AdmittedAt).AddDays(policy.StrandedAfterDays);
            Move(admission, StayStage.Stranded, Actor.System, UiText.Format("StrandedReason", policy.StrandedAfterDays));
            await deadlines.OpenAsync(admission.Id, CaseTaskKind.StrandedReview, deadlines.EndOf(calendar.AddWorkingDays(strandedOn, policy.StrandedReviewWorkingDays)), ct);
        }
        var eligible = await inStation.Where(a => beforeSettlement.Contains(a.Stage) && a.AdmittedAt < settlementBefore
                && !db.CaseTasks.Any(t => t.AdmissionId == a.Id && t.Kind == CaseTaskKind.SettlementEligibility))
            .OrderBy(a => a.AdmittedAt).Take(max).ToListAsync(ct);
        foreach (var admission in eligible)
        {
            var eligibleOn = clock.DateOf(admission.AdmittedAt).AddDays(policy.SettlementAfterDays);
            await deadlines.OpenAsync(admission.Id, CaseTaskKind.SettlementEligibility, deadlines.EndOf(eligibleOn.AddDays(policy.SettlementApplicationDays)), ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return stranding.Count + eligible.Count;
    }

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

    /// <summary>The exit's record, the stay's end, its history line, audit entry and outbox row; the caller saves.</summary>
    private void Leave(Admission admission, ExitForm form, Actor actor, DateTimeOffset exitedAt)
    {
        var now = clock.Now;
        var returned = (form.ReturnedItems ?? []).ToHashSet();
        var exit = new StayExit
        {
            Id = Guid.CreateVersion7(now),
            AdmissionId = admission.Id,
            Kind = form.Kind,
            ExitedAt = exitedAt,
            Reason = Trimmed(form.Reason),
            Destination = Trimmed(form.Destination),
            Escorted = form.Escorted,
            EscortedBy = Trimmed(form.EscortedBy),
            DeclarationSigned = form.DeclarationSigned,
            Ticket = Trimmed(form.Ticket),
            Cash = form.Cash,
            CashReceipt = Trimmed(form.CashReceipt),
            Belongings = admission.Belongings.Select((b, i) => new ReturnedBelonging { Item = b.Item, Quantity = b.Quantity, Note = b.Note, Returned = returned.Contains(i) }).ToList(),
            RelativeName = Trimmed(form.RelativeName),
            Relationship = Trimmed(form.Relationship),
            RelativeDocumentType = Trimmed(form.RelativeDocumentType),
            RelativeDocumentNumber = Trimmed(form.RelativeDocumentNumber)?.ToUpperInvariant(),
            VerifiedBy = form.Kind == ExitKind.Reunion ? form.VerifiedBy : null,
            NoticeId = form.Kind == ExitKind.Reunion ? form.NoticeId : null,
            CreatedBy = actor.Id,
            CreatedAt = now,
        };
        exit.Seal(sealedFields);
        db.StayExits.Add(exit);
        admission.Exit(now);
        Record(admission.Id, StayEventKind.Exited, admission.Stage, null, form.Kind, actor, form.Reason, exitedAt);
        audit.Add(AuditAction.Update, nameof(Admission), admission.Id, $"exit {form.Kind}");
        outbox.Record(RecordKind.Admission, admission.Id, ChangeKind.StatusChanged, ChangeOutbox.Move(AdmissionStatus.InStation, AdmissionStatus.Exited));
    }

    /// <summary>One step of a stay at a time: two exits (or two checks) at once must not both pass the rules.</summary>
    private Task LockAsync(Guid admissionId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Admissions" WHERE "Id" = {admissionId} FOR UPDATE""", ct);

    /// <summary>A minor on <paramref name="day"/>, or a person judged unable to travel alone, leaves only escorted (接送返回).</summary>
    private static bool MustBeEscorted(Admission admission, DateOnly day) => admission.MinorOn(day) || admission.CannotTravelAlone;

    private static string? Trimmed(string? text) => TextRules.IsBlank(text) ? null : text!.Trim();

    /// <summary>Adds a line to the stay's history; the caller saves.</summary>
    public void Record(Guid admissionId, StayEventKind kind, StayStage? from, StayStage? to, ExitKind? exit, Actor actor, string? reason, DateTimeOffset at) =>
        db.StayEvents.Add(new StayEvent
        {
            // Ordered by when it was recorded (the history's order); At is when it happened, which staff may type.
            Id = Guid.CreateVersion7(clock.Now),
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

    /// <summary>The stay's history in the order it was recorded.</summary>
    public Task<List<StayEvent>> HistoryAsync(Guid admissionId, CancellationToken ct) =>
        db.StayEvents.AsNoTracking().Where(e => e.AdmissionId == admissionId).OrderBy(e => e.Id).ToListAsync(ct);
}

/// <summary>A stay as its page shows it: where it is, what happened, and how it ended.</summary>
public sealed record StayView(
    Guid AdmissionId, AdmissionStatus Status, StayStage Stage, Placement? Placement, bool CannotTravelAlone, bool MustBeEscorted,
    IReadOnlyList<Belonging> Belongings, StayExit? Exit, IReadOnlyList<StayEvent> History);
