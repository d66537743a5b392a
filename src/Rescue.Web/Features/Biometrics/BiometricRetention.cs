using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Features.Biometrics;

/// <summary>
/// Deletes the face signatures (biometric data) of closed notices and identified people once
/// <see cref="BiometricsOptions.RetentionDays"/> have passed since the closing or the identification, with the
/// queued face work of their photos so that nothing computes them again; the photos themselves stay. Each batch is
/// one transaction with an audit entry and an outbox row per record; at start, then hourly. Rows are taken with
/// SKIP LOCKED, so several app instances may run it.
/// </summary>
internal sealed class BiometricRetention(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<BiometricsOptions> options, ILogger<BiometricRetention> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Photos per transaction: a backlog (the first run after an upgrade) is worked off in short transactions.</summary>
    public const int BatchSize = 200;

    /// <summary>
    /// Photos whose record no longer needs face signatures since <paramref name="closedBy"/> or earlier: photos of
    /// notices closed (found, withdrawn, expired) and of admissions of people whose identity was established. A
    /// reopened notice has no <see cref="MissingPersonNotice.ClosedAt"/>, so its photos are not among them.
    /// </summary>
    public static IQueryable<Photo> PhotosOfClosedRecords(RescueDbContext db, DateTimeOffset closedBy) =>
        db.Photos.Where(p =>
            (p.OwnerKind == PhotoOwner.Notice && db.Notices.Any(n => n.Id == p.OwnerId && n.ClosedAt <= closedBy)) ||
            (p.OwnerKind == PhotoOwner.Admission && db.Admissions.Any(a => a.Id == p.OwnerId && a.Person.IdentifiedAt <= closedBy)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var purged = await PurgeAsync(stoppingToken);
                if (purged > 0) log.LogInformation("Deleted {Count} face signatures past their retention", purged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not delete face signatures past their retention; trying again in {Minutes} minutes", Interval.TotalMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Purges every photo due now, a batch per scope and transaction; returns how many face signatures it deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var batch = await PurgeBatchAsync(scope.ServiceProvider, ct);
            total += batch.Signatures;
            // Photos another instance or the face worker holds are left for the next round.
            if (batch.Candidates < BatchSize || batch.Photos == 0) return total;
        }
    }

    private async Task<(int Candidates, int Photos, int Signatures)> PurgeBatchAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<RescueDbContext>();
        var days = options.Value.RetentionDays;
        // An elapsed period from an instant, like the other keeping times; not a rule about the station's calendar days.
        var closedBy = clock.GetUtcNow() - options.Value.Retention;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidates = await PhotosOfClosedRecords(db, closedBy)
            .Where(p => db.FaceSignatures.Any(f => f.PhotoId == p.Id) || db.FaceJobs.Any(j => j.PhotoId == p.Id))
            .OrderBy(p => p.Id).Take(BatchSize)
            .Select(p => new { p.Id, p.OwnerKind, p.OwnerId })
            .ToListAsync(ct);
        if (candidates.Count == 0) return (0, 0, 0);

        // Locks in the face worker's order, the queued job and then the photo, so the two never wait on each other.
        var ids = candidates.Select(c => c.Id).ToArray();
        var queued = await db.FaceJobs.Where(j => ids.Contains(j.PhotoId)).Select(j => j.PhotoId).ToListAsync(ct);
        var jobsTaken = await db.Database
            .SqlQuery<Guid>($"""SELECT "PhotoId" AS "Value" FROM "FaceJobs" WHERE "PhotoId" = ANY({ids}) FOR UPDATE SKIP LOCKED""")
            .ToListAsync(ct);
        var free = ids.Except(queued.Except(jobsTaken)).ToArray();
        var taken = await db.Database
            .SqlQuery<Guid>($"""SELECT "Id" AS "Value" FROM "Photos" WHERE "Id" = ANY({free}) FOR UPDATE SKIP LOCKED""")
            .ToListAsync(ct);
        if (taken.Count == 0) return (candidates.Count, 0, 0);

        var counts = await db.FaceSignatures.Where(f => taken.Contains(f.PhotoId)).GroupBy(f => f.PhotoId)
            .Select(g => new { PhotoId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.PhotoId, g => g.Count, ct);
        await db.FaceJobs.Where(j => taken.Contains(j.PhotoId)).ExecuteDeleteAsync(ct);
        var deleted = await db.FaceSignatures.Where(f => taken.Contains(f.PhotoId)).ExecuteDeleteAsync(ct);
        await db.Photos.Where(p => taken.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.FaceStatus, FaceStatus.NotKept), ct);

        var audit = services.GetRequiredService<AuditLog>();
        var changes = services.GetRequiredService<ChangeOutbox>();
        foreach (var record in candidates.Where(c => taken.Contains(c.Id)).GroupBy(c => (c.OwnerKind, c.OwnerId)))
        {
            var (owner, ownerId) = record.Key;
            var signatures = record.Sum(c => counts.GetValueOrDefault(c.Id));
            var (subject, since) = owner == PhotoOwner.Notice ? (nameof(MissingPersonNotice), "the notice closed") : (nameof(Admission), "the person was identified");
            audit.Add(AuditAction.Purge, subject, ownerId, $"{signatures} face signatures of {record.Count()} photos deleted, {days} days after {since}");
            if (ChangeOutbox.KindOf(owner) is { } kind) changes.Record(kind, ownerId, ChangeKind.FacesFound, $"{signatures} face signatures deleted after {days} days");
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (candidates.Count, taken.Count, deleted);
    }
}
