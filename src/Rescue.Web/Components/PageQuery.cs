using System.Globalization;
using Rescue.Web.Hosting;

namespace Rescue.Web.Components;

/// <summary>
/// A page's query-string values, read from their text. Blazor fails the whole request (500) when a non-string
/// <c>[SupplyParameterFromQuery]</c> cannot be converted (<c>/reports?from=x</c>), so pages take every query value as a
/// string and read it here: a value that cannot be read is recorded by name, and <see cref="Answer"/> makes the
/// response a 400 that <see cref="QueryProblem"/> explains.
/// </summary>
public sealed class PageQuery
{
    private readonly List<string> _unreadable = [];

    /// <summary>The names of the parameters whose value could not be read, in the order they were read.</summary>
    public IReadOnlyList<string> Unreadable => _unreadable;

    public bool IsValid => _unreadable.Count == 0;

    /// <summary>A date as a date input sends it (2026-11-25), within the dates any request may hold; null when absent.</summary>
    public DateOnly? Date(string name, string? text) =>
        Read<DateOnly>(name, text, t => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d >= RequestValidation.EarliestDate && d <= RequestValidation.LatestDate ? d : null);

    /// <summary>A record's id; null when absent.</summary>
    public Guid? Id(string name, string? text) => Read<Guid>(name, text, t => Guid.TryParse(t, out var g) ? g : null);

    /// <summary>One of an enum's values by name (any case); numbers and combinations ("Open,Found") are not names.</summary>
    public TEnum? Choice<TEnum>(string name, string? text) where TEnum : struct, Enum =>
        Read<TEnum>(name, text, t => char.IsAsciiLetter(t[0]) && t.All(char.IsAsciiLetterOrDigit) && Enum.TryParse<TEnum>(t, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : null);

    /// <summary>A number written with a point (-12.5), within ±<paramref name="limit"/>; null when absent.</summary>
    public double? Number(string name, string? text, double limit) =>
        Read<double>(name, text, t => double.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            && Math.Abs(n) <= limit ? n : null);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when absent.</summary>
    public int? Integer(string name, string? text, int min, int max) =>
        Read<int>(name, text, t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null);

    /// <summary>Text that <paramref name="valid"/> accepts (a division code, a short phrase), trimmed; null when absent.</summary>
    public string? Text(string name, string? text, Func<string, bool> valid)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (valid(trimmed)) return trimmed;
        _unreadable.Add(name);
        return null;
    }

    /// <summary>Makes the response a 400 when a value could not be read; true when every value was read.</summary>
    public bool Answer(HttpContext? http)
    {
        // Rendering on the server, the response has not started yet: the status still goes out with the page.
        if (!IsValid && http is { Response.HasStarted: false }) http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return IsValid;
    }

    private T? Read<T>(string name, string? text, Func<string, T?> parse) where T : struct
    {
        // An empty value is a filter left blank (a form sends "from=" for an empty date), not a mistake.
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (parse(text.Trim()) is { } value) return value;
        _unreadable.Add(name);
        return null;
    }
}
