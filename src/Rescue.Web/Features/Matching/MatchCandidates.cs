using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Search.Matching;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Notices;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Matching;

/// <summary>How many candidates the engine proposes, and from what score.</summary>
public sealed class MatchingOptions
{
    public const string Section = "Rescue:Matching";

    /// <summary>Candidates kept for review from one search (the best first).</summary>
    [Range(1, 100)]
    public int ProposalsPerSearch { get; set; } = 10;

    /// <summary>
    /// A notice and a person are proposed from this total: about a clear same-age face, or a name and a place that
    /// agree with the age (the points are explained in Rescue.Search's ScoreWeights).
    /// </summary>
    [Range(-100, 200)]
    public double ProposeFrom { get; set; } = 20;

    /// <summary>An earlier stay is proposed as the same person from this total: a repeat visit must match strongly.</summary>
    [Range(-100, 200)]
    public double RepeatVisitFrom { get; set; } = 45;
}

/// <summary>
/// The one writer of <see cref="MatchCandidate"/>s: stores what the engine proposes when a record changes, and the
/// case officers' decisions. A rejected pair is not proposed again unless a side changed materially (its fingerprint
/// differs); a pair whose side closed or stopped matching is dismissed; confirming marks the notice found and the
/// person identified, or links a repeat visit to the earlier Person.
/// </summary>
public sealed class MatchCandidates(
    RescueDbContext db, MatchEngine engine, StationClock clock, ChangeOutbox outbox, AuditLog audit,
    NoticeRegistry notices, ReRankerModels models, IOptions<MatchingOptions> options)
{
    private readonly MatchingOptions _options = options.Value;

    /// <summary>Candidates proposed or scored in this refresh: not scored again as stored ones.</summary>
    private readonly HashSet<MatchCandidate> _scored = [];

    /// <summary>Candidates added in this refresh and not saved yet: a query would not return them.</summary>
    private readonly List<MatchCandidate> _added = [];

    /// <summary>
    /// Searches again for the records that changed and stores what is proposed, then moves the consumer's cursor, all
    /// in one transaction.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> noticeIds, IReadOnlyCollection<Guid> admissionIds, string consumer, ChangeCursor cursor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.Now;
        var today = clock.Today;
        foreach (var id in noticeIds)
        {
            var stored = await db.MatchCandidates.Where(c => c.NoticeId == id).ToListAsync(ct);
            var notice = engine.Notice(id);
            if (notice is null)
            {
                Dismiss(stored, "notice-closed", now);
                continue;
            }
            var noticePrint = MatchSides.Fingerprint(notice);
            var proposed = engine.CandidatesFor(notice, _options.ProposalsPerSearch).Where(c => c.Score.Total >= _options.ProposeFrom);
            foreach (var found in proposed)
            {
                var person = engine.Person(found.PersonId)!;
                Propose(stored, CandidateKind.Notice, found.PersonId, id, found, MatchSides.Fingerprint(person), noticePrint,
                    MatchSides.IsMinor(notice, today) || MatchSides.IsMinor(person, today), now);
            }
            foreach (var candidate in stored.Where(c => c.Status == CandidateStatus.New && !_scored.Contains(c)))
                Rescore(candidate, engine.Score(id, candidate.AdmissionId), engine.Person(candidate.AdmissionId) is { } p ? MatchSides.Fingerprint(p) : null, noticePrint, now);
        }
        foreach (var id in admissionIds)
        {
            var stored = await db.MatchCandidates.Where(c => c.AdmissionId == id || c.EarlierAdmissionId == id).ToListAsync(ct);
            var person = engine.Person(id);
            if (person is null)
            {
                Dismiss(stored, "person-closed", now);
                continue;
            }
            var personPrint = MatchSides.Fingerprint(person);
            var mine = stored.Where(c => c.AdmissionId == id).ToList();
            foreach (var found in engine.CandidatesFor(person, _options.ProposalsPerSearch).Where(c => c.Score.Total >= _options.ProposeFrom))
            {
                var notice = engine.Notice(found.NoticeId)!;
                Propose(mine, CandidateKind.Notice, id, found.NoticeId, found, personPrint, MatchSides.Fingerprint(notice),
                    MatchSides.IsMinor(notice, today) || MatchSides.IsMinor(person, today), now);
            }
            var sameStays = await SameStaysAsync(id, ct);
            var visits = engine.EarlierVisitsOf(person, _options.ProposalsPerSearch, sameStays.Contains).Where(c => c.Score.Total >= _options.RepeatVisitFrom).ToList();
            var admitted = await AdmittedAtAsync([id, .. visits.Select(v => v.NoticeId)], ct);
            foreach (var found in visits.Where(v => (admitted[v.NoticeId], v.NoticeId).CompareTo((admitted[id], id)) < 0))
            {
                var earlier = engine.Person(found.NoticeId)!;
                Propose(mine, CandidateKind.RepeatVisit, id, found.NoticeId, found, personPrint, MatchSides.Fingerprint(earlier),
                    MatchSides.IsMinor(earlier, today) || MatchSides.IsMinor(person, today), now);
            }
            foreach (var candidate in stored.Where(c => c.Status == CandidateStatus.New && !_scored.Contains(c)))
            {
                if (candidate.Kind == CandidateKind.Notice)
                {
                    var notice = engine.Notice(candidate.NoticeId!.Value);
                    Rescore(candidate, engine.Score(candidate.NoticeId.Value, candidate.AdmissionId), personPrint, notice is null ? null : MatchSides.Fingerprint(notice), now);
                }
                else
                {
                    var (earlierId, laterId) = (candidate.EarlierAdmissionId!.Value, candidate.AdmissionId);
                    var earlier = engine.Person(earlierId);
                    var later = engine.Person(laterId);
                    Rescore(candidate, engine.ScoreVisits(earlierId, laterId), later is null ? null : MatchSides.Fingerprint(later), earlier is null ? null : MatchSides.Fingerprint(earlier), now);
                }
            }
        }
        await outbox.SaveCursorAsync(consumer, cursor, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _scored.Clear();
        _added.Clear();
    }

    /// <summary>
    /// A case officer confirms a candidate. For a notice: the notice is found (with a note naming the admission), the
    /// person's identity is established (their faces leave the engine), and the other new candidates of both are
    /// dismissed. For a repeat visit: the later admission joins the earlier Person (undoable). One transaction.
    /// </summary>
    public async Task<MatchCandidate?> ConfirmAsync(Guid id, string? note, string actorId, string actorName, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var candidate = await db.MatchCandidates.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (candidate is null) return null;
        var now = clock.Now;
        candidate.Decide(CandidateStatus.Confirmed, note, actorId, actorName, now);
        var admission = await db.Admissions.Include(a => a.Person).ThenInclude(p => p.Admissions).SingleAsync(a => a.Id == candidate.AdmissionId, ct);
        if (candidate.Kind == CandidateKind.Notice)
        {
            var noticeId = candidate.NoticeId!.Value;
            var text = string.IsNullOrWhiteSpace(note) ? $"比对确认：入站人员 {admission.CaseNumber}" : $"比对确认：入站人员 {admission.CaseNumber}。{note.Trim()}";
            await notices.ChangeStatusAsync(noticeId, NoticeStatus.Found, text, actorId, actorName, ct);
            admission.Person.IdentifiedAt = now;
            admission.Person.IdentifiedByNoticeId = noticeId;
            foreach (var stay in admission.Person.Admissions) outbox.Record(RecordKind.Admission, stay.Id, ChangeKind.Updated, "identified");
            var stays = admission.Person.Admissions.Select(a => a.Id).ToList();
            var others = await db.MatchCandidates
                .Where(c => c.Id != id && c.Status == CandidateStatus.New
                    && (c.NoticeId == noticeId || stays.Contains(c.AdmissionId) || (c.EarlierAdmissionId != null && stays.Contains(c.EarlierAdmissionId.Value))))
                .ToListAsync(ct);
            Dismiss(others, "other-confirmed", now);
            audit.Add(AuditAction.Update, "MatchCandidate", id, $"confirmed: notice {noticeId} found, admission {admission.CaseNumber} identified");
        }
        else
        {
            var earlier = await db.Admissions.SingleAsync(a => a.Id == candidate.EarlierAdmissionId, ct);
            db.PersonLinks.Add(new PersonLink
            {
                Id = Guid.CreateVersion7(now),
                AdmissionId = admission.Id,
                FromPersonId = admission.PersonId,
                ToPersonId = earlier.PersonId,
                CandidateId = id,
                LinkedBy = actorId,
                LinkedAt = now,
            });
            admission.PersonId = earlier.PersonId;
            outbox.Record(RecordKind.Admission, admission.Id, ChangeKind.Updated, "linked to an earlier stay");
            audit.Add(AuditAction.Update, "MatchCandidate", id, $"confirmed: admission {admission.CaseNumber} linked to the Person of {earlier.CaseNumber}");
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return candidate;
    }

    /// <summary>A case officer rejects a candidate, saying why; it is not proposed again unless a side changes materially.</summary>
    public async Task<MatchCandidate?> RejectAsync(Guid id, string reason, string actorId, string actorName, CancellationToken ct)
    {
        var candidate = await db.MatchCandidates.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (candidate is null) return null;
        candidate.Decide(CandidateStatus.Rejected, reason, actorId, actorName, clock.Now);
        audit.Add(AuditAction.Update, "MatchCandidate", id, $"rejected: {candidate.Reason}");
        await db.SaveChangesAsync(ct);
        return candidate;
    }

    /// <summary>Undoes a repeat-visit link: the admission returns to the Person it had; the candidate stays confirmed in the history, as dismissed.</summary>
    public async Task<PersonLink?> UndoLinkAsync(Guid linkId, string actorId, string actorName, CancellationToken ct)
    {
        var link = await db.PersonLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.UndoneAt == null, ct);
        if (link is null) return null;
        var now = clock.Now;
        var admission = await db.Admissions.SingleAsync(a => a.Id == link.AdmissionId, ct);
        admission.PersonId = link.FromPersonId;
        link.UndoneAt = now;
        link.UndoneBy = actorId;
        if (link.CandidateId is { } candidateId && await db.MatchCandidates.SingleOrDefaultAsync(c => c.Id == candidateId, ct) is { } candidate)
        {
            candidate.Undo(actorId, actorName, now);
        }
        outbox.Record(RecordKind.Admission, admission.Id, ChangeKind.Updated, "link undone");
        audit.Add(AuditAction.Update, "PersonLink", linkId, $"undone: admission {admission.CaseNumber}");
        await db.SaveChangesAsync(ct);
        return link;
    }

    /// <summary>Stores or updates one proposal; a rejected pair comes back only when a side's fingerprint changed.</summary>
    private void Propose(List<MatchCandidate> stored, CandidateKind kind, Guid admissionId, Guid otherId, ScoredCandidate found,
        string admissionPrint, string otherPrint, bool minor, DateTimeOffset now)
    {
        bool Same(MatchCandidate c) => c.AdmissionId == admissionId && c.Kind == kind && (c.NoticeId ?? c.EarlierAdmissionId) == otherId;
        var candidate = stored.FirstOrDefault(Same) ?? _added.FirstOrDefault(Same);
        if (candidate is null)
        {
            candidate = new MatchCandidate
            {
                Id = Guid.CreateVersion7(now),
                Kind = kind,
                AdmissionId = admissionId,
                NoticeId = kind == CandidateKind.Notice ? otherId : null,
                EarlierAdmissionId = kind == CandidateKind.RepeatVisit ? otherId : null,
                CreatedAt = now,
            };
            db.MatchCandidates.Add(candidate);
            _added.Add(candidate);
        }
        else if (candidate.Status == CandidateStatus.Confirmed)
        {
            return;
        }
        else if (candidate.Status == CandidateStatus.Rejected)
        {
            if (candidate.AdmissionFingerprint == admissionPrint && candidate.OtherFingerprint == otherPrint) return;
            candidate.Reopen();
        }
        else if (candidate.Status == CandidateStatus.Dismissed)
        {
            candidate.Reopen();
        }
        candidate.Rescore(found.Score, (int)found.Sources, minor, admissionPrint, otherPrint, now, models.Active);
        _scored.Add(candidate);
    }

    /// <summary>A new candidate scored again after a side changed: dismissed when a side left or the pair is now excluded.</summary>
    private void Rescore(MatchCandidate candidate, Search.Scoring.MatchScore? score, string? admissionPrint, string? otherPrint, DateTimeOffset now)
    {
        if (score is null || admissionPrint is null || otherPrint is null)
        {
            Dismiss([candidate], "side-closed", now);
            return;
        }
        if (score.IsExcluded)
        {
            candidate.Rescore(score, candidate.Sources, candidate.Minor, admissionPrint, otherPrint, now, models.Active);
            Dismiss([candidate], "excluded", now);
            return;
        }
        candidate.Rescore(score, candidate.Sources, candidate.Minor, admissionPrint, otherPrint, now, models.Active);
    }

    private static void Dismiss(IEnumerable<MatchCandidate> candidates, string reason, DateTimeOffset now)
    {
        foreach (var candidate in candidates.Where(c => c.Status == CandidateStatus.New))
            candidate.Decide(CandidateStatus.Dismissed, reason, "system", "system", now);
    }

    /// <summary>When each admission began: only an earlier one is proposed as a repeat visit's first stay (ties by id).</summary>
    private Task<Dictionary<Guid, DateTimeOffset>> AdmittedAtAsync(List<Guid> ids, CancellationToken ct) =>
        db.Admissions.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.AdmittedAt, ct);

    /// <summary>The other admissions of the admission's Person: never proposed as a repeat visit of it.</summary>
    private async Task<HashSet<Guid>> SameStaysAsync(Guid admissionId, CancellationToken ct)
    {
        var ids = await db.Admissions.Where(a => a.Id == admissionId)
            .SelectMany(a => a.Person.Admissions.Select(o => o.Id)).ToListAsync(ct);
        return [.. ids];
    }
}
