using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Settlement;

/// <summary>One thing that must be true before a stay's settlement application: its stable code, its wording, whether it holds.</summary>
public sealed record SettlementCondition(string Code, string Name, bool Met);

/// <summary>The eligibility check of a stay: every condition, met or not, and the day the period is over.</summary>
public sealed record EligibilityCheck(bool Eligible, DateOnly PeriodEndsOn, IReadOnlyList<SettlementCondition> Conditions)
{
    /// <summary>The conditions not met, by code: what a refused application names.</summary>
    public IEnumerable<SettlementCondition> Unmet => Conditions.Where(c => !c.Met);
}

/// <summary>
/// Whether a stay may be settled (落户安置): the person is still unidentified and stranded, the settlement period has
/// passed since admission, the family-search announcement was published and re-published, the police returned a DNA
/// result, and matching searched the person's face and description after their last change, with no candidate
/// confirmed and none waiting for a decision. Every condition is listed, met or not, so a case officer sees what is left.
/// </summary>
public sealed class SettlementEligibility(RescueDbContext db, StationClock clock, CasePolicies policies)
{
    /// <summary>The stable codes of the conditions, in the order they are listed; each is worded by UiText key <c>Settlement.Condition.CODE</c>.</summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        "unidentified", "stranded", "periodElapsed", "announcementRepublished", "dnaResultReturned",
        "faceSignature", "searchRun", "noConfirmedCandidate", "noCandidateAwaiting",
    ];

    /// <summary>The check of one stay; null when there is no such stay.</summary>
    public async Task<EligibilityCheck?> CheckAsync(Guid admissionId, CancellationToken ct)
    {
        var stay = await db.Admissions.AsNoTracking().Where(a => a.Id == admissionId)
            .Select(a => new { a.AdmittedAt, a.Stage }).SingleOrDefaultAsync(ct);
        if (stay is null) return null;
        var policy = await policies.CurrentAsync(ct);
        var periodEndsOn = clock.DateOf(stay.AdmittedAt).AddDays(policy.SettlementAfterDays);

        var met = new Dictionary<string, bool>
        {
            ["unidentified"] = await db.Admissions.Where(a => a.Id == admissionId).Where(Admission.Unidentified).AnyAsync(ct),
            ["stranded"] = stay.Stage == StayStage.Stranded,
            ["periodElapsed"] = periodEndsOn <= clock.Today,
            // A refresh re-publishes a published announcement; the history counts each (Announcement.Publish, .Approve).
            ["announcementRepublished"] = await db.Announcements.AnyAsync(a => a.AdmissionId == admissionId && a.Status == AnnouncementStatus.Published
                && db.AnnouncementEvents.Any(e => e.AnnouncementId == a.Id && e.Action == AnnouncementAction.Refreshed), ct),
            ["dnaResultReturned"] = await db.DnaRequests.AnyAsync(d => d.AdmissionId == admissionId && d.SealedResult != null, ct),
            // The faces matching compares (MatchSides): the person's face, usable, in a photo of the stay.
            ["faceSignature"] = await db.FaceSignatures.AnyAsync(f => f.IsPerson && f.Usable
                && db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerKind == PhotoOwner.Admission && p.OwnerId == admissionId), ct),
            ["searchRun"] = await SearchedSinceLastChangeAsync(admissionId, ct),
            // A confirmed repeat visit links two stays of one person and establishes no identity: only a notice counts.
            ["noConfirmedCandidate"] = !await db.MatchCandidates.AnyAsync(c => c.AdmissionId == admissionId && c.Kind == CandidateKind.Notice
                && c.Status == CandidateStatus.Confirmed, ct),
            ["noCandidateAwaiting"] = !await db.MatchCandidates.AnyAsync(c => (c.AdmissionId == admissionId || c.EarlierAdmissionId == admissionId)
                && c.Status == CandidateStatus.New, ct),
        };
        var conditions = Codes.Select(code => new SettlementCondition(code, UiText.Format("Settlement.Condition." + code), met[code])).ToList();
        return new EligibilityCheck(conditions.All(c => c.Met), periodEndsOn, conditions);
    }

    /// <summary>Whether the candidate search's cursor (MatchFeed's, moved with the candidates it wrote) has passed the stay's last change.</summary>
    private async Task<bool> SearchedSinceLastChangeAsync(Guid admissionId, CancellationToken ct)
    {
        var last = await db.Changes.AsNoTracking().Where(c => c.RecordKind == RecordKind.Admission && c.RecordId == admissionId)
            .OrderByDescending(c => c.Transaction).ThenByDescending(c => c.Id).Select(c => new { c.Transaction, c.Id }).FirstOrDefaultAsync(ct);
        if (last is null) return true;
        var searched = await ChangeOutbox.ReadCursorAsync(db, MatchFeed.Consumer, ct);
        return searched.CompareTo(new ChangeCursor(last.Transaction, last.Id)) >= 0;
    }
}
