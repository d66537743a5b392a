namespace Rescue.Search.Vectors;

/// <summary>Which side of the matching a face signature belongs to.</summary>
public enum RecordKind
{
    /// <summary>A family's missing-person notice (寻人启事).</summary>
    Notice,

    /// <summary>A person admitted to the station.</summary>
    Admission,
}

/// <summary>Whether the record may be proposed as a candidate at all.</summary>
public enum RecordStatus
{
    /// <summary>An open notice, or an admission whose identity is not yet established: searchable.</summary>
    Open,

    /// <summary>Kept in the index but not searchable unless a query asks for it (e.g. a hand search of history).</summary>
    Closed,
}

/// <summary>The sex recorded on a notice or observed at admission; unknown is compatible with either.</summary>
public enum RecordSex
{
    Unknown,
    Male,
    Female,
}

/// <summary>
/// The attributes of the record a face signature belongs to that a query can filter on. Birth years are a
/// range because an admission has only an estimated age; either end may be unknown (null).
/// </summary>
public readonly record struct FaceRecord(
    Guid RecordId,
    RecordKind Kind,
    RecordStatus Status,
    RecordSex Sex = RecordSex.Unknown,
    int? BornFrom = null,
    int? BornTo = null);

/// <summary>
/// What a face query accepts: null means any. <see cref="Sex"/> is the query person's sex, so a known sex admits
/// records of the same or unknown sex. The birth-year range admits records whose range overlaps it.
/// </summary>
public sealed record FaceFilter
{
    /// <summary>Every face in the index.</summary>
    public static FaceFilter Everything { get; } = new();

    public RecordKind? Kind { get; init; }

    public RecordStatus? Status { get; init; }

    public RecordSex Sex { get; init; } = RecordSex.Unknown;

    public int? BornFrom { get; init; }

    public int? BornTo { get; init; }

    /// <summary>Whether a record passes this filter; the index evaluates the same rule on its packed columns.</summary>
    public bool Admits(FaceRecord record) =>
        (Kind is null || Kind == record.Kind)
        && (Status is null || Status == record.Status)
        && (Sex == RecordSex.Unknown || record.Sex == RecordSex.Unknown || Sex == record.Sex)
        && (record.BornFrom ?? int.MinValue) <= (BornTo ?? int.MaxValue)
        && (record.BornTo ?? int.MaxValue) >= (BornFrom ?? int.MinValue);
}

/// <summary>One face found by a query: the signature, the record it belongs to, and the cosine similarity.</summary>
public readonly record struct FaceMatch(Guid SignatureId, Guid RecordId, float Score);
