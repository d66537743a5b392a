using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>The station's view of its announcements: the lists of the officers' pages and the home page, and one in full.</summary>
public sealed class AnnouncementQueries(RescueDbContext db, StationClock clock, IOptions<AnnouncementOptions> options)
{
    private readonly AnnouncementOptions _options = options.Value;

    /// <summary>
    /// Announcements in one list: <see cref="AnnouncementList.Due"/> (drafts and refreshes falling due, overdue first),
    /// awaiting approval, published, or withdrawn; newest first except the due list, which goes by due date.
    /// </summary>
    public async Task<List<AnnouncementItem>> ListAsync(AnnouncementList list, int take, CancellationToken ct)
    {
        var now = clock.Now;
        var soon = now + _options.RefreshDueSoon;
        var query = db.Announcements.AsNoTracking();
        query = list switch
        {
            AnnouncementList.Due => query.Where(a => a.DueAt != null && (a.Status != AnnouncementStatus.Published || a.DueAt <= soon)),
            AnnouncementList.AwaitingApproval => query.Where(a => a.Status == AnnouncementStatus.AwaitingApproval),
            AnnouncementList.Published => query.Where(a => a.Status == AnnouncementStatus.Published),
            _ => query.Where(a => a.Status == AnnouncementStatus.Withdrawn),
        };
        query = list == AnnouncementList.Due ? query.OrderBy(a => a.DueAt) : query.OrderByDescending(a => a.UpdatedAt);
        var rows = await query.Take(Math.Clamp(take, 1, 500))
            .Select(a => new
            {
                Announcement = a,
                Admission = db.Admissions.Where(s => s.Id == a.AdmissionId).Select(s => new { s.CaseNumber, s.AdmittedAt }).Single(),
                Tips = db.Tips.Count(t => t.AnnouncementId == a.Id && t.Status == TipStatus.New),
                Photo = a.Photos.OrderBy(p => p.Position).Select(p => (Guid?)p.PhotoId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(r => Item(r.Announcement, r.Admission.CaseNumber, r.Admission.AdmittedAt, r.Tips, r.Photo, now)).ToList();
    }

    /// <summary>How many are due, overdue and awaiting approval: the home page's counts.</summary>
    public async Task<AnnouncementCounts> CountsAsync(CancellationToken ct)
    {
        var now = clock.Now;
        var soon = now + _options.RefreshDueSoon;
        var open = db.Announcements.AsNoTracking().Where(a => a.DueAt != null);
        return new AnnouncementCounts(
            await open.CountAsync(a => a.DueAt >= now && (a.Status != AnnouncementStatus.Published || a.DueAt <= soon), ct),
            await open.CountAsync(a => a.DueAt < now, ct),
            await open.CountAsync(a => a.Status == AnnouncementStatus.AwaitingApproval, ct));
    }

    /// <summary>One announcement with its history; null when there is none.</summary>
    public async Task<AnnouncementDetails?> GetAsync(Guid id, CancellationToken ct)
    {
        var a = await db.Announcements.AsNoTracking().Include(x => x.Photos).Include(x => x.History).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var admission = await db.Admissions.AsNoTracking().Where(s => s.Id == a.AdmissionId).Select(s => new { s.CaseNumber, s.AdmittedAt }).SingleAsync(ct);
        var tips = await db.Tips.CountAsync(t => t.AnnouncementId == a.Id && t.Status == TipStatus.New, ct);
        return new AnnouncementDetails(
            Item(a, admission.CaseNumber, admission.AdmittedAt, tips, a.Photos.OrderBy(p => p.Position).Select(p => (Guid?)p.PhotoId).FirstOrDefault(), clock.Now),
            AnnouncementForm.From(a),
            a.History.OrderBy(e => e.At).ThenBy(e => e.Id).ToList());
    }

    /// <summary>The announcement of a stay, if it has one.</summary>
    public Task<Guid?> IdForAdmissionAsync(Guid admissionId, CancellationToken ct) =>
        db.Announcements.AsNoTracking().Where(a => a.AdmissionId == admissionId).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(ct);

    private AnnouncementItem Item(Announcement a, string caseNumber, DateTimeOffset admittedAt, int newTips, Guid? firstPhoto, DateTimeOffset now) =>
        new(a.Id, a.Code, a.AdmissionId, caseNumber, admittedAt, a.DisplayName, a.Sex, a.Status, a.NeedsSecondApproval,
            a.TimingAt(now, _options.RefreshDueSoon), a.DueAt, a.FirstDueAt, a.FirstPublishedAt, a.LastPublishedAt, a.Refreshes,
            a.Channels, a.PreparedBy, a.ApprovedBy, a.WithdrawReason, a.WithdrawnAt, a.PublishedOnTime, newTips, firstPhoto);
}

public enum AnnouncementList
{
    Due = 1,
    AwaitingApproval = 2,
    Published = 3,
    Withdrawn = 4,
}

public sealed record AnnouncementCounts(int Due, int Overdue, int AwaitingApproval);

/// <summary>A line of an officers' list.</summary>
public sealed record AnnouncementItem(
    Guid Id,
    string Code,
    Guid AdmissionId,
    string CaseNumber,
    DateTimeOffset AdmittedAt,
    string DisplayName,
    Sex Sex,
    AnnouncementStatus Status,
    bool NeedsSecondApproval,
    AnnouncementTiming Timing,
    DateTimeOffset? DueAt,
    DateTimeOffset FirstDueAt,
    DateTimeOffset? FirstPublishedAt,
    DateTimeOffset? LastPublishedAt,
    int Refreshes,
    AnnouncementChannels Channels,
    string? PreparedBy,
    string? ApprovedBy,
    WithdrawReason? WithdrawReason,
    DateTimeOffset? WithdrawnAt,
    bool? PublishedOnTime,
    int NewTips,
    Guid? FirstPhotoId);

/// <summary>One announcement in full: its state, its text as the edit form holds it, and its history.</summary>
public sealed record AnnouncementDetails(AnnouncementItem Summary, AnnouncementForm Text, IReadOnlyList<AnnouncementEvent> History);
