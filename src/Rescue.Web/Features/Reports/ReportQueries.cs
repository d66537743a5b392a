using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Reports;

/// <summary>Who may see which reports: a liaison only their agency's, the station all of them.</summary>
public sealed class ReportQueries(RescueDbContext db, AuditLog audit)
{
    public sealed record Filter(ReportStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, Guid? AgencyId = null, string? Search = null);

    /// <summary>The agency a caller is limited to, or null for station roles that see every report.</summary>
    public static Guid? AgencyLimitOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.StationStaff) || user.IsInRole(Roles.CaseOfficer)
            ? null
            : Guid.TryParse(user.FindFirstValue(RescueClaims.AgencyId), out var id) ? id : Guid.Empty;

    public async Task<List<ReportItem>> ListAsync(ClaimsPrincipal user, Filter filter, CancellationToken ct)
    {
        var query = Visible(user);
        if (filter.Status is { } status) query = query.Where(r => r.Status == status);
        if (filter.From is { } from) query = query.Where(r => r.FoundAt >= from.ToUniversalTime());
        if (filter.To is { } to) query = query.Where(r => r.FoundAt < to.ToUniversalTime());
        if (filter.AgencyId is { } agency) query = query.Where(r => r.AgencyId == agency);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var pattern = Like.Containing(filter.Search.Trim());
            query = query.Where(r => EF.Functions.ILike(r.PlaceText, pattern, Like.Escape) || EF.Functions.ILike(r.Description, pattern, Like.Escape)
                || EF.Functions.ILike(r.OfficerName, pattern, Like.Escape));
        }
        return await query
            .OrderByDescending(r => r.FoundAt)
            .Take(200)
            .Select(r => new ReportItem(r.Id, r.Agency.Name, r.FoundAt, r.PlaceText, r.Sex, r.Needs, r.Status,
                db.Admissions.Where(a => a.Id == r.AdmissionId).Select(a => a.CaseNumber).FirstOrDefault(),
                db.Photos.Count(p => p.OwnerKind == PhotoOwner.Report && p.OwnerId == r.Id)))
            .ToListAsync(ct);
    }

    /// <summary>The report, or null when it does not exist or the caller may not see it (the same answer, so nothing leaks).</summary>
    public async Task<ReportDetails?> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var report = await Visible(user).Include(r => r.Agency).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return null;
        var caseNumber = report.AdmissionId is { } admissionId
            ? await db.Admissions.Where(a => a.Id == admissionId).Select(a => a.CaseNumber).SingleOrDefaultAsync(ct)
            : null;
        var photos = await PhotoRef.ListAsync(db, PhotoOwner.Report, id, ct);
        await audit.RecordReadAsync(nameof(DiscoveryReport), id, null, ct);
        return ReportDetails.From(report, report.Agency.Name, caseNumber, photos);
    }

    private IQueryable<DiscoveryReport> Visible(ClaimsPrincipal user)
    {
        var limit = AgencyLimitOf(user);
        var query = db.Reports.AsNoTracking();
        return limit is { } agencyId ? query.Where(r => r.AgencyId == agencyId) : query;
    }
}
