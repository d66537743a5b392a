using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Settlement;

/// <summary>A settlement step as a reader sees it: the ID number in full for case officers only, masked for anyone else.</summary>
public sealed record SettlementStepView(
    Guid Id, SettlementStepKind Kind, DateOnly On, string? Reference, string Office, bool HasDocument, string? DocumentName,
    string? HukouName, DateOnly? HukouDateOfBirth, string? IdNumber, bool IdNumberMasked, DateOnly? IdValidUntil,
    string? InsuranceNumber, int? InsuranceYear, DateTimeOffset CreatedAt);

/// <summary>A stay's settlement: where it stands, the eligibility check, the steps done and the ones that may come next.</summary>
public sealed record SettlementView(
    Guid AdmissionId, string CaseNumber, StayStage Stage, bool Ended, EligibilityCheck Eligibility, IReadOnlyList<SettlementStepView> Steps,
    IReadOnlyList<SettlementStepKind> Next);

/// <summary>A stored document to serve: its content, type and download name.</summary>
public sealed record SettlementDocument(Stream Content, string ContentType, string Name);

/// <summary>
/// The one writer of <see cref="SettlementStep"/>s. Each step needs the one before it (<see cref="SettlementSteps"/>), is
/// recorded once, never on a stay that ended; the application needs every condition of <see cref="SettlementEligibility"/>,
/// moves the stay to Settlement and closes its eligibility task; the hukou registration moves it to Settled. The document
/// is written first (<see cref="SettlementDocuments"/>), then the step, the stage, the audit entry and the change-outbox
/// row commit in one transaction. The new ID number is sensitive: only case officers read it, and each read is audited.
/// </summary>
public sealed class Settlements(
    RescueDbContext db, StationClock clock, AuditLog audit, ChangeOutbox outbox, Stays stays, CaseDeadlines deadlines,
    SettlementEligibility eligibility, SettlementDocuments documents, SealedFields sealedFields)
{
    /// <summary>What a case officer records for a step; the fields of the other kinds are ignored.</summary>
    public sealed class StepForm : IValidatableObject
    {
        public SettlementStepKind Kind { get; set; }

        public DateOnly On { get; set; }

        [MaxLength(SettlementLimits.Reference)]
        public string? Reference { get; set; }

        [Required, MaxLength(SettlementLimits.Office)]
        public string Office { get; set; } = "";

        /// <summary>HukouRegistered: the name the station chose.</summary>
        [MaxLength(SettlementLimits.HukouName)]
        public string? HukouName { get; set; }

        /// <summary>HukouRegistered: the estimated date of birth registered.</summary>
        public DateOnly? HukouDateOfBirth { get; set; }

        /// <summary>IdCardIssued: the new resident ID number.</summary>
        [MaxLength(18)]
        public string? IdNumber { get; set; }

        public DateOnly? IdValidUntil { get; set; }

        /// <summary>MedicalInsurance: the insurance number and the year enrolled.</summary>
        [MaxLength(SettlementLimits.InsuranceNumber)]
        public string? InsuranceNumber { get; set; }

        [Range(2000, 2100)]
        public int? InsuranceYear { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext context)
        {
            var today = RequestValidation.Today(context);
            if (On > today) yield return new(UiText.Format("Err.FutureDate"), [nameof(On)]);
            switch (Kind)
            {
                case SettlementStepKind.HukouRegistered:
                    if (TextRules.IsBlank(HukouName)) yield return new(UiText.Format("Err.Required"), [nameof(HukouName)]);
                    if (HukouDateOfBirth is null) yield return new(UiText.Format("Err.Required"), [nameof(HukouDateOfBirth)]);
                    else if (HukouDateOfBirth > today) yield return new(UiText.Format("Err.FutureDate"), [nameof(HukouDateOfBirth)]);
                    break;
                case SettlementStepKind.IdCardIssued:
                    if (TextRules.IsBlank(IdNumber)) yield return new(UiText.Format("Err.Required"), [nameof(IdNumber)]);
                    // A card issued now carries the 18-character number; the 15-character ones ended in 1999.
                    else if ((ResidentIdNumber.Problem(IdNumber!) ?? (IdNumber!.Trim().Length != 18 ? UiText.Format("Err.Settlement.IdNumber18") : null)) is { } problem)
                        yield return new(problem, [nameof(IdNumber)]);
                    if (IdValidUntil is null) yield return new(UiText.Format("Err.Required"), [nameof(IdValidUntil)]);
                    else if (IdValidUntil <= On) yield return new(UiText.Format("Err.Settlement.ValidUntil"), [nameof(IdValidUntil)]);
                    break;
                case SettlementStepKind.MedicalInsurance:
                    if (TextRules.IsBlank(InsuranceNumber)) yield return new(UiText.Format("Err.Required"), [nameof(InsuranceNumber)]);
                    if (InsuranceYear is null) yield return new(UiText.Format("Err.Required"), [nameof(InsuranceYear)]);
                    break;
            }
        }
    }

    /// <summary>An uploaded document: the form field that names it in errors, its name as chosen, and its content.</summary>
    public sealed record Upload(string Field, string? FileName, Func<Stream> Open);

    /// <summary>
    /// Records a step; null when there is no such stay. Throws <see cref="ValidationFailedException"/> naming the field and
    /// the rule (a missing earlier step, a second step of a kind, 特困 with 低保, an application before eligibility, a bad
    /// document) and <see cref="TransitionRefusedException"/> when the stay has ended.
    /// </summary>
    public async Task<SettlementStepView?> RecordAsync(Guid admissionId, StepForm form, Upload? document, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One step of a stay at a time: two officers recording 特困 and 低保 at once must not both pass the check.
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Admissions" WHERE "Id" = {admissionId} FOR UPDATE""", ct);
        var admission = await db.Admissions.Include(a => a.Person).SingleOrDefaultAsync(a => a.Id == admissionId, ct);
        if (admission is null) return null;
        if (admission.Status == AdmissionStatus.Exited) throw new TransitionRefusedException(UiText.Format("Err.Stay.Ended"), "kind");
        var done = await db.SettlementSteps.AsNoTracking().Where(s => s.AdmissionId == admissionId).ToDictionaryAsync(s => s.Kind, ct);
        await CheckRulesAsync(admissionId, form, done, ct);

        var now = clock.Now;
        var stored = document is null ? null : await AcceptAsync(document, ct);
        var step = new SettlementStep
        {
            Id = Guid.CreateVersion7(now),
            AdmissionId = admissionId,
            Kind = form.Kind,
            On = form.On,
            Reference = Trimmed(form.Reference),
            Office = form.Office.Trim(),
            DocumentSha256 = stored?.Sha256,
            DocumentContentType = stored?.ContentType,
            DocumentName = stored?.Name,
            HukouName = form.Kind == SettlementStepKind.HukouRegistered ? Trimmed(form.HukouName) : null,
            HukouDateOfBirth = form.Kind == SettlementStepKind.HukouRegistered ? form.HukouDateOfBirth : null,
            IdNumber = form.Kind == SettlementStepKind.IdCardIssued ? form.IdNumber!.Trim().ToUpperInvariant() : null,
            IdValidUntil = form.Kind == SettlementStepKind.IdCardIssued ? form.IdValidUntil : null,
            InsuranceNumber = form.Kind == SettlementStepKind.MedicalInsurance ? Trimmed(form.InsuranceNumber) : null,
            InsuranceYear = form.Kind == SettlementStepKind.MedicalInsurance ? form.InsuranceYear : null,
            CreatedBy = actor.Id,
            CreatedAt = now,
        };
        step.Seal(sealedFields);
        db.SettlementSteps.Add(step);
        var reason = UiText.Format("SettlementStepKind." + form.Kind);
        switch (form.Kind)
        {
            case SettlementStepKind.Application:
                stays.Move(admission, StayStage.Settlement, actor, reason);
                await deadlines.CloseAsync(admissionId, CaseTaskKind.SettlementEligibility, actor.Id, ct);
                break;
            case SettlementStepKind.HukouRegistered:
                stays.Move(admission, StayStage.Settled, actor, reason);
                break;
            default:
                // A step that moves the stage leaves its change row through Stays.Move.
                outbox.Record(RecordKind.Admission, admissionId, ChangeKind.Updated, $"settlement {form.Kind}");
                break;
        }
        // The detail never holds the ID number: the audit log is read more widely than the number may be.
        audit.Add(AuditAction.Create, nameof(SettlementStep), step.Id, $"{form.Kind} of admission {admissionId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ValidationFailedException("kind", UiText.Format("Err.Settlement.Done", reason));
        }
        await tx.CommitAsync(ct);
        return View(step, unmasked: true);
    }

    /// <summary>
    /// A stay's settlement as <paramref name="viewer"/> may see it; null when there is no such stay. Each ID number
    /// returned in full (to a case officer) is an audited read.
    /// </summary>
    public async Task<SettlementView?> GetAsync(Guid admissionId, ClaimsPrincipal viewer, CancellationToken ct)
    {
        var stay = await db.Admissions.AsNoTracking().Where(a => a.Id == admissionId)
            .Select(a => new { a.CaseNumber, a.Stage, a.Status }).SingleOrDefaultAsync(ct);
        if (stay is null) return null;
        var check = (await eligibility.CheckAsync(admissionId, ct))!;
        // In the order of the steps: the kind is stored by name, so SQL would sort it alphabetically.
        var steps = (await db.SettlementSteps.AsNoTracking().Where(s => s.AdmissionId == admissionId).ToListAsync(ct)).Select(s => s.Open(sealedFields)).OrderBy(s => s.Kind).ToList();
        var unmasked = MayReadIdNumber(viewer);
        var views = steps.Select(s => View(s, unmasked)).ToList();
        var readNumbers = steps.Where(s => s.IdNumber is not null && unmasked).ToList();
        foreach (var step in readNumbers) audit.Add(AuditAction.Read, nameof(SettlementStep), step.Id, "ID number");
        // One write per request, however many steps it shows.
        if (readNumbers.Count > 0) await db.SaveChangesAsync(ct);
        var done = steps.Select(s => s.Kind).ToHashSet();
        var ended = stay.Status == AdmissionStatus.Exited;
        var next = ended ? [] : Enum.GetValues<SettlementStepKind>().Where(k => !done.Contains(k)
            && (SettlementSteps.Needs(k) is not { } needed || done.Contains(needed))
            && (SettlementSteps.Excludes(k) is not { } excluded || !done.Contains(excluded))).ToList();
        return new SettlementView(admissionId, stay.CaseNumber, stay.Stage, ended, check, views, next);
    }

    /// <summary>The document of a stay's step, as stored; null when there is none. The read is audited.</summary>
    public async Task<SettlementDocument?> OpenDocumentAsync(Guid admissionId, SettlementStepKind kind, CancellationToken ct)
    {
        var step = await db.SettlementSteps.AsNoTracking().SingleOrDefaultAsync(s => s.AdmissionId == admissionId && s.Kind == kind, ct);
        if (step?.DocumentSha256 is not { } sha || documents.Open(sha) is not { } content) return null;
        await audit.RecordReadAsync(nameof(SettlementStep), step.Id, $"document {kind}", ct);
        return new SettlementDocument(content, step.DocumentContentType ?? "application/octet-stream", step.DocumentName ?? "document");
    }

    /// <summary>Who reads a settled person's ID number in full: case officers, who handle the hukou and the card.</summary>
    public static bool MayReadIdNumber(ClaimsPrincipal user) => user.IsInRole(Roles.CaseOfficer);

    private async Task CheckRulesAsync(Guid admissionId, StepForm form, Dictionary<SettlementStepKind, SettlementStep> done, CancellationToken ct)
    {
        string Name(SettlementStepKind kind) => UiText.Format("SettlementStepKind." + kind);
        if (done.ContainsKey(form.Kind)) throw new ValidationFailedException("kind", UiText.Format("Err.Settlement.Done", Name(form.Kind)));
        if (SettlementSteps.Needs(form.Kind) is { } needed)
        {
            if (!done.TryGetValue(needed, out var before))
                throw new ValidationFailedException("kind", UiText.Format("Err.Settlement.Needs", Name(form.Kind), Name(needed)));
            if (form.On < before.On)
                throw new ValidationFailedException("on", UiText.Format("Err.Settlement.BeforePrevious", Name(needed), before.On.ToString("yyyy-MM-dd")));
        }
        if (SettlementSteps.Excludes(form.Kind) is { } excluded && done.ContainsKey(excluded))
            throw new ValidationFailedException("kind", UiText.Format("Err.Settlement.Excludes", Name(form.Kind), Name(excluded)));
        if (form.Kind == SettlementStepKind.IdCardIssued && done.TryGetValue(SettlementStepKind.HukouRegistered, out var hukou)
            && ResidentIdNumber.BirthDate(form.IdNumber!) != hukou.HukouDateOfBirth)
        {
            // The number is made from the hukou: its date of birth is the one registered.
            throw new ValidationFailedException("idNumber", UiText.Format("Err.Settlement.IdBirthDate", hukou.HukouDateOfBirth?.ToString("yyyy-MM-dd") ?? ""));
        }
        if (form.Kind == SettlementStepKind.Application)
        {
            var check = (await eligibility.CheckAsync(admissionId, ct))!;
            if (!check.Eligible)
                throw new ValidationFailedException("kind", UiText.Format("Err.Settlement.NotEligible", string.Join("；", check.Unmet.Select(c => c.Name))));
        }
    }

    private async Task<AcceptedDocument> AcceptAsync(Upload document, CancellationToken ct)
    {
        await using var content = document.Open();
        return await documents.AcceptAsync(content, document.FileName, document.Field, ct);
    }

    private static SettlementStepView View(SettlementStep s, bool unmasked) => new(
        s.Id, s.Kind, s.On, s.Reference, s.Office, s.DocumentSha256 is not null, s.DocumentName, s.HukouName, s.HukouDateOfBirth,
        s.IdNumber is { } id && !unmasked ? ResidentIdNumber.Masked(id) : s.IdNumber, s.IdNumber is not null && !unmasked, s.IdValidUntil,
        s.InsuranceNumber, s.InsuranceYear, s.CreatedAt);

    private static string? Trimmed(string? text) => TextRules.IsBlank(text) ? null : text!.Trim();
}
