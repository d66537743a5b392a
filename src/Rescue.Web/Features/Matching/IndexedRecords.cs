using Microsoft.EntityFrameworkCore;
using Rescue.Search.Matching;
using Rescue.Search.Vectors;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// Which records have their faces in the index, with the attributes a query filters on: open notices (searchable),
/// admissions in the station (searchable) and past admissions (kept, searched only on request). A notice that is
/// pending vetting, found, withdrawn or expired has no face in the index: closing it takes its faces out at once.
/// </summary>
internal static class IndexedRecords
{
    /// <summary>The indexed notices among <paramref name="ids"/> (all when null), by id.</summary>
    public static async Task<Dictionary<Guid, FaceRecord>> NoticesAsync(RescueDbContext db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var notices = db.Notices.AsNoTracking().Where(n => n.Status == NoticeStatus.Open);
        if (ids is not null) notices = notices.Where(n => ids.Contains(n.Id));
        var rows = await notices
            .Select(n => new { n.Id, n.Sex, BirthYear = n.DateOfBirth == null ? (int?)null : n.DateOfBirth.Year, n.AgeAtDisappearance, n.LastSeenOn })
            .ToListAsync(ct);
        return rows.ToDictionary(n => n.Id, n =>
        {
            var (from, to) = BirthYears.OfNotice(n.BirthYear, n.AgeAtDisappearance, n.LastSeenOn);
            return new FaceRecord(n.Id, RecordKind.Notice, RecordStatus.Open, SexOf(n.Sex), from, to);
        });
    }

    /// <summary>The indexed admissions among <paramref name="ids"/> (all when null), by id.</summary>
    public static async Task<Dictionary<Guid, FaceRecord>> AdmissionsAsync(RescueDbContext db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var admissions = db.Admissions.AsNoTracking();
        if (ids is not null) admissions = admissions.Where(a => ids.Contains(a.Id));
        var rows = await admissions
            .Select(a => new { a.Id, a.Status, a.Sex, a.DateOfBirth, a.EstimatedAgeMin, a.EstimatedAgeMax, a.AdmittedAt })
            .ToListAsync(ct);
        return rows.ToDictionary(a => a.Id, a =>
        {
            // An estimated age is the age at admission.
            var (from, to) = BirthYears.OfPerson(a.DateOfBirth?.Year, a.EstimatedAgeMin, a.EstimatedAgeMax, DateOnly.FromDateTime(a.AdmittedAt.UtcDateTime));
            var status = a.Status == AdmissionStatus.InStation ? RecordStatus.Open : RecordStatus.Closed;
            return new FaceRecord(a.Id, RecordKind.Admission, status, SexOf(a.Sex), from, to);
        });
    }

    /// <summary>The person's faces (the face staff confirmed, or the only candidate) of photos of the given records.</summary>
    public static IAsyncEnumerable<IndexedFace> FacesAsync(RescueDbContext db, IReadOnlyCollection<Guid>? ownerIds)
    {
        var photos = db.Photos.Where(p => p.OwnerKind == PhotoOwner.Notice || p.OwnerKind == PhotoOwner.Admission);
        if (ownerIds is not null) photos = photos.Where(p => ownerIds.Contains(p.OwnerId));
        return db.FaceSignatures.AsNoTracking()
            .Where(f => f.IsPerson && f.Usable)
            .Join(photos, f => f.PhotoId, p => p.Id, (f, p) => new IndexedFace(f.Id, p.OwnerId, f.Embedding))
            .AsAsyncEnumerable();
    }

    private static RecordSex SexOf(Sex sex) => sex switch
    {
        Sex.Male => RecordSex.Male,
        Sex.Female => RecordSex.Female,
        _ => RecordSex.Unknown,
    };
}

/// <summary>One face signature on its way into the index.</summary>
internal sealed record IndexedFace(Guid SignatureId, Guid OwnerId, float[] Embedding);
