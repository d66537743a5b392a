using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Changes;

/// <summary>
/// A consumer of the change outbox that keeps its place in the database: it handles one page of changes and stores
/// the cursor (<see cref="ChangeOutbox.SaveCursorAsync"/>) in the same transaction as what it did, so a crash neither
/// skips nor repeats a change. A <see cref="ChangeFollower{TConsumer}"/> feeds it.
/// </summary>
public interface IChangeConsumer
{
    /// <summary>The consumer's name in the <c>ConsumerCursors</c> table.</summary>
    static abstract string Consumer { get; }

    Task HandleAsync(IReadOnlyList<Change> page, ChangeCursor cursor, CancellationToken ct);
}

/// <summary>What the app (and a test waiting for it) knows of every follower.</summary>
public interface IChangeFollower
{
    string Consumer { get; }

    /// <summary>Handles every change committed since the consumer's cursor; returns how many it read.</summary>
    Task<int> CatchUpAsync(CancellationToken ct);
}

/// <summary>
/// Reads the outbox every second from a consumer's stored cursor and hands each page to it, in a scope of its own.
/// Register with <see cref="ChangeFollowers.AddChangeFollower{TConsumer}"/>.
/// </summary>
public sealed class ChangeFollower<TConsumer>(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ChangeFollower<TConsumer>> log)
    : BackgroundService, IChangeFollower where TConsumer : class, IChangeConsumer
{
    /// <summary>How often the outbox is read when idle: a change is handled within this.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const int PageSize = 200;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private static string LockKey => "change-follower:" + TConsumer.Consumer;

    public string Consumer => TConsumer.Consumer;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, clock);
        do
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "{Consumer} could not follow the change outbox; trying again shortly", TConsumer.Consumer);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var read = 0;
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
                // One reader of the consumer's cursor at a time in every instance sharing the database: the next one reads
                // the cursor the first has moved, and never handles the same page twice. A session lock on a connection held
                // open for the page, so it also ends if the process dies.
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock(hashtextextended({LockKey}, 0))", ct);
                try
                {
                    var cursor = await ChangeOutbox.ReadCursorAsync(db, TConsumer.Consumer, ct);
                    var page = await ChangeOutbox.ReadAfterAsync(db, cursor, PageSize, ct);
                    if (page.Count == 0) return read;
                    await scope.ServiceProvider.GetRequiredService<TConsumer>().HandleAsync(page, new ChangeCursor(page[^1].Transaction, page[^1].Id), ct);
                    read += page.Count;
                }
                finally
                {
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({LockKey}, 0))", CancellationToken.None);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}

public static class ChangeFollowers
{
    /// <summary>Runs <typeparamref name="TConsumer"/> (registered scoped by the caller) on the outbox in the background.</summary>
    public static IServiceCollection AddChangeFollower<TConsumer>(this IServiceCollection services) where TConsumer : class, IChangeConsumer
    {
        services.AddSingleton<ChangeFollower<TConsumer>>();
        services.AddSingleton<IChangeFollower>(sp => sp.GetRequiredService<ChangeFollower<TConsumer>>());
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFollower<TConsumer>>());
        return services;
    }
}
