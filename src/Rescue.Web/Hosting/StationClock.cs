using Microsoft.Extensions.Options;

namespace Rescue.Web.Hosting;

/// <summary>The station's local calendar: what staff type and read is local time; what is stored is UTC.</summary>
public sealed class StationClock(TimeProvider clock, IOptions<RescueOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The station's time zone by its IANA name (Asia/Shanghai), as PostgreSQL's <c>AT TIME ZONE</c> takes it.</summary>
    public string TimeZoneName =>
        _zone.HasIanaId ? _zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(_zone.Id, out var iana) ? iana : _zone.Id;

    /// <summary>The clock itself, for what takes a <see cref="TimeProvider"/>.</summary>
    public TimeProvider Clock => clock;

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(Now, _zone);

    public DateOnly Today => DateOnly.FromDateTime(LocalNow.DateTime);

    /// <summary>The station's date at <paramref name="instant"/>.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    public int YearOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).Year;

    public string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-dd HH:mm");

    public string Local(DateTimeOffset? instant) => instant is { } i ? Local(i) : "";

    /// <summary>A local wall-clock time (a datetime-local field) as an instant.</summary>
    public DateTimeOffset FromLocal(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    /// <summary>Local midnight at the start of the day, as an instant.</summary>
    public DateTimeOffset? StartOf(DateOnly? day) => day is { } d ? FromLocal(d.ToDateTime(TimeOnly.MinValue)) : null;

    /// <summary>The value for a datetime-local input.</summary>
    public string ForInput(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-ddTHH:mm");
}
