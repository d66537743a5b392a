using System.Globalization;
using System.Text.Json;
using Rescue.Testing;
using Rescue.Web.Features.Cases;

namespace Rescue.Web.Tests;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = new(ChinaHolidays.Embedded);

    /// <summary>The data file as committed, read here without the app's parser, so the expectations come from its own lists.</summary>
    private static readonly DataFile File = DataFile.Read();

    [Fact]
    public void Friday_before_National_Day_plus_7_working_days_skips_the_holiday_and_counts_the_make_up_Saturday()
    {
        // 2026-09-25 is the Friday before 国庆; that year it is also 中秋, so the week from 1 October is off whole.
        var friday = new DateOnly(2026, 9, 25);
        Assert.Equal(DayOfWeek.Friday, friday.DayOfWeek);
        Assert.Equal("国庆节", File.Holidays[new DateOnly(2026, 10, 1)]);

        var due = Calendar.AddWorkingDays(friday, 7);

        Assert.Equal(File.NthWorkingDayAfter(friday, 7), due);
        Assert.True(due > File.Holidays.Keys.Where(d => File.Holidays[d] == "国庆节" && d.Year == 2026).Max());
        Assert.Equal(7, Calendar.WorkingDaysBetween(friday, due));
    }

    [Fact]
    public void Spring_Festival_week_is_not_counted_and_its_make_up_Saturdays_are()
    {
        var springFestival = File.Holidays.Where(h => h.Value == "春节" && h.Key.Year == 2026).Select(h => h.Key).ToList();
        var makeUpDays = File.Workdays.Where(w => w.Value == "春节调休" && w.Key.Year == 2026).Select(w => w.Key).ToList();
        Assert.NotEmpty(springFestival);
        Assert.NotEmpty(makeUpDays);
        // The Friday before the holiday starts.
        var start = springFestival.Min().AddDays(-1);
        while (start.DayOfWeek != DayOfWeek.Friday)
        {
            start = start.AddDays(-1);
        }

        var due = Calendar.AddWorkingDays(start, 7);

        Assert.Equal(File.NthWorkingDayAfter(start, 7), due);
        Assert.True(due > springFestival.Max());
        Assert.Contains(makeUpDays, d => d > start && d <= due && d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    [Fact]
    public void An_ordinary_Monday_plus_7_working_days_is_the_Wednesday_of_the_next_week()
    {
        var monday = new DateOnly(2026, 11, 9);
        Assert.Equal(DayOfWeek.Monday, monday.DayOfWeek);
        Assert.DoesNotContain(File.Holidays.Keys, d => d >= monday && d <= monday.AddDays(14));
        Assert.DoesNotContain(File.Workdays.Keys, d => d >= monday && d <= monday.AddDays(14));

        var due = Calendar.AddWorkingDays(monday, 7);

        Assert.Equal(monday.AddDays(9), due);
        Assert.Equal(DayOfWeek.Wednesday, due.DayOfWeek);
    }

    [Fact]
    public void A_make_up_Saturday_is_a_working_day_and_a_weekday_holiday_is_not()
    {
        var saturday = File.Workdays.Keys.First(d => d.Year == 2026 && d.DayOfWeek == DayOfWeek.Saturday);
        var weekdayHoliday = File.Holidays.Keys.First(d => d.Year == 2026 && d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

        Assert.True(Calendar.IsWorkingDay(saturday));
        Assert.False(Calendar.IsWorkingDay(weekdayHoliday));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2026, 10, 10)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public void Every_day_of_the_file_is_read_as_the_file_says()
    {
        Assert.Equal(File.Holidays.Count, ChinaHolidays.Embedded.Holidays.Count);
        Assert.Equal(File.Workdays.Count, ChinaHolidays.Embedded.Workdays.Count);
        Assert.All(File.Holidays.Keys, d => Assert.False(Calendar.IsWorkingDay(d)));
        Assert.All(File.Workdays.Keys, d => Assert.True(Calendar.IsWorkingDay(d)));
    }

    [Fact]
    public void The_file_names_its_source_and_licence_and_the_licence_text_lies_beside_it()
    {
        Assert.StartsWith("npm chinese-days@", File.Source);
        Assert.StartsWith("MIT", File.Licence);
        Assert.Equal(File.Source, ChinaHolidays.Embedded.Source);
        Assert.Equal(File.Source, Calendar.Source);
        Assert.Contains("MIT License", System.IO.File.ReadAllText(Path.Combine(DataFile.Folder, "china-holidays.LICENSE")));
        Assert.Equal(Enumerable.Range(File.FirstYear, File.LastYear - File.FirstYear + 1), File.Holidays.Keys.Select(d => d.Year).Distinct().Order());
    }

    [Fact]
    public void Outside_the_files_years_only_weekends_are_days_off()
    {
        var nationalDay = new DateOnly(File.LastYear + 1, 10, 1);
        var october = Enumerable.Range(0, 7).Select(nationalDay.AddDays).ToList();
        var weekday = october.First(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var saturday = october.First(d => d.DayOfWeek == DayOfWeek.Saturday);

        Assert.False(Calendar.Covers(nationalDay));
        Assert.True(Calendar.Covers(new DateOnly(File.LastYear, 12, 31)));
        Assert.False(Calendar.Covers(new DateOnly(File.FirstYear - 1, 12, 31)));
        Assert.True(Calendar.IsWorkingDay(weekday));
        Assert.False(Calendar.IsWorkingDay(saturday));
    }

    [Fact]
    public void A_stations_local_days_win_over_the_national_calendar()
    {
        var monday = new DateOnly(2026, 11, 9);
        var saturday = new DateOnly(2026, 11, 14);
        var calendar = new WorkingCalendar(ChinaHolidays.Embedded,
            [new LocalDay(monday, IsWorkingDay: false, "站庆"), new LocalDay(saturday, IsWorkingDay: true, "补班")]);

        Assert.False(calendar.IsWorkingDay(monday));
        Assert.True(calendar.IsWorkingDay(saturday));
        // From Friday the 6th: the 9th is off, the 14th worked, so the 7th working day is still Tuesday the 17th.
        Assert.Equal(new DateOnly(2026, 11, 17), calendar.AddWorkingDays(new DateOnly(2026, 11, 6), 7));
        Assert.Equal(new DateOnly(2026, 11, 17), Calendar.AddWorkingDays(new DateOnly(2026, 11, 6), 7));
        Assert.True(Calendar.IsWorkingDay(monday));
    }

    [Fact]
    public void Counting_between_two_days_undoes_adding_and_is_negative_backwards()
    {
        var start = new DateOnly(2026, 9, 18);
        for (var n = 0; n <= 30; n++)
        {
            Assert.Equal(n, Calendar.WorkingDaysBetween(start, Calendar.AddWorkingDays(start, n)));
        }
        Assert.Equal(start, Calendar.AddWorkingDays(start, 0));
        Assert.Equal(-7, Calendar.WorkingDaysBetween(Calendar.AddWorkingDays(start, 7), start));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(start, -1));
    }

    internal sealed record DataFile(string Source, string Licence, int FirstYear, int LastYear,
        Dictionary<DateOnly, string> Holidays, Dictionary<DateOnly, string> Workdays)
    {
        public static string Folder => Path.Combine(AppProcess.RepositoryRoot(), "src/Rescue.Web/Features/Cases/Data");

        public static DataFile Read()
        {
            using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Folder, "china-holidays.json")));
            var root = json.RootElement;
            return new DataFile(root.GetProperty("source").GetString()!, root.GetProperty("licence").GetString()!,
                root.GetProperty("firstYear").GetInt32(), root.GetProperty("lastYear").GetInt32(),
                Days(root.GetProperty("holidays")), Days(root.GetProperty("workdays")));
        }

        private static Dictionary<DateOnly, string> Days(JsonElement days) =>
            days.EnumerateObject().ToDictionary(
                p => DateOnly.ParseExact(p.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture), p => p.Value.GetString()!);

        /// <summary>Walks the days after <paramref name="start"/>: a listed workday counts, a listed holiday or a weekend does not.</summary>
        public DateOnly NthWorkingDayAfter(DateOnly start, int n)
        {
            var day = start;
            while (n > 0)
            {
                day = day.AddDays(1);
                var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                if (Workdays.ContainsKey(day) || (!weekend && !Holidays.ContainsKey(day)))
                {
                    n--;
                }
            }
            return day;
        }
    }
}
