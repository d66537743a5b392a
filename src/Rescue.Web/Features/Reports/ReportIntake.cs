using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Reports;

/// <summary>
/// Files discovery reports with their photos (the API and the liaison's page), and moves a report's status (the
/// admission that takes the person in): every change of a report passes here and leaves one change-outbox row.
/// </summary>
public sealed class ReportIntake(RescueDbContext db, PhotoStore photos, AuditLog audit, ChangeOutbox changes, Idempotency idempotency, StationClock clock)
{
    /// <summary>What a liaison reports; the agency and officer come from the account or API key.</summary>
    public sealed class NewReport : IValidatableObject
    {
        [Required, MaxLength(ReportLimits.OfficerName)]
        public string OfficerName { get; set; } = "";

        [MaxLength(ReportLimits.OfficerPhone), PhoneNumber]
        public string? OfficerPhone { get; set; }

        [Required]
        public DateTimeOffset? FoundAt { get; set; }

        [Required, MaxLength(ReportLimits.PlaceText)]
        public string PlaceText { get; set; } = "";

        [Range(-90, 90)]
        public double? Latitude { get; set; }

        [Range(-180, 180)]
        public double? Longitude { get; set; }

        [MaxLength(FieldLimits.DivisionCode), DivisionCode]
        public string? DivisionCode { get; set; }

        [Required]
        public HowFound? HowFound { get; set; }

        [Required]
        public ReportDisposition? Disposition { get; set; }

        [MaxLength(ReportLimits.HandoverFormNumber)]
        public string? HandoverFormNumber { get; set; }

        public DateTimeOffset? HandedOverAt { get; set; }

        public Sex Sex { get; set; }

        [Range(0, FieldLimits.MaxAge)]
        public int? EstimatedAgeMin { get; set; }

        [Range(0, FieldLimits.MaxAge)]
        public int? EstimatedAgeMax { get; set; }

        [Required, MaxLength(ReportLimits.Description), FreeText]
        public string Description { get; set; } = "";

        public ImmediateNeeds Needs { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext context)
        {
            var now = RequestValidation.Now(context);
            if (FoundAt > now.AddMinutes(10)) yield return new(UiText.Format("Err.Future"), [nameof(FoundAt)]);
            // A report is filed when the person is found; a year back covers a partner system's backlog.
            if (FoundAt < now.AddYears(-1)) yield return new(UiText.Format("Err.FoundLongAgo"), [nameof(FoundAt)]);
            if (HandedOverAt < FoundAt) yield return new(UiText.Format("Err.BeforeFound"), [nameof(HandedOverAt)]);
            if (HandedOverAt > now.AddMinutes(10)) yield return new(UiText.Format("Err.Future"), [nameof(HandedOverAt)]);
            if (EstimatedAgeMin > EstimatedAgeMax) yield return new(UiText.Format("Err.AgeMinMax"), [nameof(EstimatedAgeMin)]);
            if (Latitude.HasValue != Longitude.HasValue) yield return new(UiText.Format("Err.LatLong"), [Latitude.HasValue ? nameof(Longitude) : nameof(Latitude)]);
        }
    }

    public sealed record Filer(Guid AgencyId, string ActorId);

    /// <summary>
    /// Checks the report and its photos, stores the photo files, then commits the report, the photo rows,
    /// the audit entry and the idempotency record as one transaction. A retry with the same key files nothing
    /// and returns the first filing, with its stored answer.
    /// </summary>
    public async Task<FiledReport> FileAsync(NewReport report, IReadOnlyList<IncomingPhoto> incoming, Filer filer, string? idempotencyKey, CancellationToken ct)
    {
        var errors = RequestValidation.Errors(report, clock);
        if (incoming.Count > PhotoAttachments.MaxPerUpload) errors["photos"] = [UiText.Format("Err.TooManyPhotos", PhotoAttachments.MaxPerUpload)];
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var requestHash = Idempotency.Hash([System.Text.Json.JsonSerializer.Serialize(report), .. await Task.WhenAll(incoming.Select(p => HashAsync(p, ct)))]);
        var scope = filer.ActorId;
        if (await idempotency.ReplayAsync(scope, idempotencyKey, requestHash, ct) is { } replay) return Replayed(replay);

        // Files first, synced: a row never names a file that is not on disk.
        var accepted = await photos.AcceptAllAsync(incoming, ct);

        var now = clock.Now;
        var entity = new DiscoveryReport
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = filer.AgencyId,
            FiledBy = filer.ActorId,
            OfficerName = report.OfficerName.Trim(),
            OfficerPhone = report.OfficerPhone?.Trim(),
            FoundAt = report.FoundAt!.Value.ToUniversalTime(),
            PlaceText = report.PlaceText.Trim(),
            Latitude = report.Latitude,
            Longitude = report.Longitude,
            DivisionCode = report.DivisionCode,
            HowFound = report.HowFound!.Value,
            Disposition = report.Disposition!.Value,
            HandoverFormNumber = report.HandoverFormNumber?.Trim(),
            HandedOverAt = report.HandedOverAt?.ToUniversalTime(),
            Sex = report.Sex,
            EstimatedAgeMin = report.EstimatedAgeMin,
            EstimatedAgeMax = report.EstimatedAgeMax,
            Description = report.Description.Trim(),
            Needs = report.Needs,
            CreatedAt = now,
        };
        db.Reports.Add(entity);
        var rows = PhotoRef.AddRows(db, accepted, PhotoOwner.Report, entity.Id, filer.ActorId, now);
        audit.Add(AuditAction.Create, nameof(DiscoveryReport), entity.Id, $"{rows.Count} photos");
        changes.Record(RecordKind.Report, entity.Id, ChangeKind.Created, $"{rows.Count} photos");

        var agencyName = await db.Agencies.Where(a => a.Id == filer.AgencyId).Select(a => a.Name).SingleAsync(ct);
        var details = ReportDetails.From(entity, agencyName, null, rows.Select(PhotoRef.From).ToList());
        var result = idempotency.Remember(scope, idempotencyKey, requestHash, StatusCodes.Status201Created, details, $"/api/v1/reports/{entity.Id}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Idempotency.IsKeyTaken(e))
        {
            // A concurrent retry with the same key won; answer as it did.
            db.ChangeTracker.Clear();
            return Replayed(await idempotency.ReplayAsync(scope, idempotencyKey, requestHash, ct)
                ?? throw new InvalidOperationException("the idempotency key was taken but its answer is missing", e));
        }
        return new FiledReport(details, result, Replayed: false);
    }

    /// <summary>A retry's answer: the report as the first filing described it, read back from the stored answer.</summary>
    private FiledReport Replayed(Idempotency.Answer answer) => new(idempotency.Read<ReportDetails>(answer), answer, Replayed: true);

    /// <summary>
    /// The station admitted the reported person: the report links the admission. Added to the caller's unit of work
    /// (the admission's), so the report's new status commits with the admission or not at all.
    /// </summary>
    public void Admit(DiscoveryReport report, Guid admissionId)
    {
        var from = report.Status;
        report.Admit(admissionId);
        audit.Add(AuditAction.Update, nameof(DiscoveryReport), report.Id, $"status {from} → {report.Status}");
        changes.Record(RecordKind.Report, report.Id, ChangeKind.StatusChanged, ChangeOutbox.Move(from, report.Status));
    }

    private static async Task<string> HashAsync(IncomingPhoto photo, CancellationToken ct)
    {
        await using var content = photo.Open();
        return Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content, ct));
    }
}
