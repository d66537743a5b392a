namespace Rescue.Search.Places;

/// <summary>What free text about a place came to: one division, several it could be, or nothing known.</summary>
public enum PlaceResolution
{
    /// <summary>The text names one division (the most specific one it names).</summary>
    Resolved,

    /// <summary>The text fits several divisions equally (several 朝阳区 and no province to tell them apart).</summary>
    Ambiguous,

    /// <summary>The text names no known division.</summary>
    Unknown,
}

/// <summary>The outcome of resolving a told or written place (家乡, 户籍地, 走失地点, 发现地点) to a division.</summary>
public sealed record ResolvedPlace(string Text, PlaceResolution Resolution, Division? Division, IReadOnlyList<Division> Candidates)
{
    internal static ResolvedPlace Unknown(string text) => new(text, PlaceResolution.Unknown, null, []);

    internal static ResolvedPlace Of(string text, Division division) => new(text, PlaceResolution.Resolved, division, [division]);

    internal static ResolvedPlace Among(string text, IReadOnlyList<Division> candidates) =>
        new(text, PlaceResolution.Ambiguous, null, candidates);

    public bool IsResolved => Resolution == PlaceResolution.Resolved;
}
