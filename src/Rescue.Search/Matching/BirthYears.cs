using Rescue.Search.Scoring;

namespace Rescue.Search.Matching;

/// <summary>
/// The birth years a notice or a person can have, as the face index and the pre-filter compare them: one rule for
/// the engine and for the app's face index (Rescue.Web's Features/Matching).
/// </summary>
public static class BirthYears
{
    /// <summary>From the year of birth, else the age when last seen; null ends when unknown.</summary>
    public static (int? From, int? To) OfNotice(int? birthYear, int? ageAtDisappearance, DateOnly? lastSeenOn) =>
        birthYear is { } year ? (year, year)
        : ageAtDisappearance is { } age && lastSeenOn is { } lastSeen ? (lastSeen.Year - age - 1, lastSeen.Year - age)
        : (null, null);

    /// <summary>From a told year of birth, else the estimated age range on the day it was estimated.</summary>
    public static (int? From, int? To) OfPerson(int? birthYear, int? estimatedAgeMin, int? estimatedAgeMax, DateOnly? estimatedOn)
    {
        if (birthYear is { } year) return (year, year);
        if (estimatedOn is not { } day) return (null, null);
        int? from = estimatedAgeMax is { } max ? day.Year - max - 1 : null;
        int? to = estimatedAgeMin is { } min ? day.Year - min : null;
        return (from, to);
    }

    internal static (int? From, int? To) OfNotice(NoticeSide notice) =>
        OfNotice(notice.DateOfBirth?.Year, notice.AgeAtDisappearance, notice.LastSeenOn);

    internal static (int? From, int? To) OfPerson(PersonSide person) =>
        OfPerson(person.DateOfBirth?.Year, person.EstimatedAgeMin, person.EstimatedAgeMax, person.AgeEstimatedOn ?? person.FoundOn);

    /// <summary>The age on a day of someone born in the range (its middle), or null when the range is open.</summary>
    internal static double? AgeOf(int? from, int? to, DateOnly today) =>
        from is { } f && to is { } t ? today.Year - (f + t) / 2.0 : from is { } only ? today.Year - only : to is { } end ? today.Year - end : null;
}
