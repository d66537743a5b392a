using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rescue.Web.Features.Audit;

/// <summary>
/// Puts every audit entry a unit of work adds into the chain (<see cref="AuditChain"/>), in the transaction of the
/// change it records. SaveChanges holds the entries back and saves the rest (in a transaction it opens when the caller
/// has none); the transaction's commit appends them, numbered after the last committed entry. Taking the chain's lock
/// at the commit, not at the first SaveChanges, is what keeps a transaction that saves several times (and locks rows
/// in between) from waiting for a row while holding the lock every other writer of the audit trail waits for.
/// A rolled-back transaction appends nothing, so it leaves no entry and no gap.
/// </summary>
public sealed class AuditChainWriter(AuditChain chain) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    /// <summary>A context's entries saved in a transaction and not yet appended.</summary>
    private sealed class Pending
    {
        public DbTransaction? Transaction;
        public readonly List<AuditEntry> Entries = [];
        public List<AuditEntry> Saving = [];
        public IDbContextTransaction? Own;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (eventData.Context is not { } db) return result;
        var added = db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0) return result;
        var pending = _pending.GetOrCreateValue(db);
        if (db.Database.CurrentTransaction is null)
        {
            pending.Own = await db.Database.BeginTransactionAsync(ct);
            // The transaction is the save's own: a savepoint inside it would be one more round trip for nothing.
            db.Database.AutoSavepointsEnabled = false;
        }
        pending.Saving = [.. added.Select(e => e.Entity)];
        foreach (var entry in added) entry.State = EntityState.Detached;
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        if (eventData.Context is not { } db || !_pending.TryGetValue(db, out var pending) || pending.Saving.Count == 0) return result;
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (pending.Transaction != transaction)
        {
            Forget(pending);
            pending.Transaction = transaction;
        }
        // Counted as saved, as EF would have counted them.
        var held = pending.Saving.Count;
        pending.Entries.AddRange(pending.Saving);
        pending.Saving = [];
        if (pending.Own is { } own)
        {
            pending.Own = null;
            db.Database.AutoSavepointsEnabled = true;
            await using (own) await own.CommitAsync(ct);
        }
        return result + held;
    }

    public async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default) =>
        await RestoreAsync(eventData.Context);

    public async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default) =>
        await RestoreAsync(eventData.Context);

    /// <summary>A failed save leaves the entries added, as EF leaves every other entity, for the caller to retry or drop.</summary>
    private async Task RestoreAsync(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out var pending) || pending.Saving.Count == 0) return;
        db.AddRange(pending.Saving);
        pending.Saving = [];
        if (pending.Own is { } own)
        {
            pending.Own = null;
            db.Database.AutoSavepointsEnabled = true;
            await own.DisposeAsync();
        }
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken ct = default)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var pending) && pending.Transaction == transaction && pending.Entries.Count > 0)
        {
            await chain.AppendAsync(transaction, pending.Entries, ct);
            Forget(pending);
        }
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken ct = default)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var pending)) Forget(pending);
        return ValueTask.FromResult(result);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var pending)) Forget(pending);
        return Task.CompletedTask;
    }

    private static void Forget(Pending pending)
    {
        pending.Entries.Clear();
        pending.Transaction = null;
    }

    // Synchronous saves and commits cannot append without blocking on the database; Rescue saves asynchronously.
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context?.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added) == true
            ? throw new InvalidOperationException("Audit entries are saved with SaveChangesAsync.")
            : result;

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result) =>
        eventData.Context is { } db && _pending.TryGetValue(db, out var pending) && pending.Entries.Count > 0
            ? throw new InvalidOperationException("A transaction with audit entries is committed with CommitAsync.")
            : result;
}
