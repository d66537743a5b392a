using Microsoft.EntityFrameworkCore;
using Rescue.Search.Matching;
using Rescue.Search.Ranking;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Matching;

/// <summary>One side of a candidate as a reviewer sees it: what identifies and describes the person, and the photos.</summary>
/// <param name="Kind">"Notice" or "Admission".</param>
/// <param name="Title">The name as told or given (无名氏, "Unnamed" in English, when none).</param>
/// <param name="Reference">The case number of an admission, the source or police reference of a notice.</param>
/// <param name="Facts">Label and value pairs in the order a reviewer compares them (sex, age, height, places, marks, state).</param>
public sealed record CandidateSide(Guid Id, string Kind, string Title, string? Reference, string Status, IReadOnlyList<CandidateFact> Facts, IReadOnlyList<Guid> PhotoIds);

/// <summary>A labelled fact of a side; <paramref name="Label"/> is a UiText key.</summary>
public sealed record CandidateFact(string Label, string Value);

/// <summary>A candidate in a list: the pair, the total, the minor marker and the thumbnails.</summary>
public sealed record CandidateItem(
    Guid Id, CandidateKind Kind, CandidateStatus Status, double Total, bool Minor, DateTimeOffset CreatedAt,
    Guid AdmissionId, string AdmissionTitle, string AdmissionCaseNumber, Guid? AdmissionPhotoId,
    Guid OtherId, string OtherTitle, Guid? OtherPhotoId);

/// <summary>A candidate under review: both sides in full, every part of the score, and the decision if taken.</summary>
public sealed record CandidateDetails(
    Guid Id, CandidateKind Kind, CandidateStatus Status, double Total, bool Minor, IReadOnlyList<CandidatePart> Parts,
    CandidateSide Admission, CandidateSide Other, string? Reason, string? DecidedByName, DateTimeOffset? DecidedAt, Guid? LinkId,
    double? RerankProbability, string? RerankVersion, IReadOnlyList<FeatureContribution> Moved);

/// <summary>
/// Reads candidates for the review queue, the records' pages and the hand search. A case officer sees of an
/// admission, and station staff of a notice, only what comparing the two needs; every such read is audited.
/// </summary>
public sealed class CandidateQueries(RescueDbContext db, MatchEngine engine, AuditLog audit, ReRankerModels models)
{
    /// <summary>The queue: candidates of a status (new by default), best first; minors' and repeat visits' included.</summary>
    public async Task<List<CandidateItem>> ListAsync(CandidateStatus status, Guid? admissionId, Guid? noticeId, int take, CancellationToken ct)
    {
        var query = db.MatchCandidates.AsNoTracking().Where(c => c.Status == status);
        if (admissionId is { } a) query = query.Where(c => c.AdmissionId == a || c.EarlierAdmissionId == a);
        if (noticeId is { } n) query = query.Where(c => c.NoticeId == n);
        var rows = await query.OrderByDescending(c => c.RerankProbability ?? -1).ThenByDescending(c => c.Total).ThenBy(c => c.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return await ItemsAsync(rows, ct);
    }

    /// <summary>One candidate with both sides; the read of each side is audited.</summary>
    public async Task<CandidateDetails?> GetAsync(Guid id, CancellationToken ct)
    {
        var candidate = await db.MatchCandidates.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (candidate is null) return null;
        var admission = await AdmissionSideAsync(candidate.AdmissionId, ct);
        var other = candidate.NoticeId is { } noticeId ? await NoticeSideAsync(noticeId, ct) : await AdmissionSideAsync(candidate.EarlierAdmissionId!.Value, ct);
        if (admission is null || other is null) return null;
        var link = await db.PersonLinks.AsNoTracking().Where(l => l.CandidateId == id && l.UndoneAt == null).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        await audit.RecordReadAsync("MatchCandidate", id, $"admission {admission.Reference}, {other.Kind.ToLowerInvariant()} {other.Id}", ct);
        // The parts that moved the switched-on re-ranker's probability most, for the officer to see why it ranks.
        var moved = models.Active is { } model && candidate.Kind == CandidateKind.Notice && candidate.Parts.Count == ReRanker.FeatureNames.Count
            ? model.Explain(ReRankerModels.Features(candidate.Parts))
            : [];
        return new CandidateDetails(candidate.Id, candidate.Kind, candidate.Status, candidate.Total, candidate.Minor, candidate.Parts,
            admission, other, candidate.Reason, candidate.DecidedByName, candidate.DecidedAt, link,
            candidate.RerankProbability, candidate.RerankVersion, moved);
    }

    /// <summary>The confirmed candidate through which a notice was found; null when there is none.</summary>
    public async Task<CandidateItem?> ConfirmedForNoticeAsync(Guid noticeId, CancellationToken ct)
    {
        var rows = await db.MatchCandidates.AsNoTracking()
            .Where(c => c.NoticeId == noticeId && c.Status == CandidateStatus.Confirmed)
            .OrderByDescending(c => c.DecidedAt).Take(1).ToListAsync(ct);
        return (await ItemsAsync(rows, ct)).FirstOrDefault();
    }

    /// <summary>
    /// The confirmed candidate that identified an admission's Person: the Person's identifying notice, confirmed against
    /// this stay or another of theirs; null while the Person is not identified.
    /// </summary>
    public async Task<CandidateItem?> IdentificationOfAsync(Guid admissionId, CancellationToken ct)
    {
        var person = await db.Admissions.AsNoTracking().Where(a => a.Id == admissionId)
            .Select(a => new { a.Person.IdentifiedByNoticeId, Stays = a.Person.Admissions.Select(s => s.Id).ToList() })
            .SingleOrDefaultAsync(ct);
        if (person?.IdentifiedByNoticeId is not { } noticeId) return null;
        var rows = await db.MatchCandidates.AsNoTracking()
            .Where(c => c.NoticeId == noticeId && c.Status == CandidateStatus.Confirmed && person.Stays.Contains(c.AdmissionId))
            .OrderByDescending(c => c.DecidedAt).Take(1).ToListAsync(ct);
        return (await ItemsAsync(rows, ct)).FirstOrDefault();
    }

    /// <summary>
    /// A search by hand from a notice or an admission: the engine's top 20 of the other side, optionally only of one
    /// sex or from a total; nothing is stored.
    /// </summary>
    public async Task<List<HandSearchHit>?> SearchAsync(Guid? noticeId, Guid? admissionId, Sex? sex, double? from, CancellationToken ct)
    {
        IReadOnlyList<ScoredCandidate> found;
        if (noticeId is { } n)
        {
            if (engine.Notice(n) is not { } notice) return null;
            found = engine.CandidatesFor(notice, 200);
        }
        else if (admissionId is { } a)
        {
            if (engine.Person(a) is not { } person) return null;
            found = engine.CandidatesFor(person, 200);
        }
        else
        {
            return null;
        }
        var wanted = sex switch
        {
            Sex.Male => Search.Scoring.RecordedSex.Male,
            Sex.Female => Search.Scoring.RecordedSex.Female,
            _ => (Search.Scoring.RecordedSex?)null,
        };
        var hits = found
            .Where(c => from is null || c.Score.Total >= from)
            .Where(c => wanted is null || (noticeId is null ? engine.Notice(c.NoticeId)?.Side.Sex : engine.Person(c.PersonId)?.Side.Sex) == wanted)
            .Take(20)
            .ToList();
        var noticeIds = hits.Select(h => h.NoticeId).ToList();
        var admissionIds = hits.Select(h => h.PersonId).ToList();
        var notices = await db.Notices.AsNoTracking().Where(x => noticeIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.MissingPersonName, ct);
        var admissions = await db.Admissions.AsNoTracking().Where(x => admissionIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => new { x.CaseNumber, x.Name.Value }, ct);
        var thumbnails = await ThumbnailsAsync([.. noticeIds, .. admissionIds], ct);
        await audit.RecordReadAsync(noticeId is null ? "Admission" : "Notice", (noticeId ?? admissionId)!.Value, $"hand search: {hits.Count} results", ct);
        return [.. hits.Select(h => new HandSearchHit(
            h.NoticeId, notices.GetValueOrDefault(h.NoticeId) ?? "", thumbnails.GetValueOrDefault(h.NoticeId),
            h.PersonId, admissions.GetValueOrDefault(h.PersonId)?.CaseNumber ?? "", TitleOf(admissions.GetValueOrDefault(h.PersonId)?.Value), thumbnails.GetValueOrDefault(h.PersonId),
            Math.Round(h.Score.Total, 3), [.. h.Score.Parts.Select(CandidatePart.Of)]))];
    }

    private async Task<List<CandidateItem>> ItemsAsync(List<MatchCandidate> rows, CancellationToken ct)
    {
        var admissionIds = rows.Select(c => c.AdmissionId).Concat(rows.Where(c => c.EarlierAdmissionId is not null).Select(c => c.EarlierAdmissionId!.Value)).Distinct().ToList();
        var noticeIds = rows.Where(c => c.NoticeId is not null).Select(c => c.NoticeId!.Value).Distinct().ToList();
        var admissions = await db.Admissions.AsNoTracking().Where(a => admissionIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => new { a.CaseNumber, a.Name.Value }, ct);
        var notices = await db.Notices.AsNoTracking().Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, n => n.MissingPersonName, ct);
        var thumbnails = await ThumbnailsAsync([.. admissionIds, .. noticeIds], ct);
        return [.. rows.Select(c =>
        {
            var admission = admissions.GetValueOrDefault(c.AdmissionId);
            var otherId = c.NoticeId ?? c.EarlierAdmissionId!.Value;
            var otherTitle = c.NoticeId is { } n ? notices.GetValueOrDefault(n) ?? "" : TitleOf(admissions.GetValueOrDefault(otherId)?.Value) + " · " + admissions.GetValueOrDefault(otherId)?.CaseNumber;
            return new CandidateItem(c.Id, c.Kind, c.Status, c.Total, c.Minor, c.CreatedAt,
                c.AdmissionId, TitleOf(admission?.Value), admission?.CaseNumber ?? "", thumbnails.GetValueOrDefault(c.AdmissionId),
                otherId, otherTitle, thumbnails.GetValueOrDefault(otherId));
        })];
    }

    /// <summary>The first photo of each record, for thumbnails.</summary>
    private async Task<Dictionary<Guid, Guid>> ThumbnailsAsync(List<Guid> owners, CancellationToken ct)
    {
        var photos = await db.Photos.AsNoTracking()
            .Where(p => (p.OwnerKind == PhotoOwner.Notice || p.OwnerKind == PhotoOwner.Admission) && owners.Contains(p.OwnerId))
            .OrderBy(p => p.Position)
            .Select(p => new { p.OwnerId, p.Id })
            .ToListAsync(ct);
        return photos.GroupBy(p => p.OwnerId).ToDictionary(g => g.Key, g => g.First().Id);
    }

    private async Task<CandidateSide?> AdmissionSideAsync(Guid id, CancellationToken ct)
    {
        var a = await db.Admissions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return null;
        var report = a.ReportId is { } reportId ? await db.Reports.AsNoTracking().Where(r => r.Id == reportId).Select(r => new { r.PlaceText, r.FoundAt }).SingleOrDefaultAsync(ct) : null;
        var facts = new List<CandidateFact>();
        void Add(string label, string? value)
        {
            if (!TextRules.IsBlank(value)) facts.Add(new(label, value!.Trim()));
        }
        Add("Sex", UiText.Format("Sex." + a.Sex));
        Add("DateOfBirth", a.DateOfBirth?.ToString("yyyy-MM-dd"));
        Add("EstimatedAge", a.EstimatedAgeMin is null && a.EstimatedAgeMax is null ? null : $"{a.EstimatedAgeMin}–{a.EstimatedAgeMax}");
        Add("Height", a.HeightCm?.ToString());
        Add("Aliases", a.Aliases.Value);
        Add("HukouPlace", a.HukouPlace.Value);
        Add("Dialect", a.Dialect.Value);
        Add("Place", report?.PlaceText);
        Add("FoundAt", (report?.FoundAt ?? a.AdmittedAt).ToString("yyyy-MM-dd"));
        Add("Marks", string.Join("；", a.Marks.Select(m => $"{m.BodyLocation} {m.Kind} {m.Description}".Trim())));
        Add("MentalState", a.MentalState);
        Add("Disability", a.Disability);
        Add("Clothing", a.Clothing);
        var photos = await PhotoIdsAsync(PhotoOwner.Admission, id, ct);
        return new CandidateSide(a.Id, "Admission", TitleOf(a.Name.Value), a.CaseNumber, a.Status.ToString(), facts, photos);
    }

    private async Task<CandidateSide?> NoticeSideAsync(Guid id, CancellationToken ct)
    {
        var n = await db.Notices.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (n is null) return null;
        var facts = new List<CandidateFact>();
        void Add(string label, string? value)
        {
            if (!TextRules.IsBlank(value)) facts.Add(new(label, value!.Trim()));
        }
        Add("Sex", UiText.Format("Sex." + n.Sex));
        Add("DateOfBirth", n.DateOfBirth?.ToString());
        Add("AgeAtDisappearance", n.AgeAtDisappearance?.ToString());
        Add("Height", n.HeightCm?.ToString());
        Add("OtherNames", string.Join("、", n.OtherNames));
        Add("Hometown", n.Hometown);
        Add("Dialect", n.Dialect);
        Add("LastSeenPlace", n.LastSeenPlace);
        Add("LastSeenOn", n.LastSeenOn?.ToString("yyyy-MM-dd"));
        Add("Marks", string.Join("；", n.Marks.Select(m => $"{m.BodyLocation} {m.Kind} {m.Description}".Trim())));
        Add("Disabilities", string.Join("、", Enum.GetValues<Disabilities>().Where(d => d != Disabilities.None && n.Disabilities.HasFlag(d)).Select(d => UiText.Format("Disability." + d))));
        Add("Clothing", n.Clothing);
        var photos = await PhotoIdsAsync(PhotoOwner.Notice, id, ct);
        return new CandidateSide(n.Id, "Notice", TitleOf(n.MissingPersonName), n.PoliceCaseNumber ?? n.SourceRecordId, n.Status.ToString(), facts, photos);
    }

    private Task<List<Guid>> PhotoIdsAsync(PhotoOwner owner, Guid id, CancellationToken ct) =>
        db.Photos.AsNoTracking().Where(p => p.OwnerKind == owner && p.OwnerId == id).OrderBy(p => p.Position).Select(p => p.Id).ToListAsync(ct);

    private static string TitleOf(string? name) => TextRules.IsBlank(name) ? UiText.Format("Unnamed") : name!.Trim();
}

/// <summary>One result of a hand search: the pair and its explained score.</summary>
public sealed record HandSearchHit(
    Guid NoticeId, string NoticeTitle, Guid? NoticePhotoId,
    Guid AdmissionId, string AdmissionCaseNumber, string AdmissionTitle, Guid? AdmissionPhotoId,
    double Total, IReadOnlyList<CandidatePart> Parts);
