using Rescue.Web.Components;

namespace Rescue.Web.Vocabulary;

/// <summary>Checks a mainland resident ID number (居民身份证号码, GB 11643-1999).</summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Null when valid, else the reason in the reader's language.</summary>
    public static string? Problem(string value)
    {
        var id = value.Trim().ToUpperInvariant();
        if (id.Length == 15) return id.All(char.IsAsciiDigit) ? null : UiText.Format("Err.Id.Digits15");
        if (id.Length != 18) return UiText.Format("Err.Id.Length");
        if (!id[..17].All(char.IsAsciiDigit)) return UiText.Format("Err.Id.Digits17");
        if (!DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", out _)) return UiText.Format("Err.Id.Date");
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11] == id[17] ? null : UiText.Format("Err.Id.Check");
    }

    /// <summary>The date of birth an 18-character number holds.</summary>
    public static DateOnly? BirthDate(string value) =>
        value.Trim().Length == 18 && DateOnly.TryParseExact(value.Trim().Substring(6, 8), "yyyyMMdd", out var date) ? date : null;

    /// <summary>
    /// The number as shown to someone who may not read it: the first four characters (the province and city) and the
    /// last four, the date of birth and sequence hidden: 1101**********1234.
    /// </summary>
    public static string Masked(string value) => TextRules.Masked(value, 4);
}
