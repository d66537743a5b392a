using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Features.Changes;

/// <summary>A consumer's place in the outbox: the last change it has read.</summary>
public sealed record ChangeCursor(ulong Transaction, long Id) : IComparable<ChangeCursor>
{
    public static readonly ChangeCursor Start = new(0, 0);

    /// <summary>The order consumers read in: by transaction, then by id.</summary>
    public int CompareTo(ChangeCursor? other) =>
        other is null ? 1 : Transaction != other.Transaction ? Transaction.CompareTo(other.Transaction) : Id.CompareTo(other.Id);
}

/// <summary>
/// Writes the change outbox: every service that changes a report, an admission or a notice calls
/// <see cref="Record"/> once per record changed, in the unit of work of the change itself.
/// </summary>
public sealed class ChangeOutbox(RescueDbContext db, TimeProvider clock)
{
    public const int DetailLength = 200;

    /// <summary>Adds the row to the pending changes; the caller's SaveChanges (and transaction) commits it with the change.</summary>
    public void Record(RecordKind kind, Guid id, ChangeKind what, string? detail = null) =>
        db.Changes.Add(new Change
        {
            RecordKind = kind,
            RecordId = id,
            What = what,
            Detail = detail is { Length: > DetailLength } ? detail[..DetailLength] : detail,
            At = clock.GetUtcNow(),
        });

    /// <summary>The record a photo belongs to, as the outbox names it; null for a tip's photo, which no consumer reads.</summary>
    public static RecordKind? KindOf(PhotoOwner owner) => owner switch
    {
        PhotoOwner.Report => RecordKind.Report,
        PhotoOwner.Admission => RecordKind.Admission,
        PhotoOwner.Notice => RecordKind.Notice,
        _ => null,
    };

    /// <summary>"Open→Found": how a status change is told in <see cref="Change.Detail"/>.</summary>
    public static string Move<T>(T from, T to) where T : struct, Enum => $"{from}→{to}";

    /// <summary>
    /// The cursor of the last change no running transaction can precede: where a consumer that has just read the
    /// records' current state begins following (<see cref="ReadAfterAsync"/>'s rule, read backwards).
    /// </summary>
    public static async Task<ChangeCursor> LastStableCursorAsync(RescueDbContext db, CancellationToken ct)
    {
        var last = await db.Changes.FromSql($"""
            SELECT * FROM "Changes" WHERE "Transaction" < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY "Transaction" DESC, "Id" DESC LIMIT 1
            """).AsNoTracking().Select(c => new { c.Transaction, c.Id }).SingleOrDefaultAsync(ct);
        return last is null ? ChangeCursor.Start : new ChangeCursor(last.Transaction, last.Id);
    }

    /// <summary>
    /// Up to <paramref name="max"/> committed changes after <paramref name="after"/>, in the order they can no longer be
    /// overtaken: only rows of transactions older than every transaction still running are returned, so a row that
    /// commits later can never sort before the cursor. Store the last row's (Transaction, Id) as the next cursor.
    /// </summary>
    public static Task<List<Change>> ReadAfterAsync(RescueDbContext db, ChangeCursor after, int max, CancellationToken ct) =>
        db.Changes.FromSql($"""
            SELECT * FROM "Changes"
            WHERE ("Transaction", "Id") > ({after.Transaction}::text::xid8, {after.Id})
              AND "Transaction" < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY "Transaction", "Id"
            LIMIT {max}
            """).AsNoTracking().ToListAsync(ct);

    /// <summary>Where a consumer that keeps its place in the database (<see cref="ConsumerCursor"/>) stopped; the start when it never read.</summary>
    public static async Task<ChangeCursor> ReadCursorAsync(RescueDbContext db, string consumer, CancellationToken ct)
    {
        var row = await db.ConsumerCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Consumer == consumer, ct);
        return row is null ? ChangeCursor.Start : new ChangeCursor(row.Transaction, row.ChangeId);
    }

    /// <summary>
    /// Moves a consumer's stored cursor; the caller's SaveChanges writes it, in the transaction of what the consumer
    /// did with the changes, so that a crash neither skips nor half-applies them.
    /// </summary>
    public async Task SaveCursorAsync(string consumer, ChangeCursor cursor, CancellationToken ct)
    {
        var row = await db.ConsumerCursors.SingleOrDefaultAsync(c => c.Consumer == consumer, ct);
        if (row is null) db.ConsumerCursors.Add(row = new ConsumerCursor { Consumer = consumer });
        row.Transaction = cursor.Transaction;
        row.ChangeId = cursor.Id;
        row.UpdatedAt = clock.GetUtcNow();
    }
}
