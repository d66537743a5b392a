using System.Globalization;
using Rescue.Web.Components;
using Rescue.Web.Features.Cases;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Statistics;

/// <summary>
/// A month's figures (月度统计) as the station reports them: one record, the same in the page, the Excel workbook, the
/// API's JSON and <c>rescue cli stats</c>. Every count covers the station-local month (<see cref="StationClock"/>).
/// </summary>
public sealed record MonthlyFigures(
    string Month,
    DateOnly FirstDay,
    DateOnly LastDay,
    AdmissionFigures Admissions,
    OccupancyFigures Occupancy,
    IReadOnlyDictionary<ExitKind, int> Exits,
    IReadOnlyDictionary<ReunionVerification, int> Reunions,
    int StrandedAtMonthEnd,
    int SettlementsCompleted,
    IReadOnlyList<DeadlineFigures> Deadlines);

/// <summary>Stays admitted in the month: person-times (人次), persons (人数, distinct people) and how they divide.</summary>
public sealed record AdmissionFigures(
    int PersonTimes,
    int Persons,
    IReadOnlyDictionary<AdmissionSource, int> BySource,
    IReadOnlyDictionary<AgeGroup, int> ByAge,
    IReadOnlyDictionary<Sex, int> BySex);

/// <summary>
/// Beds: who was in the station at the local midnight ending each day of the month that has passed (admitted before
/// it, not gone before it); person-nights are their sum, the peak their largest. The rates are against
/// <see cref="BedCapacity"/> (the rate over the nights passed); null when an administrator has not set it.
/// </summary>
public sealed record OccupancyFigures(int? BedCapacity, IReadOnlyList<NightCount> Nights, int PersonNights, int Peak, double? Rate, double? PeakRate);

/// <summary>How many stays were in the station at midnight after <see cref="Day"/>.</summary>
public sealed record NightCount(DateOnly Day, int InStation);

/// <summary>
/// The deadlines of a kind due in the month and not cancelled: met (closed by the due time), missed (closed late, or
/// still open past the due time) and open (not yet due: only in the current month).
/// </summary>
public sealed record DeadlineFigures(CaseTaskKind Kind, int Met, int Missed, int Open);

/// <summary>
/// Who brought the person, from the admission's discovery report and its agency's kind (救助来源). A stay without a
/// report is <see cref="Self"/>: the person came, or was brought by someone who files no report (staff register
/// walk-ins without one). <see cref="Other"/> is a report from an agency of a kind named neither police nor city
/// management (other departments and units, 其他部门护送), or a report that can no longer be found.
/// </summary>
public enum AdmissionSource
{
    Police = 1,
    CityManagement = 2,
    Self = 3,
    Other = 4,
}

/// <summary>
/// Age at admission: from the date of birth on the station's date of admission; else the midpoint of the estimated
/// range (either bound alone when only one was given); else unknown.
/// </summary>
public enum AgeGroup
{
    Under18 = 1,
    From18To59 = 2,
    From60 = 3,
    Unknown = 4,
}

/// <summary>A calendar month as <c>2026-11</c>: how the page, the API and the command name the month they want.</summary>
public readonly record struct StatisticsMonth(int Year, int Month)
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public override string ToString() => FirstDay.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The month containing <paramref name="day"/>.</summary>
    public static StatisticsMonth Of(DateOnly day) => new(day.Year, day.Month);

    /// <summary>Reads <c>yyyy-MM</c> within the dates any request may hold; null otherwise.</summary>
    public static StatisticsMonth? TryParse(string? text) =>
        text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && day >= RequestValidation.EarliestDate && day <= RequestValidation.LatestDate
            ? Of(day)
            : null;

    /// <summary>Reads <c>yyyy-MM</c>, or refuses it with a 400 naming <paramref name="field"/>.</summary>
    public static StatisticsMonth Parse(string? text, string field) =>
        TryParse(text) ?? throw new ValidationFailedException(field, UiText.Format("Err.Month"));
}
