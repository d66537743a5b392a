using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Admissions;

/// <summary>
/// Registers, updates and reads admissions; used by the API and the station's pages. Every change leaves one
/// change-outbox row in its own transaction; a report's admission goes through the reports' own service.
/// </summary>
public sealed class AdmissionRegistry(RescueDbContext db, PhotoStore photos, PhotoAttachments attachments, ReportIntake reports, AuditLog audit, ChangeOutbox changes, StationClock clock, SealedFields sealedFields)
{
    public sealed record Filter(AdmissionStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, string? Search = null);

    /// <summary>
    /// Creates the admission with the next case number of the year. Photo files are stored first; the
    /// person, the admission, its photo rows, the report's new status and the audit entry commit together.
    /// </summary>
    public async Task<AdmissionDetails> CreateAsync(AdmissionForm form, IReadOnlyList<IncomingPhoto> incoming, string actorId, CancellationToken ct)
    {
        var errors = RequestValidation.Errors(form, clock);
        if (incoming.Count > PhotoAttachments.MaxPerUpload) errors["photos"] = [$"at most {PhotoAttachments.MaxPerUpload} photos at a time"];
        DiscoveryReport? report = null;
        if (form.ReportId is { } reportId)
        {
            report = await db.Reports.SingleOrDefaultAsync(r => r.Id == reportId, ct);
            if (report is null) errors["reportId"] = ["no such report"];
            else if (report.AdmissionId is not null) errors["reportId"] = ["this report already has an admission"];
        }
        if (form.PersonId is { } personId && !await db.People.AnyAsync(p => p.Id == personId, ct)) errors["personId"] = ["no such person"];
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var accepted = await photos.AcceptAllAsync(incoming, ct);

        var now = clock.Now;
        var admittedAt = (form.AdmittedAt ?? now).ToUniversalTime();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var person = form.PersonId is { } existing
            ? await db.People.SingleAsync(p => p.Id == existing, ct)
            : db.People.Add(new Person { Id = Guid.CreateVersion7(now), CreatedAt = now }).Entity;
        var admission = new Admission
        {
            Id = Guid.CreateVersion7(now),
            CaseNumber = await NextCaseNumberAsync(admittedAt, ct),
            PersonId = person.Id,
            ReportId = report?.Id,
            AdmittedAt = admittedAt,
            CreatedBy = actorId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        form.ApplyTo(admission, clock.Today);
        admission.Seal(sealedFields);
        db.Admissions.Add(admission);

        // The report's photos belong to the admission too; the files are shared (content-addressed).
        var reportPhotos = report is null ? [] : await db.Photos.AsNoTracking()
            .Where(p => p.OwnerKind == PhotoOwner.Report && p.OwnerId == report.Id).OrderBy(p => p.Position)
            .Select(p => new AcceptedPhoto(p.Sha256, p.ContentType, p.Width, p.Height, p.ByteSize)).ToListAsync(ct);
        var rows = PhotoRef.AddRows(db, [.. reportPhotos, .. accepted], PhotoOwner.Admission, admission.Id, actorId, now);
        if (report is not null) reports.Admit(report, admission.Id);
        audit.Add(AuditAction.Create, nameof(Admission), admission.Id, $"{admission.CaseNumber}, {rows.Count} photos");
        changes.Record(RecordKind.Admission, admission.Id, ChangeKind.Created, admission.CaseNumber);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var earlier = await db.Admissions.CountAsync(a => a.PersonId == person.Id && a.Id != admission.Id, ct);
        return AdmissionDetails.From(admission.Open(sealedFields), earlier, rows.Select(PhotoRef.From).ToList());
    }

    public async Task<AdmissionDetails?> UpdateAsync(Guid id, AdmissionForm form, CancellationToken ct)
    {
        RequestValidation.Validate(form, clock);
        var admission = await db.Admissions.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (admission is null) return null;
        var now = clock.Now;
        form.ApplyTo(admission, clock.Today);
        admission.Seal(sealedFields);
        admission.UpdatedAt = now;
        audit.Add(AuditAction.Update, nameof(Admission), id, "registration details");
        changes.Record(RecordKind.Admission, id, ChangeKind.Updated, "registration details");
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(admission, ct);
    }

    /// <summary>Adds photos taken after registration; null when the admission does not exist.</summary>
    public async Task<AdmissionDetails?> AddPhotosAsync(Guid id, IReadOnlyList<IncomingPhoto> incoming, string actorId, CancellationToken ct)
    {
        var admission = await db.Admissions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (admission is null) return null;
        var rows = await attachments.AddAsync(PhotoOwner.Admission, id, nameof(Admission), incoming, null, actorId, ct);
        changes.Record(RecordKind.Admission, id, ChangeKind.PhotosAdded, $"{rows.Count} photos");
        await db.SaveChangesAsync(ct);
        return await DetailsAsync(admission, ct);
    }

    /// <summary>The admission, with an audit entry for the read; null when it does not exist.</summary>
    public async Task<AdmissionDetails?> GetAsync(Guid id, CancellationToken ct)
    {
        var admission = await db.Admissions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (admission is null) return null;
        await audit.RecordReadAsync(nameof(Admission), id, ReadDetail(admission), ct);
        return await DetailsAsync(admission, ct);
    }

    /// <summary>What a read of the admission showed: its sensitive fields that hold something, by name, never their values.</summary>
    private static string ReadDetail(Admission admission) =>
        string.Join(", ", new[] { "details", admission.SealedIdNumber is null ? null : "ID number", admission.SealedHealthNotes is null ? null : "health notes" }.OfType<string>());

    public async Task<List<AdmissionItem>> ListAsync(Filter filter, CancellationToken ct)
    {
        var query = db.Admissions.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(a => a.Status == status);
        if (filter.From is { } from) query = query.Where(a => a.AdmittedAt >= from.ToUniversalTime());
        if (filter.To is { } to) query = query.Where(a => a.AdmittedAt < to.ToUniversalTime());
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            var pattern = Like.Containing(term);
            // Case numbers are stored in capitals; staff type them either way. An ID number is sealed: found by its keyed hash.
            var upper = term.ToUpperInvariant();
            var lookup = sealedFields.IdLookup(term);
            query = query.Where(a => a.CaseNumber == upper || EF.Functions.ILike(a.Name.Value!, pattern, Like.Escape)
                || EF.Functions.ILike(a.Aliases.Value!, pattern, Like.Escape) || a.IdNumberLookup == lookup);
        }
        return await query.OrderByDescending(a => a.AdmittedAt).Take(200)
            .Select(a => new AdmissionItem(a.Id, a.CaseNumber, a.Name.Value, a.Sex, a.AdmittedAt, a.Status, a.Minor,
                db.Photos.Where(p => p.OwnerKind == PhotoOwner.Admission && p.OwnerId == a.Id).OrderBy(p => p.Position).Select(p => (Guid?)p.Id).FirstOrDefault()))
            .ToListAsync(ct);
    }

    private async Task<AdmissionDetails> DetailsAsync(Admission admission, CancellationToken ct)
    {
        var earlier = await db.Admissions.CountAsync(a => a.PersonId == admission.PersonId && a.Id != admission.Id, ct);
        return AdmissionDetails.From(admission.Open(sealedFields), earlier, await PhotoRef.ListAsync(db, PhotoOwner.Admission, admission.Id, ct));
    }

    /// <summary>JZ-2026-000123: the station's prefix, the local year, and a counter that only moves inside this transaction.</summary>
    private async Task<string> NextCaseNumberAsync(DateTimeOffset admittedAt, CancellationToken ct)
    {
        var year = clock.YearOf(admittedAt);
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO "CaseNumberCounters" ("Year", "Last") VALUES ({year}, 1)
            ON CONFLICT ("Year") DO UPDATE SET "Last" = "CaseNumberCounters"."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        var prefix = await db.Stations.OrderBy(s => s.Id).Select(s => s.CaseNumberPrefix).FirstAsync(ct);
        return $"{prefix}-{year}-{next[0]:D6}";
    }
}
