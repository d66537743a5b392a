using Microsoft.Extensions.Localization;

namespace Rescue.Web.Components;

/// <summary>
/// How a deadline reads against now: the hours left (days, when more than two are left) or how long overdue. Hours
/// left are counted up (the last minutes read "1 h left", never "0"); hours overdue are the whole hours past (at least
/// one). Announcements and a stay's tasks read alike.
/// </summary>
public static class DueText
{
    public static string Of(IStringLocalizer<UiText> text, DateTimeOffset due, DateTimeOffset now)
    {
        var span = due - now;
        var overdue = span < TimeSpan.Zero;
        var hours = (int)Math.Max(1, overdue ? Math.Floor(-span.TotalHours) : Math.Ceiling(span.TotalHours));
        return hours > 48 ? text[overdue ? "DaysOverdue" : "DaysLeft", hours / 24] : text[overdue ? "HoursOverdue" : "HoursLeft", hours];
    }
}
