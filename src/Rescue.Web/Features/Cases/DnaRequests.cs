using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// The one writer of <see cref="DnaRequest"/>s: a request closes the stay's DNA-request task and opens the result's
/// (<see cref="CasePolicyValues.DnaResultMonths"/>, one month by default), the result closes it, and a match establishes
/// the person's identity; each in one transaction with its audit entry. DNA status is sensitive: every read is audited too.
/// </summary>
public sealed class DnaRequests(RescueDbContext db, StationClock clock, AuditLog audit, CaseDeadlines deadlines, CasePolicies policies, ChangeOutbox outbox, SealedFields sealedFields)
{
    public sealed class NewRequest : IValidatableObject
    {
        [Required, MaxLength(DnaLimits.PoliceUnit)]
        public string PoliceUnit { get; set; } = "";

        [MaxLength(DnaLimits.Reference)]
        public string? Reference { get; set; }

        public DateOnly RequestedOn { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext context)
        {
            if (RequestedOn > RequestValidation.Today(context)) yield return new(UiText.Format("Err.FutureDate"), [nameof(RequestedOn)]);
        }
    }

    public sealed class ResultForm : IValidatableObject
    {
        public DnaResult Result { get; set; }

        public DateOnly ResultOn { get; set; }

        public DateOnly? SampleTakenOn { get; set; }

        [MaxLength(DnaLimits.SampleTakenBy)]
        public string? SampleTakenBy { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext context)
        {
            if (ResultOn > RequestValidation.Today(context)) yield return new(UiText.Format("Err.FutureDate"), [nameof(ResultOn)]);
            if (SampleTakenOn > ResultOn) yield return new(UiText.Format("Err.Dna.SampleAfterResult"), [nameof(SampleTakenOn)]);
        }
    }

    /// <summary>Records a request; null when the stay does not exist.</summary>
    public async Task<DnaRequest?> RequestAsync(Guid admissionId, NewRequest form, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        if (!await db.Admissions.AnyAsync(a => a.Id == admissionId, ct)) return null;
        var now = clock.Now;
        var policy = await policies.CurrentAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var request = new DnaRequest
        {
            Id = Guid.CreateVersion7(now),
            AdmissionId = admissionId,
            PoliceUnit = form.PoliceUnit.Trim(),
            Reference = string.IsNullOrWhiteSpace(form.Reference) ? null : form.Reference.Trim(),
            RequestedOn = form.RequestedOn,
            CreatedBy = actor.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.DnaRequests.Add(request);
        await deadlines.CloseAsync(admissionId, CaseTaskKind.DnaRequest, actor.Id, ct);
        await deadlines.OpenAsync(admissionId, CaseTaskKind.DnaResult, deadlines.EndOf(form.RequestedOn.AddMonths(policy.DnaResultMonths)), ct);
        audit.Add(AuditAction.Create, nameof(DnaRequest), request.Id, request.PoliceUnit);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request;
    }

    /// <summary>Records the police's result; null when there is no such request.</summary>
    public async Task<DnaRequest?> RecordResultAsync(Guid id, ResultForm form, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        var request = await db.DnaRequests.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (request is null) return null;
        if (form.ResultOn < request.RequestedOn) throw new ValidationFailedException("resultOn", UiText.Format("Err.Dna.ResultBeforeRequest"));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        request.Result = form.Result;
        request.Seal(sealedFields);
        request.ResultOn = form.ResultOn;
        request.SampleTakenOn = form.SampleTakenOn ?? request.SampleTakenOn;
        request.SampleTakenBy = string.IsNullOrWhiteSpace(form.SampleTakenBy) ? request.SampleTakenBy : form.SampleTakenBy.Trim();
        request.UpdatedAt = clock.Now;
        await deadlines.CloseAsync(request.AdmissionId, CaseTaskKind.DnaResult, actor.Id, ct);
        if (form.Result == DnaResult.Match)
        {
            // A relative's sample matched: the identity is established, as a confirmed notice establishes it.
            var person = await db.People.Include(p => p.Admissions).SingleAsync(p => p.Admissions.Any(a => a.Id == request.AdmissionId), ct);
            if (person.IdentifiedAt is null)
            {
                person.IdentifiedAt = clock.Now;
                foreach (var stay in person.Admissions) outbox.Record(RecordKind.Admission, stay.Id, ChangeKind.Updated, "identified by DNA");
            }
        }
        audit.Add(AuditAction.Update, nameof(DnaRequest), id, $"result {form.Result}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return request;
    }

    /// <summary>A stay's DNA requests, with an audit entry for the read.</summary>
    public async Task<List<DnaRequest>> ListAsync(Guid admissionId, CancellationToken ct)
    {
        var list = (await db.DnaRequests.AsNoTracking().Where(d => d.AdmissionId == admissionId).OrderBy(d => d.CreatedAt).ToListAsync(ct))
            .Select(d => d.Open(sealedFields)).ToList();
        await audit.RecordReadAsync(nameof(DnaRequest), admissionId, $"{list.Count} requests", ct);
        return list;
    }
}
