using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>A day a station declares for itself, which wins over the national calendar: a local holiday or a working day.</summary>
public sealed record LocalDay(DateOnly Day, bool IsWorkingDay, string Name)
{
    public const int NameLength = 50;

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class LocalDayConfiguration : IEntityTypeConfiguration<LocalDay>
{
    public void Configure(EntityTypeBuilder<LocalDay> builder)
    {
        builder.HasKey(d => d.Day);
        builder.Property(d => d.Name).HasMaxLength(LocalDay.NameLength);
        builder.Property(d => d.CreatedBy).HasMaxLength(FieldLimits.ActorId);
    }
}

/// <summary>
/// Working days at the station, for deadlines the rules count in 工作日 (a DNA request within 7 working days of
/// admission): China's holidays and 调休 working days from <see cref="ChinaHolidays"/>, then the station's own
/// <see cref="LocalDay"/>s on top. For a year the national file does not hold (before its first year, or next year
/// before the State Council has announced it and infra/holidays.py has been run) only weekends are days off:
/// <see cref="Covers"/> says which, so a page can warn that a deadline there may move.
/// </summary>
/// <remarks>
/// One calendar is fixed at construction: <see cref="WorkingCalendars"/> gives the one with the local days stored now.
/// Counting is "after the start": the start day itself is never counted.
/// </remarks>
public sealed class WorkingCalendar
{
    private readonly ChinaHolidays _national;
    private readonly Dictionary<DateOnly, LocalDay> _local;

    public WorkingCalendar(ChinaHolidays national, IEnumerable<LocalDay>? localDays = null)
    {
        _national = national;
        // The last entry for a day wins, as if an administrator had edited it.
        _local = (localDays ?? []).GroupBy(d => d.Day).ToDictionary(g => g.Key, g => g.Last());
    }

    /// <summary>Where the national days came from, e.g. "npm chinese-days@1.5.7".</summary>
    public string Source => _national.Source;

    /// <summary>
    /// Whether the national file holds <paramref name="day"/>'s year; outside it a working day is any Monday to
    /// Friday the station has not declared a holiday.
    /// </summary>
    public bool Covers(DateOnly day) => _national.Covers(day);

    /// <summary>The first and last years the national file holds.</summary>
    public (int First, int Last) NationalYears => (_national.FirstYear, _national.LastYear);

    public bool IsWorkingDay(DateOnly day)
    {
        if (_local.TryGetValue(day, out var local))
        {
            return local.IsWorkingDay;
        }
        if (_national.Workdays.ContainsKey(day))
        {
            return true;
        }
        if (_national.Holidays.ContainsKey(day))
        {
            return false;
        }
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>The <paramref name="days"/>th working day after <paramref name="start"/> (0: the start itself).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = start;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }
        return day;
    }

    /// <summary>
    /// The working days after <paramref name="from"/> up to and including <paramref name="to"/>, so that
    /// <c>WorkingDaysBetween(d, AddWorkingDays(d, n)) == n</c>; negative when <paramref name="to"/> is earlier.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -WorkingDaysBetween(to, from);
        }
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }
        return count;
    }
}
