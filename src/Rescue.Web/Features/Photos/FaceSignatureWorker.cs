using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Vision;
using Rescue.Web.Data;
using Rescue.Web.Features.Biometrics;
using Rescue.Web.Features.Changes;

namespace Rescue.Web.Features.Photos;

/// <summary>The <c>Rescue:Faces</c> settings.</summary>
public sealed class FaceOptions
{
    public const string Section = "Rescue:Faces";

    /// <summary>Compute face signatures in the background (off only where the models are absent on purpose).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often an idle worker looks for queued photos.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before a photo is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// Takes queued photos one at a time, finds their faces and stores the signatures with the model
/// version. One photo at a time keeps a core free for the people at the door; a row lock (SKIP LOCKED)
/// lets several app instances share the queue. A tool that needs every signature at once (the matching
/// evaluation) calls <see cref="ProcessNextAsync"/> until the queue is empty instead of waiting on the timer.
/// </summary>
public sealed class FaceSignatureWorker(
    IServiceScopeFactory scopes, Lazy<FacePipeline> pipeline, PhotoStore store, IOptions<FaceOptions> options,
    TimeProvider clock, ILogger<FaceSignatureWorker> log) : BackgroundService
{
    /// <summary>Loads and verifies the models before the app serves anyone: a corrupt model stops the start with a clear error.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled) _ = pipeline.Value;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await ProcessNextAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "The face worker failed; it tries again shortly");
                worked = false;
            }
            if (!worked) await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Processes one queued photo; false when the queue has nothing ready.</summary>
    public async Task<bool> ProcessNextAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = await db.FaceJobs
            .FromSql($"""SELECT * FROM "FaceJobs" WHERE "FailedAt" IS NULL AND "NotBefore" <= {now} ORDER BY "NotBefore" LIMIT 1 FOR UPDATE SKIP LOCKED""")
            .SingleOrDefaultAsync(ct);
        if (job is null) return false;

        var photo = await db.Photos.SingleAsync(p => p.Id == job.PhotoId, ct);
        // Biometric data is kept only while it may find someone: a closed notice or an identified person gets none.
        if (await BiometricRetention.PhotosOfClosedRecords(db, now).AnyAsync(p => p.Id == photo.Id, ct))
        {
            photo.FaceStatus = FaceStatus.NotKept;
            db.FaceJobs.Remove(job);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Photo {PhotoId}: its record is closed, no face signatures computed", photo.Id);
            return true;
        }
        try
        {
            var bytes = await store.ReadEvidenceAsync(photo.Sha256, ct) ?? throw new FileNotFoundException($"the file of photo {photo.Id} is missing");
            var analysis = pipeline.Value.Analyze(bytes);
            // Every face is kept with its signature, but only a candidate can be the person: one, and it
            // is; several, and staff choose. A poster or a passer-by behind the person does not count.
            var candidates = analysis.Candidates;
            var person = candidates.Count == 1 ? candidates[0] : null;
            await db.FaceSignatures.Where(f => f.PhotoId == photo.Id).ExecuteDeleteAsync(ct);
            var faces = analysis.Faces.Select((face, i) => new FaceSignature
            {
                Id = Guid.CreateVersion7(now),
                PhotoId = photo.Id,
                FaceIndex = i,
                BoxX = face.Box.X,
                BoxY = face.Box.Y,
                BoxSide = face.Box.Width,
                DetectorScore = face.Quality.DetectorScore,
                Sharpness = face.Quality.Sharpness,
                YawDegrees = face.Quality.YawDegrees,
                RollDegrees = face.Quality.RollDegrees,
                CutOff = face.Quality.CutOff,
                Usable = face.Quality.IsUsable,
                IsPerson = ReferenceEquals(face, person),
                Embedding = face.Embedding.Vector.ToArray(),
                ModelVersion = face.Embedding.ModelVersion,
                CreatedAt = now,
            }).ToList();
            photo.FaceStatus = analysis.Outcome switch
            {
                PhotoOutcome.FaceFound => person is not null ? FaceStatus.Found : FaceStatus.ChooseFace,
                PhotoOutcome.NoUsableFace => FaceStatus.NoUsableFace,
                _ => FaceStatus.NoFace,
            };
            db.FaceSignatures.AddRange(faces);
            db.FaceJobs.Remove(job);
            // The record's face signatures changed: matching learns it from the outbox, in this transaction.
            if (ChangeOutbox.KindOf(photo.OwnerKind) is { } kind) scope.ServiceProvider.GetRequiredService<ChangeOutbox>().Record(kind, photo.OwnerId, ChangeKind.FacesFound, $"photo {photo.Id}: {photo.FaceStatus}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Photo {PhotoId}: {Faces} faces, {Status}, {Milliseconds} ms", photo.Id, faces.Count, photo.FaceStatus, (int)analysis.Timings.Total.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            await RecordFailureAsync(db, job.PhotoId, e, now, ct);
        }
        return true;
    }

    private async Task RecordFailureAsync(RescueDbContext db, Guid photoId, Exception e, DateTimeOffset now, CancellationToken ct)
    {
        var job = await db.FaceJobs.SingleAsync(j => j.PhotoId == photoId, ct);
        job.Attempts++;
        job.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
        // Back off: a missing model or file is not fixed by retrying at once.
        job.NotBefore = now + TimeSpan.FromSeconds(Math.Pow(4, job.Attempts));
        if (job.Attempts >= options.Value.MaxAttempts)
        {
            job.FailedAt = now;
            await db.Photos.Where(p => p.Id == photoId).ExecuteUpdateAsync(s => s.SetProperty(p => p.FaceStatus, FaceStatus.Failed), ct);
        }
        await db.SaveChangesAsync(ct);
        log.LogWarning(e, "Photo {PhotoId}: face signatures failed (attempt {Attempt})", photoId, job.Attempts);
    }
}
