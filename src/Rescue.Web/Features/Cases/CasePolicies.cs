using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Cases;

/// <summary>Reads the station's <see cref="CasePolicy"/> (the one row the migration seeds with the national defaults).</summary>
public sealed class CasePolicies(RescueDbContext db)
{
    public async Task<CasePolicy> CurrentAsync(CancellationToken ct) =>
        await db.CasePolicies.AsNoTracking().SingleOrDefaultAsync(ct) ?? new CasePolicy();
}
