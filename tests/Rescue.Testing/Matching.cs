using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Data;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Matching;

namespace Rescue.Testing;

/// <summary>Waits for the outbox's consumers (matching, announcements) to have seen every change committed so far, as a test needs before it asserts.</summary>
public static class Matching
{
    /// <summary>
    /// Applies the outbox to the engine and searches again until both have passed the last change committed when
    /// called. One pass is not enough: the outbox hands out a change only once no older transaction is still
    /// running, anywhere on the server, and other tests' transactions (an import) run on the same server.
    /// </summary>
    public static async Task CaughtUpAsync(this RescueApp app)
    {
        var feed = app.Services.GetRequiredService<MatchFeed>();
        var followers = app.Services.GetServices<IChangeFollower>().ToList();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var last = await db.Changes.OrderByDescending(c => c.Transaction).ThenByDescending(c => c.Id)
            .Select(c => new { c.Transaction, c.Id }).FirstOrDefaultAsync();
        if (last is null) return;
        var target = new ChangeCursor(last.Transaction, last.Id);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await feed.CatchUpAsync(default);
            var behind = new List<string>();
            foreach (var follower in followers)
            {
                await follower.CatchUpAsync(default);
                var at = await ChangeOutbox.ReadCursorAsync(db, follower.Consumer, default);
                if (at.CompareTo(target) < 0) behind.Add($"{follower.Consumer} at {at}");
            }
            var searched = await ChangeOutbox.ReadCursorAsync(db, MatchFeed.Consumer, default);
            if (feed.Cursor.CompareTo(target) >= 0 && searched.CompareTo(target) >= 0 && behind.Count == 0) return;
            if (waited.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"the outbox's consumers did not reach change {target} (engine at {feed.Cursor}, candidates at {searched}; {string.Join(", ", behind)})");
            await Task.Delay(50);
        }
    }
}
