using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rescue.Testing;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

public partial class ClockTests
{
    private static StationClock StationAt(DateTimeOffset utc) =>
        new(new FakeTimeProvider(utc), Options.Create(new RescueOptions { TimeZone = "Asia/Shanghai" }));

    [Fact]
    public void Today_is_the_stations_date_not_the_UTC_date()
    {
        // 01:30 on 3 December in Beijing is still 2 December in UTC.
        var station = StationAt(new DateTimeOffset(2026, 12, 2, 17, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 12, 3), station.Today);
        Assert.Equal("2026-12-03 01:30", station.Local(station.Now));
    }

    [Fact]
    public void A_date_of_birth_of_today_at_the_station_is_accepted_before_the_UTC_day_turns()
    {
        var station = StationAt(new DateTimeOffset(2026, 12, 2, 17, 30, 0, TimeSpan.Zero));
        var form = new AdmissionForm { AdmittedAt = station.Now, DateOfBirth = new DateOnly(2026, 12, 3) };

        var errors = RequestValidation.Errors(form, station);

        Assert.False(errors.ContainsKey("dateOfBirth"), string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        form.DateOfBirth = new DateOnly(2026, 12, 4);
        Assert.True(RequestValidation.Errors(form, station).ContainsKey("dateOfBirth"));
    }

    [Fact]
    public void Nothing_in_the_app_reads_the_time_but_through_the_one_clock()
    {
        var src = Path.Combine(AppProcess.RepositoryRoot(), "src");
        var readers = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(src, f), Line: i + 1, Text: line)))
            .Where(l => DirectTimeRead().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(readers.Count == 0, "read the time through StationClock or TimeProvider:\n" + string.Join("\n", readers));
    }

    [GeneratedRegex(@"\bDate(Time|TimeOffset)\.(UtcNow|Now|Today)\b")]
    private static partial Regex DirectTimeRead();
}
