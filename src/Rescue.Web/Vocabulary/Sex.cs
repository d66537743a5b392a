namespace Rescue.Web.Vocabulary;

/// <summary>Sex as seen or told; unknown when neither.</summary>
public enum Sex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}

/// <summary>Sex as the import layouts and the evaluation files write it.</summary>
public static class SexText
{
    /// <summary>男/male/m, 女/female/f, 不详/未知/other/unknown (any case); null for anything else.</summary>
    public static Sex? Parse(string text) => text.ToLowerInvariant() switch
    {
        "男" or "male" or "m" => Sex.Male,
        "女" or "female" or "f" => Sex.Female,
        "不详" or "未知" or "other" or "unknown" => Sex.Unknown,
        _ => null,
    };
}
