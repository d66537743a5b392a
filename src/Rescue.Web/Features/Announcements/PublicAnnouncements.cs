using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>
/// What the public may see of the announcements: the one rule the board, the feeds, the exports, the posters and the
/// public photo URLs all ask. An announcement is public while it is published and its person is still at the station
/// and not identified; the moment any of that stops, every public channel stops showing it (the next request).
/// Only the fields of <see cref="PublicAnnouncement"/> ever leave through here.
/// </summary>
public sealed class PublicAnnouncements(RescueDbContext db) : IPublicPhotoSource
{
    /// <summary>Announcements on one board page.</summary>
    public const int PageSize = 24;

    /// <summary>The announcements public now, as rows (for the queries below).</summary>
    public IQueryable<Announcement> Current() =>
        db.Announcements.AsNoTracking().Where(a => a.Status == AnnouncementStatus.Published
            && db.Admissions.Where(Admission.Unidentified).Any(s => s.Id == a.AdmissionId && s.Status == AdmissionStatus.InStation));

    /// <summary>One page of the board, newest publication first, with the total that matches the filter.</summary>
    public async Task<BoardPage> BoardAsync(BoardFilter filter, CancellationToken ct)
    {
        var query = Filtered(filter);
        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var items = await Project(query.OrderByDescending(a => a.LastPublishedAt).ThenBy(a => a.Id).Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(ct);
        return new BoardPage(items, total, page, PageSize);
    }

    /// <summary>Every current announcement, newest publication first (feeds, exports, the newspaper list).</summary>
    public Task<List<PublicAnnouncement>> AllAsync(int max, CancellationToken ct) =>
        Project(Current().OrderByDescending(a => a.LastPublishedAt).ThenBy(a => a.Id).Take(max)).ToListAsync(ct);

    /// <summary>
    /// The announcement behind a public code: <see cref="PublicLookup.Found"/> with its public fields,
    /// <see cref="PublicLookup.Gone"/> when it was public once and is no more (answered 410), or NotFound.
    /// </summary>
    public async Task<(PublicLookup Lookup, PublicAnnouncement? Announcement)> FindAsync(string code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code) || code.Length > AnnouncementLimits.Code) return (PublicLookup.NotFound, null);
        var upper = code.ToUpperInvariant();
        var found = await Project(Current().Where(a => a.Code == upper)).SingleOrDefaultAsync(ct);
        if (found is not null) return (PublicLookup.Found, found);
        var once = await db.Announcements.AsNoTracking().AnyAsync(a => a.Code == upper && a.FirstPublishedAt != null, ct);
        return (once ? PublicLookup.Gone : PublicLookup.NotFound, null);
    }

    /// <summary>The <paramref name="index"/>th photo of a public announcement, or how it answers when there is none.</summary>
    public async Task<(PublicLookup Lookup, Guid? PhotoId)> PhotoAsync(string code, int index, CancellationToken ct)
    {
        var (lookup, announcement) = await FindAsync(code, ct);
        if (lookup != PublicLookup.Found) return (lookup, null);
        return index >= 0 && index < announcement!.PhotoIds.Count ? (PublicLookup.Found, announcement.PhotoIds[index]) : (PublicLookup.NotFound, null);
    }

    /// <summary>A photo is public while a current announcement shows it.</summary>
    public Task<bool> IsPublishedAsync(Photo photo, CancellationToken ct) =>
        Current().AnyAsync(a => a.Photos.Any(p => p.PhotoId == photo.Id), ct);

    /// <summary>
    /// The state of the public set, what the board's and the feeds' validators (ETag, Last-Modified) are made of: the
    /// last change of an announcement that was ever public (published, edited, withdrawn), of any stay (an exit, an ID
    /// number) and of any identification, since <see cref="Current"/> follows all three. Three indexed maxima, so a
    /// revalidation costs little however many are public; a change of a stay that shows nothing only costs a re-render.
    /// </summary>
    public async Task<PublicVersion> VersionAsync(CancellationToken ct)
    {
        var announcements = await db.Announcements.AsNoTracking().MaxAsync(a => (DateTimeOffset?)a.UpdatedAt, ct);
        var stays = await db.Admissions.AsNoTracking().MaxAsync(a => (DateTimeOffset?)a.UpdatedAt, ct);
        var identified = await db.People.AsNoTracking().MaxAsync(p => p.IdentifiedAt, ct);
        return new PublicVersion(new[] { announcements, stays, identified }.Max());
    }

    private IQueryable<Announcement> Filtered(BoardFilter f)
    {
        var query = Current();
        if (f.Sex is { } sex) query = query.Where(a => a.Sex == sex);
        // An age or height filter matches only announcements that state one overlapping the range asked for.
        if (f.AgeFrom is { } ageFrom) query = query.Where(a => a.AgeMax != null && a.AgeMax >= ageFrom);
        if (f.AgeTo is { } ageTo) query = query.Where(a => a.AgeMin != null && a.AgeMin <= ageTo);
        if (f.HeightFrom is { } heightFrom) query = query.Where(a => a.HeightCm != null && a.HeightCm >= heightFrom);
        if (f.HeightTo is { } heightTo) query = query.Where(a => a.HeightCm != null && a.HeightCm <= heightTo);
        if (RegionPrefix(f.Region) is { } prefix) query = query.Where(a => a.FoundDivisionCode != null && a.FoundDivisionCode.StartsWith(prefix));
        if (f.FoundFrom is { } foundFrom) query = query.Where(a => a.FoundOn >= foundFrom);
        if (f.FoundTo is { } foundTo) query = query.Where(a => a.FoundOn <= foundTo);
        if (!string.IsNullOrWhiteSpace(f.Dialect))
        {
            var pattern = Like.Containing(f.Dialect.Trim());
            query = query.Where(a => a.Dialect != null && EF.Functions.ILike(a.Dialect, pattern, Like.Escape));
        }
        return query;
    }

    /// <summary>
    /// A division code names a region by its leading digits: 110000 is Beijing (11), 110100 its city districts (1101),
    /// 110105 one district, 110105001 a town in it. Trailing zero groups are dropped so a region matches every place in it.
    /// </summary>
    public static string? RegionPrefix(string? code)
    {
        if (string.IsNullOrEmpty(code) || !FieldFormats.IsDivisionCode(code)) return null;
        var prefix = code;
        while (prefix.Length > 6 && prefix.EndsWith("000", StringComparison.Ordinal)) prefix = prefix[..^3];
        while (prefix.Length > 2 && prefix.Length <= 6 && prefix.EndsWith("00", StringComparison.Ordinal)) prefix = prefix[..^2];
        return prefix;
    }

    private static IQueryable<PublicAnnouncement> Project(IQueryable<Announcement> query) =>
        query.Select(a => new PublicAnnouncement(
            a.Code, a.DisplayName, a.Sex, a.AgeMin, a.AgeMax, a.HeightCm, a.Health, a.Intellect, a.MentalState, a.Features,
            a.Clothing, a.Dialect, a.FoundOn, a.FoundPlace, a.FoundDivisionCode, a.Description, a.Contact,
            a.FirstPublishedAt!.Value, a.LastPublishedAt!.Value,
            a.Photos.OrderBy(p => p.Position).Select(p => p.PhotoId).ToList()));
}

/// <summary>The filters families use on the national site; every one optional. No name search: it invites extortion.</summary>
public sealed record BoardFilter(
    Sex? Sex = null, int? AgeFrom = null, int? AgeTo = null, int? HeightFrom = null, int? HeightTo = null,
    string? Region = null, DateOnly? FoundFrom = null, DateOnly? FoundTo = null, string? Dialect = null, int Page = 1);

public sealed record PublicVersion(DateTimeOffset? LastChanged)
{
    /// <summary>Changes whenever the public set may have.</summary>
    public string Key => (LastChanged?.UtcTicks ?? 0).ToString(CultureInfo.InvariantCulture);
}

public sealed record BoardPage(IReadOnlyList<PublicAnnouncement> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public enum PublicLookup
{
    NotFound = 0,
    Found = 1,

    /// <summary>It was public and has been withdrawn (or its person identified or gone): answered 410.</summary>
    Gone = 2,
}

/// <summary>
/// Everything an announcement shows the public, and nothing else: no ID number, no health notes, no case number, no
/// original photo (only the ids whose public derivatives may be served), no tip.
/// </summary>
public sealed record PublicAnnouncement(
    string Code,
    string DisplayName,
    Sex Sex,
    int? AgeMin,
    int? AgeMax,
    int? HeightCm,
    string? Health,
    string? Intellect,
    string? MentalState,
    string? Features,
    string? Clothing,
    string? Dialect,
    DateOnly FoundOn,
    string FoundPlace,
    string? FoundDivisionCode,
    string? Description,
    string Contact,
    DateTimeOffset FirstPublishedAt,
    DateTimeOffset LastPublishedAt,
    IReadOnlyList<Guid> PhotoIds);
