namespace Rescue.Testing.Fuzzing;

/// <summary>The kinds of file the fuzz run mutates: photos for the photo store, notice files for the import.</summary>
public enum FuzzFormat
{
    Jpeg,
    Png,
    Pfif,
    Csv,
    Xlsx,
}

/// <summary>
/// One mutated input: which one it is (the run's seed and this index make it again), what it was made from and how.
/// </summary>
public sealed record FuzzInput(long Index, FuzzFormat Format, string Mutation, byte[] Bytes)
{
    public bool IsPhoto => Format is FuzzFormat.Jpeg or FuzzFormat.Png;
}

/// <summary>What the endpoint's own checks made of an input.</summary>
public enum FuzzOutcome
{
    Accepted,
    Refused,
}
