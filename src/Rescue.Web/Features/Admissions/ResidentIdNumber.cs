namespace Rescue.Web.Features.Admissions;

/// <summary>Checks a mainland resident ID number (居民身份证号码, GB 11643-1999).</summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Null when valid, else the reason.</summary>
    public static string? Problem(string value)
    {
        var id = value.Trim().ToUpperInvariant();
        if (id.Length == 15) return id.All(char.IsAsciiDigit) ? null : "a 15-digit ID number has digits only";
        if (id.Length != 18) return "an ID number has 18 characters (or 15 for old cards)";
        if (!id[..17].All(char.IsAsciiDigit)) return "the first 17 characters of an ID number are digits";
        if (!DateOnly.TryParseExact(id.Substring(6, 8), "yyyyMMdd", out _)) return "the date of birth inside the ID number is not a date";
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11] == id[17] ? null : "the check character does not match: a digit may be mistyped";
    }

    /// <summary>The date of birth an 18-character number holds.</summary>
    public static DateOnly? BirthDate(string value) =>
        value.Trim().Length == 18 && DateOnly.TryParseExact(value.Trim().Substring(6, 8), "yyyyMMdd", out var date) ? date : null;
}
