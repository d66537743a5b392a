using Microsoft.EntityFrameworkCore;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Hosting;

namespace Rescue.Web.Data;

/// <summary>
/// Seals the sensitive values a database kept in plain text before the fields were sealed (the EncryptedFields
/// migration changed only the columns' types: the key is outside the database, so SQL cannot seal), and gives their
/// ID numbers the lookup hash. Runs at start, in batches of 200; a database with nothing plain answers four quick
/// queries. Each record is sealed the way its writer seals it (the entity's <c>Seal</c>).
/// </summary>
public static class SealExistingFields
{
    private const int Batch = 200;

    private const string Sealed = SealedFields.SealedPrefix + "%";

    public static async Task<int> SealAsync(RescueDbContext db, SealedFields fields, CancellationToken ct)
    {
        var sealedCount = 0;
        sealedCount += await SealAllAsync(db, db.Admissions.Where(a =>
            (a.SealedIdNumber != null && (a.IdNumberLookup == null || !EF.Functions.Like(a.SealedIdNumber, Sealed)))
            || (a.SealedHealthNotes != null && !EF.Functions.Like(a.SealedHealthNotes, Sealed))).OrderBy(a => a.Id), a => a.Open(fields).Seal(fields), ct);
        sealedCount += await SealAllAsync(db, db.StayExits.Where(e =>
            e.SealedRelativeDocumentNumber != null && !EF.Functions.Like(e.SealedRelativeDocumentNumber, Sealed)).OrderBy(e => e.Id), e => e.Open(fields).Seal(fields), ct);
        sealedCount += await SealAllAsync(db, db.SettlementSteps.Where(s =>
            s.SealedIdNumber != null && !EF.Functions.Like(s.SealedIdNumber, Sealed)).OrderBy(s => s.Id), s => s.Open(fields).Seal(fields), ct);
        sealedCount += await SealAllAsync(db, db.DnaRequests.Where(d =>
            d.SealedResult != null && !EF.Functions.Like(d.SealedResult, Sealed)).OrderBy(d => d.Id), d => d.Open(fields).Seal(fields), ct);
        return sealedCount;
    }

    private static async Task<int> SealAllAsync<T>(RescueDbContext db, IOrderedQueryable<T> plain, Action<T> seal, CancellationToken ct) where T : class
    {
        var count = 0;
        while (true)
        {
            var rows = await plain.Take(Batch).ToListAsync(ct);
            if (rows.Count == 0) return count;
            foreach (var row in rows) seal(row);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            count += rows.Count;
        }
    }
}
