using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Users;
using Xunit;

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

    /// <summary>
    /// A stay that meets every settlement condition: admitted with a face 91 days before, stranded and given its
    /// eligibility task by the sweep, its announcement published and refreshed, the police's DNA result in, no candidate
    /// waiting, and matching caught up. The clock is then on day 91.
    /// </summary>
    public static async Task<Guid> EligibleForSettlementAsync(this RescueApp app)
    {
        var admittedOn = app.Today();
        var (admission, announcement) = await app.AdmitAsync(await app.SignedInAsync(Roles.StationStaff), new { sex = "Male", estimatedAgeMin = 55, estimatedAgeMax = 65 });
        await FacePhotoUploads.WaitAsync(app, admission);
        await app.MoveToAsync(admittedOn.AddDays(91));
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        for (var i = 0; i < 2; i++)
        {
            var published = await officer.PostAsJsonAsync($"/api/v1/announcements/{announcement}/publish", new { channels = new[] { "NationalSite" } });
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }
        var requested = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/dna", new { policeUnit = "城东派出所", requestedOn = app.Today() });
        var request = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/dna/{request}/result", new { result = "NoMatch", resultOn = app.Today() })).StatusCode);
        await app.CaughtUpAsync();
        var waiting = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/matching/candidates?status=New&admissionId={admission}");
        foreach (var candidate in waiting.EnumerateArray())
        {
            var rejected = await officer.PostAsJsonAsync($"/api/v1/matching/candidates/{candidate.GetProperty("id").GetGuid()}/reject", new { note = "体貌不符" });
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }
        await app.CaughtUpAsync();
        return admission;
    }

    /// <summary>A resident ID number (GB 11643) with its check character computed here: region, date of birth, sequence.</summary>
    public static string ResidentIdNumber(string region, DateOnly bornOn, string sequence)
    {
        var body = region + bornOn.ToString("yyyyMMdd") + sequence;
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
