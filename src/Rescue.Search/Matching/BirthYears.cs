using Rescue.Search.Scoring;

namespace Rescue.Search.Matching;

/// <summary>The birth years a notice or a person can have, as the face index and the pre-filter compare them.</summary>
internal static class BirthYears
{
    /// <summary>From the date of birth, else the age when last seen; null ends when unknown.</summary>
    public static (int? From, int? To) OfNotice(NoticeSide notice)
    {
        if (notice.DateOfBirth is { } born) return (born.Year, born.Year);
        if (notice.AgeAtDisappearance is { } age && notice.LastSeenOn is { } lastSeen)
            return (lastSeen.Year - age - 1, lastSeen.Year - age);
        return (null, null);
    }

    /// <summary>From a told date of birth, else the estimated age range on the day it was estimated.</summary>
    public static (int? From, int? To) OfPerson(PersonSide person)
    {
        if (person.DateOfBirth is { } born) return (born.Year, born.Year);
        var on = person.AgeEstimatedOn ?? person.FoundOn;
        if (on is not { } day) return (null, null);
        int? from = person.EstimatedAgeMax is { } max ? day.Year - max - 1 : null;
        int? to = person.EstimatedAgeMin is { } min ? day.Year - min : null;
        return (from, to);
    }

    /// <summary>The age on a day of someone born in the range (its middle), or null when the range is open.</summary>
    public static double? AgeOf(int? from, int? to, DateOnly today) =>
        from is { } f && to is { } t ? today.Year - (f + t) / 2.0 : from is { } only ? today.Year - only : to is { } end ? today.Year - end : null;
}
