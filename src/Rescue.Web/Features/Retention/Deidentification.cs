using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Retention;

/// <summary>The <c>Rescue:Retention</c> settings, validated at start.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Rescue:Retention";

    /// <summary>
    /// Years a stay's personal data is kept after the person left (7 by default, as homeless-service record
    /// standards keep them); then the stay is de-identified and only what the statistics count stays.
    /// </summary>
    [Range(1, 100, ErrorMessage = $"{Section}:{nameof(DeidentifyAfterYears)} must be a whole number of years from 1 to 100 (7 by default)")]
    public int DeidentifyAfterYears { get; set; } = 7;
}

/// <summary>What one run of <see cref="Deidentification"/> removed.</summary>
public sealed record DeidentificationResult(int Stays, int Photos, int FaceSignatures, int Documents);

/// <summary>
/// De-identifies the stays of people who left the station <see cref="RetentionOptions.DeidentifyAfterYears"/> ago:
/// names, ID numbers, health, marks, belongings, the exit's relative and documents, the settlement's numbers and
/// scans, the DNA result, the report's place and description, the withdrawn announcement's description, every photo
/// with its face signatures. What the
/// monthly statistics count stays (the days, sex, the age then, how the person came and left). Each batch is one
/// transaction with an audit entry (<see cref="AuditAction.Purge"/>) and an outbox row per stay, so the matching
/// engine drops the faces; the files go once the rows are committed. Daily, and on demand from the command line.
/// Stays are taken with SKIP LOCKED, so several app instances may run it.
/// </summary>
public sealed class Deidentification(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<RetentionOptions> options, ILogger<Deidentification> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    public const int BatchSize = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not de-identify the stays past their retention; trying again in {Hours} hours", Interval.TotalHours);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>De-identifies every stay due now, a batch per transaction, and logs what it removed.</summary>
    public async Task<DeidentificationResult> RunAsync(CancellationToken ct)
    {
        var total = new DeidentificationResult(0, 0, 0, 0);
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var batch = await BatchAsync(scope.ServiceProvider, ct);
            total = new(total.Stays + batch.Stays, total.Photos + batch.Photos, total.FaceSignatures + batch.FaceSignatures, total.Documents + batch.Documents);
            if (batch.Stays < BatchSize) break;
        }
        if (total.Stays > 0)
        {
            log.LogInformation("De-identified {Stays} stays that ended {Years} years ago: {Photos} photos, {Signatures} face signatures and {Documents} documents deleted",
                total.Stays, options.Value.DeidentifyAfterYears, total.Photos, total.FaceSignatures, total.Documents);
        }
        return total;
    }

    private async Task<DeidentificationResult> BatchAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<RescueDbContext>();
        var years = options.Value.DeidentifyAfterYears;
        var now = clock.GetUtcNow();
        var exitedBy = now.AddYears(-years);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Database.SqlQuery<Guid>($"""
            SELECT a."Id" AS "Value" FROM "Admissions" a
            WHERE a."DeidentifiedAt" IS NULL AND a."Status" = 'Exited'
              AND EXISTS (SELECT 1 FROM "StayExits" e WHERE e."AdmissionId" = a."Id" AND e."ExitedAt" <= {exitedBy})
            ORDER BY a."Id" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (due.Count == 0) return new(0, 0, 0, 0);

        var stations = services.GetRequiredService<StationClock>();
        var admissions = await db.Admissions.Where(a => due.Contains(a.Id)).ToListAsync(ct);
        var reportIds = admissions.Where(a => a.ReportId != null).Select(a => a.ReportId!.Value).ToList();
        var exits = await db.StayExits.Where(e => due.Contains(e.AdmissionId)).ToListAsync(ct);
        var steps = await db.SettlementSteps.Where(s => due.Contains(s.AdmissionId)).ToListAsync(ct);
        var dna = await db.DnaRequests.Where(d => due.Contains(d.AdmissionId)).ToListAsync(ct);
        var reports = await db.Reports.Where(r => reportIds.Contains(r.Id)).ToListAsync(ct);
        var announcements = await db.Announcements.Include(a => a.Photos).Where(a => due.Contains(a.AdmissionId)).ToListAsync(ct);
        var owners = due.Concat(reportIds).ToList();
        var photos = await db.Photos.Where(p => owners.Contains(p.OwnerId) && (p.OwnerKind == PhotoOwner.Admission || p.OwnerKind == PhotoOwner.Report))
            .Select(p => new { p.Id, p.Sha256, p.OwnerId }).ToListAsync(ct);
        var photoIds = photos.Select(p => p.Id).ToList();
        var documents = steps.Where(s => s.DocumentSha256 != null).Select(s => s.DocumentSha256!).ToList();

        foreach (var admission in admissions) admission.Deidentify(now, stations.DateOf(admission.AdmittedAt));
        foreach (var exit in exits) exit.Deidentify();
        foreach (var step in steps) step.Deidentify();
        foreach (var request in dna) request.Deidentify();
        foreach (var report in reports) report.Deidentify();
        foreach (var announcement in announcements) announcement.Deidentify();
        await db.SaveChangesAsync(ct);
        await db.StayEvents.Where(e => due.Contains(e.AdmissionId)).ExecuteUpdateAsync(s => s.SetProperty(e => e.Reason, (string?)null), ct);
        await db.FaceJobs.Where(j => photoIds.Contains(j.PhotoId)).ExecuteDeleteAsync(ct);
        var signatures = await db.FaceSignatures.Where(f => photoIds.Contains(f.PhotoId)).ExecuteDeleteAsync(ct);
        await db.Photos.Where(p => photoIds.Contains(p.Id)).ExecuteDeleteAsync(ct);

        var audit = services.GetRequiredService<AuditLog>();
        var changes = services.GetRequiredService<ChangeOutbox>();
        foreach (var admission in admissions)
        {
            var own = photos.Count(p => p.OwnerId == admission.Id || p.OwnerId == admission.ReportId);
            audit.Add(AuditAction.Purge, nameof(Admission), admission.Id, $"de-identified {years} years after the exit: personal data, {own} photos and their face signatures deleted");
            changes.Record(RecordKind.Admission, admission.Id, ChangeKind.Updated, $"de-identified {years} years after the exit");
            if (own > 0) changes.Record(RecordKind.Admission, admission.Id, ChangeKind.FacesFound, "photos deleted with the personal data");
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        // The files go once no row names them (a photo's bytes may be shared by another record's identical upload).
        var stillNamed = await db.Photos.Where(p => photos.Select(q => q.Sha256).Contains(p.Sha256)).Select(p => p.Sha256).Distinct().ToListAsync(ct);
        DurableFiles.Remove(services.GetRequiredService<PhotoStore>().Root, photos.Select(p => p.Sha256).Except(stillNamed).Distinct());
        var documentsNamed = await db.SettlementSteps.Where(s => s.DocumentSha256 != null && documents.Contains(s.DocumentSha256)).Select(s => s.DocumentSha256!).ToListAsync(ct);
        DurableFiles.Remove(services.GetRequiredService<SettlementDocuments>().Root, documents.Except(documentsNamed).Distinct());
        return new(admissions.Count, photos.Count, signatures, documents.Count);
    }
}
