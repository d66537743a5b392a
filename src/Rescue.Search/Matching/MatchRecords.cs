using Rescue.Search.Scoring;

namespace Rescue.Search.Matching;

/// <summary>A face signature on a notice: 512 L2-normalised floats and the year the family's photo was taken.</summary>
public sealed record NoticeFace(Guid SignatureId, float[] Signature, int? PhotoYear = null);

/// <summary>A face signature taken at the station: when, and the person's estimated age then.</summary>
public sealed record PersonFace(Guid SignatureId, float[] Signature, DateOnly? TakenOn = null, double? AgeAtPhoto = null);

/// <summary>A missing-person notice as the engine holds it: its id, what it says, and its photos' signatures.</summary>
public sealed record MatchNotice(Guid Id, NoticeSide Side, IReadOnlyList<NoticeFace> Faces)
{
    public MatchNotice(Guid id, NoticeSide side)
        : this(id, side, [])
    {
    }
}

/// <summary>A person at the station as the engine holds it: its id, what was recorded, and its face signatures.</summary>
public sealed record MatchPerson(Guid Id, PersonSide Side, IReadOnlyList<PersonFace> Faces)
{
    public MatchPerson(Guid id, PersonSide side)
        : this(id, side, [])
    {
    }
}

/// <summary>Where a candidate came from, so that an evaluation can tell which source found the true pair.</summary>
[Flags]
public enum CandidateSources
{
    None = 0,

    /// <summary>Among the most similar faces.</summary>
    Face = 1,

    /// <summary>Shares a name key: the homophone key of the full name, of the given name, or a nickname's core.</summary>
    Name = 2,

    /// <summary>
    /// Shares a county, prefecture or province: the notice's hometown or last-seen place against the person's told
    /// hukou place, found place or the regions of their dialect.
    /// </summary>
    Place = 4,

    /// <summary>Shares a body mark (location and kind).</summary>
    Marks = 16,

    /// <summary>Drawn from the records whose sex and birth years fit, when the other sources found few.</summary>
    Attributes = 8,

    All = Face | Name | Place | Marks | Attributes,
}

/// <summary>One scored pair the engine proposes: the notice, the person, the explained score, and what found it.</summary>
public sealed record ScoredCandidate(Guid NoticeId, Guid PersonId, MatchScore Score, CandidateSources Sources);
