using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rescue.Search.Vectors;
using Rescue.Web.Data;
using Rescue.Web.Features.Changes;
using ChangeRecordKind = Rescue.Web.Features.Changes.RecordKind;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// Fills the app's face-signature index from PostgreSQL at start and keeps it in step with the change outbox: every
/// change of a notice or an admission (its status, its attributes, its photos' faces) reloads that record's faces,
/// so a closed notice leaves the index before the next query that follows the change, and a new face joins it.
/// The index is not ready (and neither is the app, see <see cref="FaceIndexReadiness"/>) until the first load ends.
/// </summary>
public sealed class FaceIndexFeed(IServiceScopeFactory scopes, FaceSignatureIndex index, TimeProvider clock, ILogger<FaceIndexFeed> log) : BackgroundService
{
    /// <summary>How often the feed reads the outbox when idle.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const int PageSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChangeCursor _cursor = ChangeCursor.Start;

    /// <summary>The first load has finished: queries see every face stored before the start.</summary>
    public bool Loaded { get; private set; }

    /// <summary>How long the first load took.</summary>
    public TimeSpan LoadTime { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!Loaded)
        {
            try
            {
                await LoadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not load the face index; trying again in 5 seconds");
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
        using var timer = new PeriodicTimer(PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not follow the change outbox; trying again shortly");
            }
        }
    }

    /// <summary>
    /// Loads every indexed face. The cursor is taken first: a change that commits during the load is applied again
    /// afterwards, which changes nothing, while one taken after the load could be missed.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var watch = Stopwatch.StartNew();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            _cursor = await ChangeOutbox.LastStableCursorAsync(db, ct);
            var faces = await ApplyAsync(db, null, null, ct);
            LoadTime = watch.Elapsed;
            Loaded = true;
            log.LogInformation("Face index loaded: {Faces} faces in {Seconds:0.0} s, {Megabytes} MB", faces, LoadTime.TotalSeconds, index.MemoryBytes / (1024 * 1024));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies every change committed since the last call; returns how many changes it read.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        if (!Loaded) return 0;
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var read = 0;
            while (await ChangeOutbox.ReadAfterAsync(db, _cursor, PageSize, ct) is { Count: > 0 } page)
            {
                var notices = page.Where(c => c.RecordKind == ChangeRecordKind.Notice).Select(c => c.RecordId).ToHashSet();
                var admissions = page.Where(c => c.RecordKind == ChangeRecordKind.Admission).Select(c => c.RecordId).ToHashSet();
                if (notices.Count + admissions.Count > 0) await ApplyAsync(db, notices, admissions, ct);
                _cursor = new ChangeCursor(page[^1].Transaction, page[^1].Id);
                read += page.Count;
            }
            return read;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Puts the current faces of the given records (all when null) into the index, and takes out what left it.</summary>
    private async Task<int> ApplyAsync(RescueDbContext db, IReadOnlyCollection<Guid>? notices, IReadOnlyCollection<Guid>? admissions, CancellationToken ct)
    {
        var records = await IndexedRecords.NoticesAsync(db, notices, ct);
        foreach (var (id, record) in await IndexedRecords.AdmissionsAsync(db, admissions, ct)) records[id] = record;
        // A record that changed loses all its faces first: a closed notice, a face no longer the person's.
        foreach (var id in (notices ?? []).Concat(admissions ?? [])) index.RemoveRecord(id);
        if (notices is not null && admissions is not null && records.Count == 0) return 0;

        var owners = notices is null ? null : records.Keys.ToList();
        var added = 0;
        await foreach (var face in IndexedRecords.FacesAsync(db, owners).WithCancellation(ct))
        {
            if (!records.TryGetValue(face.OwnerId, out var record)) continue;
            if (face.Embedding.Length != SignatureCodes.Dimensions)
            {
                log.LogWarning("Face signature {SignatureId} has {Length} values, not {Dimensions}: left out of the index", face.SignatureId, face.Embedding.Length, SignatureCodes.Dimensions);
                continue;
            }
            index.Upsert(face.SignatureId, record, face.Embedding);
            added++;
        }
        return added;
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}

/// <summary>The app is ready only once the face index is loaded: before, a search would miss faces.</summary>
internal sealed class FaceIndexReadiness(FaceIndexFeed feed) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feed.Loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the face index is loading"));
}
