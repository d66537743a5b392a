using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Features.Reports;

/// <summary>A liaison sees the photos of their own agency's reports, nothing else.</summary>
internal sealed class ReportPhotoAccess(RescueDbContext db) : IPhotoOwnerAccess
{
    public Task<bool> LiaisonMaySeeAsync(Photo photo, Guid agencyId, CancellationToken ct) =>
        db.Reports.AnyAsync(r => r.Id == photo.OwnerId && r.AgencyId == agencyId, ct);
}
