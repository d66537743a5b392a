using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Features.Cases;

namespace Rescue.Testing;

/// <summary>A stay's deadlines and the days the test clock moves through, as the cases' tests need them.</summary>
public static class Cases
{
    private static readonly TimeZoneInfo Station = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The station's date on the test clock.</summary>
    public static DateOnly Today(this RescueApp app) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Station).DateTime);

    /// <summary>A stay's tasks by kind.</summary>
    public static async Task<Dictionary<string, JsonElement>> TasksAsync(this RescueApp app, HttpClient client, Guid admission) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/tasks")).EnumerateArray()
            .ToDictionary(t => t.GetProperty("kind").GetString()!);

    /// <summary>
    /// Moves the test clock forward to ten in the morning of <paramref name="day"/> (station time) and makes the moves
    /// time makes (<see cref="StayClock"/>'s sweep), as the hourly sweep would by then; never moves the clock back.
    /// </summary>
    public static async Task MoveToAsync(this RescueApp app, DateOnly day)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));
        if (target > app.Clock.GetUtcNow()) app.Clock.SetUtcNow(target);
        await StayClock.SweepAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);
        await app.CaughtUpAsync();
    }
}
