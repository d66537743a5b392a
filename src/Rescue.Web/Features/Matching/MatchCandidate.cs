using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Search.Ranking;
using Rescue.Search.Scoring;
using Rescue.Web.Components;
using Rescue.Web.Features.Changes;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// A pair the matching engine proposes for a case officer's review: an admission and a notice that may be of the
/// same person, or (a repeat visit) an admission and an earlier admission of another Person. Written only by
/// <see cref="MatchCandidates"/>: the engine's proposals and the officers' decisions.
/// </summary>
public class MatchCandidate
{
    public Guid Id { get; set; }

    public CandidateKind Kind { get; set; }

    /// <summary>The admission the candidate is about (for a repeat visit, the later one).</summary>
    public Guid AdmissionId { get; set; }

    /// <summary>The notice, for <see cref="CandidateKind.Notice"/>.</summary>
    public Guid? NoticeId { get; set; }

    /// <summary>The earlier admission of another Person, for <see cref="CandidateKind.RepeatVisit"/>.</summary>
    public Guid? EarlierAdmissionId { get; set; }

    /// <summary>The sum of <see cref="Parts"/>: what the queue sorts by.</summary>
    public double Total { get; set; }

    /// <summary>
    /// The switched-on re-ranker's probability that the pair is one person, when a model is on (the queue orders by
    /// it, then by the total); null under the rule total alone.
    /// </summary>
    public double? RerankProbability { get; set; }

    /// <summary>The re-ranker model that gave <see cref="RerankProbability"/>.</summary>
    public string? RerankVersion { get; set; }

    /// <summary>Every part of the score with its sentences, as scored last.</summary>
    public List<CandidatePart> Parts { get; set; } = [];

    /// <summary>What found the pair (faces, names, places, marks, a sample): <see cref="Rescue.Search.Matching.CandidateSources"/>.</summary>
    public int Sources { get; set; }

    /// <summary>Either side is a minor (stated or by the estimated age): the queue marks it.</summary>
    public bool Minor { get; set; }

    public CandidateStatus Status { get; set; } = CandidateStatus.New;

    /// <summary>Why it was rejected or dismissed.</summary>
    public string? Reason { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecidedByName { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>
    /// What each side said when the pair was last scored (<see cref="MatchSides"/>): a rejected pair comes back only
    /// when one of them differs, that is when a side changed materially.
    /// </summary>
    public string AdmissionFingerprint { get; set; } = "";

    public string OtherFingerprint { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ScoredAt { get; set; }

    /// <summary>
    /// Records a case officer's decision. Only a new candidate is decided; a reason is required to reject or dismiss.
    /// Throws <see cref="TransitionRefusedException"/> otherwise.
    /// </summary>
    public void Decide(CandidateStatus status, string? reason, string actorId, string actorName, DateTimeOffset now)
    {
        if (Status != CandidateStatus.New || status == CandidateStatus.New)
        {
            throw new TransitionRefusedException(UiText.Format("Err.CandidateDecided",
                UiText.Format("CandidateStatus." + Status), UiText.Format("CandidateStatus." + status)));
        }
        Status = status;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        DecidedBy = actorId;
        DecidedByName = actorName;
        DecidedAt = now;
    }

    /// <summary>A confirmed repeat-visit link undone: the pair counts as rejected, so it is not proposed again unless a side changes.</summary>
    public void Undo(string actorId, string actorName, DateTimeOffset now)
    {
        if (Status != CandidateStatus.Confirmed)
        {
            throw new TransitionRefusedException(UiText.Format("Err.CandidateDecided",
                UiText.Format("CandidateStatus." + Status), UiText.Format("CandidateStatus." + CandidateStatus.Rejected)));
        }
        Status = CandidateStatus.Rejected;
        Reason = "link-undone";
        DecidedBy = actorId;
        DecidedByName = actorName;
        DecidedAt = now;
    }

    /// <summary>Takes the engine's latest score of the pair.</summary>
    public void Rescore(MatchScore score, int sources, bool minor, string admissionFingerprint, string otherFingerprint, DateTimeOffset now, ReRanker? model)
    {
        Total = Math.Round(score.Total, 3);
        RerankProbability = model is null ? null : Math.Round(model.Score(score), 4);
        RerankVersion = model?.Version;
        Parts = [.. score.Parts.Select(CandidatePart.Of)];
        Sources = sources;
        Minor = minor;
        AdmissionFingerprint = admissionFingerprint;
        OtherFingerprint = otherFingerprint;
        ScoredAt = now;
    }

    /// <summary>A rejected or dismissed pair proposed again because a side changed: back to the queue, the old decision kept in the audit log.</summary>
    public void Reopen()
    {
        Status = CandidateStatus.New;
        Reason = null;
        DecidedBy = null;
        DecidedByName = null;
        DecidedAt = null;
    }
}

/// <summary>A decision's note: why a candidate is rejected (required), or a word on a confirmation. The API and the review page take it.</summary>
public sealed record CandidateDecision([property: MaxLength(FieldLimits.Reason)] string? Note)
{
    /// <summary>A rejection says why: throws, naming the note, when it does not.</summary>
    public void RequireReason()
    {
        if (TextRules.IsBlank(Note)) throw new ValidationFailedException("note", UiText.Format("Err.RejectReason"));
    }
}

public enum CandidateKind
{
    /// <summary>An admission and a family's notice.</summary>
    Notice = 1,

    /// <summary>An admission and an earlier admission of another Person: the same person come back.</summary>
    RepeatVisit = 2,
}

public enum CandidateStatus
{
    New = 1,

    /// <summary>A case officer confirmed it: the notice is found, or the two stays are linked.</summary>
    Confirmed = 2,

    /// <summary>A case officer said it is not the same person, with a reason.</summary>
    Rejected = 3,

    /// <summary>No longer in question: a side closed, left the engine or stopped matching.</summary>
    Dismissed = 4,
}

/// <summary>One part of a stored score: its kind, points and the officer's sentence in both languages.</summary>
public sealed class CandidatePart
{
    public ScoreKind Kind { get; set; }

    public double Points { get; set; }

    public string Sentence { get; set; } = "";

    public string English { get; set; } = "";

    public bool Excludes { get; set; }

    public static CandidatePart Of(ScorePart part) => new()
    {
        Kind = part.Kind,
        Points = Math.Round(part.Points, 3),
        Sentence = part.Sentence,
        English = part.English,
        Excludes = part.Excludes,
    };
}

internal sealed class MatchCandidateConfiguration : IEntityTypeConfiguration<MatchCandidate>
{
    public void Configure(EntityTypeBuilder<MatchCandidate> builder)
    {
        builder.ToTable("MatchCandidates", t => t.HasCheckConstraint("CK_MatchCandidates_OneOther",
            "(\"NoticeId\" IS NULL) <> (\"EarlierAdmissionId\" IS NULL)"));
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Reason).HasMaxLength(FieldLimits.Reason);
        builder.Property(c => c.DecidedBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(c => c.DecidedByName).HasMaxLength(FieldLimits.ActorName);
        builder.Property(c => c.AdmissionFingerprint).HasMaxLength(64);
        builder.Property(c => c.OtherFingerprint).HasMaxLength(64);
        builder.Property(c => c.RerankVersion).HasMaxLength(64);
        builder.OwnsMany(c => c.Parts, p =>
        {
            p.ToJson();
            p.Property(x => x.Kind).HasConversion<string>();
        });
        builder.HasIndex(c => new { c.AdmissionId, c.NoticeId }).IsUnique().HasFilter("\"NoticeId\" IS NOT NULL");
        builder.HasIndex(c => new { c.AdmissionId, c.EarlierAdmissionId }).IsUnique().HasFilter("\"EarlierAdmissionId\" IS NOT NULL");
        builder.HasIndex(c => c.NoticeId);
        builder.HasIndex(c => new { c.Status, c.Total });
    }
}

/// <summary>
/// A later admission linked to an earlier Person (a repeat visit): the admission now belongs to that Person, and
/// undoing the link gives it back to the Person it had. Nothing is merged.
/// </summary>
public class PersonLink
{
    public Guid Id { get; set; }

    public Guid AdmissionId { get; set; }

    /// <summary>The Person the admission had before the link, which it returns to when the link is undone.</summary>
    public Guid FromPersonId { get; set; }

    public Guid ToPersonId { get; set; }

    public Guid? CandidateId { get; set; }

    public string LinkedBy { get; set; } = "";

    public DateTimeOffset LinkedAt { get; set; }

    public string? UndoneBy { get; set; }

    public DateTimeOffset? UndoneAt { get; set; }
}

internal sealed class PersonLinkConfiguration : IEntityTypeConfiguration<PersonLink>
{
    public void Configure(EntityTypeBuilder<PersonLink> builder)
    {
        builder.ToTable("PersonLinks");
        builder.Property(l => l.LinkedBy).HasMaxLength(FieldLimits.ActorId);
        builder.Property(l => l.UndoneBy).HasMaxLength(FieldLimits.ActorId);
        builder.HasIndex(l => l.AdmissionId);
    }
}
