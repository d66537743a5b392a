namespace Rescue.Web.Vocabulary;

/// <summary>A date known to the year, the month or the day (PFIF's YYYY, YYYY-MM, YYYY-MM-DD).</summary>
public sealed class PartialDate
{
    public int Year { get; set; }

    public int? Month { get; set; }

    public int? Day { get; set; }

    /// <summary>The first day the date can mean (1 January of the year, the 1st of the month).</summary>
    public DateOnly Earliest => new(Year, Month ?? 1, Day ?? 1);

    public override string ToString() =>
        Month is null ? $"{Year:D4}" : Day is null ? $"{Year:D4}-{Month:D2}" : $"{Year:D4}-{Month:D2}-{Day:D2}";

    /// <summary>Reads YYYY, YYYY-MM or YYYY-MM-DD; null when the text is none of these or not a real date.</summary>
    public static PartialDate? Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split('-');
        if (parts.Length is < 1 or > 3 || parts[0].Length != 4 || !int.TryParse(parts[0], out var year) || year < 1900) return null;
        int? month = null, day = null;
        if (parts.Length >= 2)
        {
            if (parts[1].Length != 2 || !int.TryParse(parts[1], out var m) || m is < 1 or > 12) return null;
            month = m;
        }
        if (parts.Length == 3)
        {
            if (parts[2].Length != 2 || !int.TryParse(parts[2], out var d) || d < 1 || d > DateTime.DaysInMonth(year, month!.Value)) return null;
            day = d;
        }
        return new PartialDate { Year = year, Month = month, Day = day };
    }
}
