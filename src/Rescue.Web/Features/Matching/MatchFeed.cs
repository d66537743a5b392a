using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Rescue.Search.Matching;
using Rescue.Web.Data;
using Rescue.Web.Features.Changes;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// Fills the matching engine from PostgreSQL at start and keeps it in step with the change outbox: every change of a
/// notice or an admission (its status, its attributes, its photos' faces) reloads that record, so a closed notice or
/// an identified person leaves the engine before the next query that follows the change, and a new face joins it.
/// After each step the changed records are searched again (<see cref="MatchCandidates.RefreshAsync"/>) from a cursor
/// kept in the database, so a change made while the app was down is searched after the next start.
/// The app is not ready (see <see cref="MatchEngineReadiness"/>) until the first load ends.
/// </summary>
public sealed class MatchFeed(IServiceScopeFactory scopes, MatchEngine engine, TimeProvider clock, ILogger<MatchFeed> log) : BackgroundService
{
    /// <summary>How often the feed reads the outbox when idle.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The name of the candidate search's cursor in the database.</summary>
    public const string Consumer = "matching";

    private const int PageSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChangeCursor _cursor = ChangeCursor.Start;

    /// <summary>The first load has finished: queries see every record stored before the start.</summary>
    public bool Loaded { get; private set; }

    /// <summary>How long the first load took.</summary>
    public TimeSpan LoadTime { get; private set; }

    /// <summary>
    /// Where the first load's time went: reading the notices (rows and faces), putting them in the engine, and what the
    /// people took after that (they are read meanwhile).
    /// </summary>
    public LoadSteps? LoadSteps { get; private set; }

    public MatchEngine Engine => engine;

    /// <summary>The last change the engine has applied.</summary>
    public ChangeCursor Cursor => _cursor;

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
                log.LogError(e, "Could not load the matching engine; trying again in 5 seconds");
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
        using var timer = new PeriodicTimer(PollInterval, clock);
        do
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
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Loads every searchable record. The cursor is taken first: a change that commits during the load is applied
    /// again afterwards, which changes nothing, while one taken after the load could be missed.
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
            // The people are read on a connection of their own while the notices are read and put in.
            await using var peopleScope = scopes.CreateAsyncScope();
            var readingPeople = MatchSides.PeopleAsync(peopleScope.ServiceProvider.GetRequiredService<RescueDbContext>(), null, ct);
            var notices = await MatchSides.NoticesAsync(db, null, ct);
            var read = watch.Elapsed;
            engine.Upsert(notices);
            var held = watch.Elapsed;
            var people = await readingPeople;
            engine.Upsert(people);
            LoadTime = watch.Elapsed;
            LoadSteps = new(read, held - read, LoadTime - held);
            Loaded = true;
            log.LogInformation("Matching engine loaded: {Notices} notices and {People} people in {Seconds:0.0} s ({Steps})",
                notices.Count, people.Count, LoadTime.TotalSeconds, LoadSteps);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies every change committed since the last call to the engine, then searches again for the records that
    /// changed since the candidate cursor; returns how many changes it read.
    /// </summary>
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
                var (notices, admissions) = Records(page);
                await ApplyAsync(db, notices, admissions, ct);
                _cursor = new ChangeCursor(page[^1].Transaction, page[^1].Id);
                read += page.Count;
            }

            // The candidates follow the engine, never run ahead of it: what they search is what the engine holds.
            var candidates = scope.ServiceProvider.GetRequiredService<MatchCandidates>();
            var searched = await ChangeOutbox.ReadCursorAsync(db, Consumer, ct);
            while (searched.CompareTo(_cursor) < 0
                && await ChangeOutbox.ReadAfterAsync(db, searched, PageSize, ct) is { Count: > 0 } page)
            {
                var upTo = page.TakeWhile(c => new ChangeCursor(c.Transaction, c.Id).CompareTo(_cursor) <= 0).ToList();
                if (upTo.Count == 0) break;
                var (notices, admissions) = Records(upTo);
                searched = new ChangeCursor(upTo[^1].Transaction, upTo[^1].Id);
                await candidates.RefreshAsync(notices, admissions, Consumer, searched, ct);
                db.ChangeTracker.Clear();
            }
            return read;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static (HashSet<Guid> Notices, HashSet<Guid> Admissions) Records(IEnumerable<Change> changes)
    {
        var list = changes as IReadOnlyCollection<Change> ?? [.. changes];
        return (list.Where(c => c.RecordKind == RecordKind.Notice).Select(c => c.RecordId).ToHashSet(),
            list.Where(c => c.RecordKind == RecordKind.Admission).Select(c => c.RecordId).ToHashSet());
    }

    /// <summary>Puts the current state of the given records into the engine, and takes out those no longer searchable.</summary>
    private async Task ApplyAsync(RescueDbContext db, HashSet<Guid> notices, HashSet<Guid> admissions, CancellationToken ct)
    {
        if (notices.Count > 0)
        {
            var held = await MatchSides.NoticesAsync(db, notices, ct);
            foreach (var notice in held) engine.Upsert(notice);
            foreach (var id in notices.Except(held.Select(n => n.Id))) engine.RemoveNotice(id);
        }
        if (admissions.Count > 0)
        {
            var held = await MatchSides.PeopleAsync(db, admissions, ct);
            foreach (var person in held) engine.Upsert(person);
            foreach (var id in admissions.Except(held.Select(p => p.Id))) engine.RemovePerson(id);
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}

/// <summary>Where the first load's time went.</summary>
public sealed record LoadSteps(TimeSpan ReadNotices, TimeSpan HoldNotices, TimeSpan People);

/// <summary>The app is ready only once the matching engine is loaded: before, a search would miss records.</summary>
internal sealed class MatchEngineReadiness(MatchFeed feed) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(feed.Loaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the matching engine is loading"));
}
