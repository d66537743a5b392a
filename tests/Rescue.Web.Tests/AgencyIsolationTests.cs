using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rescue.Testing;
using static Rescue.Web.Tests.Who;

namespace Rescue.Web.Tests;

/// <summary>
/// Object-level access: agency B's liaison and agency B's system (its API key) reach the same routes as agency A's, and
/// must learn nothing of agency A's records through any of them: a report's id in a path, its photos' files, the list's
/// filters in the query string, the search, the pages, the exports, a replayed idempotency key or a body naming agency
/// A. Each check is named by its route; agency A's own callers are the control that the record is there to find.
/// </summary>
public class AgencyIsolationTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>Agency B's two callers, and agency A's (the control).</summary>
    private static readonly Who[] AgencyB = [LiaisonB, ApiKeyB];
    private static readonly Who[] AgencyA = [LiaisonA, ApiKeyA];

    /// <summary>A named check: what to send, and what is wrong with the answer (null when right).</summary>
    private sealed record Check(string Name, Who[] Callers, Func<AccessWorld, Who, Task<string?>> Run);

    private static readonly Check[] Checks =
    [
        new("GET /api/v1/reports/{id}: A's report answers as a made-up id", AgencyB, (w, who) => LikeMissingAsync(w, who, "/api/v1/reports/{report}")),
        new("GET /api/v1/reports/{id}: A's own callers read it (control)", AgencyA, (w, who) => ShowsAsync(w, who, "/api/v1/reports/{report}")),
        new("GET /api/v1/reports: the list holds none of A's", AgencyB, (w, who) => HidesAsync(w, who, "/api/v1/reports")),
        new("GET /api/v1/reports: A's list holds it (control)", AgencyA, (w, who) => ShowsAsync(w, who, "/api/v1/reports")),
        new("GET /api/v1/reports?agencyId=A", AgencyB, (w, who) => HidesAsync(w, who, "/api/v1/reports?agencyId={agencyA}")),
        new("GET /api/v1/reports?q=A's words", AgencyB, (w, who) => HidesAsync(w, who, "/api/v1/reports?q={reportText}")),
        new("GET /api/v1/reports?agencyId=A&status=Submitted&from&to&q", AgencyB,
            (w, who) => HidesAsync(w, who, "/api/v1/reports?agencyId={agencyA}&status=Submitted&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&q={reportText}")),
        new("GET /reports: the page lists none of A's", AgencyB, (w, who) => HidesAsync(w, who, "/reports")),
        new("GET /reports?agency=A&q=A's words", AgencyB, (w, who) => HidesAsync(w, who, "/reports?agency={agencyA}&q={reportText}")),
        new("GET /reports: A's page lists it (control)", AgencyA, (w, who) => ShowsAsync(w, who, "/reports")),
        new("GET /reports/{id}: the page answers as for a made-up id", AgencyB, (w, who) => LikeMissingAsync(w, who, "/reports/{report}")),
        new("GET /: the home page counts none of A's", AgencyB, (w, who) => HidesAsync(w, who, "/")),
        new("GET /api/v1/photos/{id}/full of A's report", AgencyB, (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{reportPhoto}/full")),
        new("GET /api/v1/photos/{id}/display of A's report", AgencyB, (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{reportPhoto}/display")),
        new("GET /api/v1/photos/{id}/thumbnail of A's report", AgencyB, (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{reportPhoto}/thumbnail")),
        new("GET /api/v1/photos/{id}/display of A's report: A sees the page copy (control)", AgencyA, (w, who) => StatusAsync(w, who, "/api/v1/photos/{reportPhoto}/display", HttpStatusCode.OK)),
        new("GET /api/v1/photos/{id}/full of A's report: the evidence file is the station's alone", AgencyA, (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{reportPhoto}/full")),
        // The admission's announcement is published, so its page copies are public (PhotoAudience): the evidence file is not.
        new("GET /api/v1/photos/{id}/full of an admission", [.. AgencyA, .. AgencyB], (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{admissionPhoto}/full")),
        new("GET /api/v1/photos/{id}/display of a notice", [.. AgencyA, .. AgencyB], (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{noticePhoto}/display")),
        new("GET /api/v1/photos/{id}/display of a tip", [.. AgencyA, .. AgencyB], (w, who) => LikeMissingAsync(w, who, "/api/v1/photos/{tipPhoto}/display")),
        new("GET /api/v1/agency: B's own agency", AgencyB, async (w, who) =>
            (await w.Client(who).GetAsAsync<JsonElement>("/api/v1/agency")).GetProperty("id").GetGuid() == w.AgencyB ? null : "another agency"),
        new("GET /api/v1/notices/export", AgencyB, (w, who) => StatusAsync(w, who, "/api/v1/notices/export?format=csv", HttpStatusCode.Forbidden)),
        new("GET /api/v1/announcements/export", AgencyB, (w, who) => StatusAsync(w, who, "/api/v1/announcements/export?format=csv", HttpStatusCode.Forbidden)),
        new("GET /api/v1/statistics/{month}.xlsx", AgencyB, (w, who) => StatusAsync(w, who, "/api/v1/statistics/{month}.xlsx", HttpStatusCode.Forbidden)),
        new("GET /api/v1/matching/search?admissionId", AgencyB, (w, who) => StatusAsync(w, who, "/api/v1/matching/search?admissionId={admission}", HttpStatusCode.Forbidden)),
        new("GET /api/v1/admissions?q", AgencyB, (w, who) => StatusAsync(w, who, "/api/v1/admissions?q={reportText}", HttpStatusCode.Forbidden)),
        new("GET /api/v1/notices?q", AgencyB, (w, who) => StatusAsync(w, who, "/api/v1/notices?q={reportText}", HttpStatusCode.Forbidden)),
        new("POST /api/v1/reports with A's Idempotency-Key and body: a new report of B, not A's answer", AgencyB, ReplayOfAsync),
        new("POST /api/v1/reports naming agency A in the body: filed for B", AgencyB, NamingAgencyAAsync),
    ];

    [Fact]
    public async Task Agency_B_learns_nothing_of_agency_A_through_any_route()
    {
        var world = await AccessWorld.CreateAsync(app);
        world.Values["reportText"] = world.ReportAText;
        var failures = new List<string>();
        foreach (var check in Checks)
        {
            foreach (var who in check.Callers)
            {
                if (await check.Run(world, who) is { } wrong) failures.Add($"{check.Name} as {who}: {wrong}");
            }
        }
        Console.WriteLine($"agency isolation: {Checks.Length} routes, {Checks.Sum(c => c.Callers.Length)} checks");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The answer names agency A's report nowhere: not its id, not its place (a page's search box may echo the words
    /// searched for, so those alone prove nothing).
    /// </summary>
    private static async Task<string?> HidesAsync(AccessWorld world, Who who, string url)
    {
        using var response = await world.Client(who).GetAsync(world.Url(url));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) return $"{(int)response.StatusCode}";
        return text.Contains(world.Values["report"], StringComparison.Ordinal) || text.Contains(world.ReportAPlace, StringComparison.Ordinal) ? "names A's report" : null;
    }

    /// <summary>The answer names agency A's report: the control that <see cref="HidesAsync"/> looks where the report would be.</summary>
    private static async Task<string?> ShowsAsync(AccessWorld world, Who who, string url)
    {
        var text = await world.Client(who).GetStringAsync(world.Url(url));
        return text.Contains(world.ReportAPlace, StringComparison.Ordinal) ? null : "does not show A's report";
    }

    /// <summary>The answer is the one a made-up id gets: the same status, and on a page the same heading.</summary>
    private static async Task<string?> LikeMissingAsync(AccessWorld world, Who who, string url)
    {
        var client = world.Client(who);
        using var response = await client.GetAsync(world.Url(url));
        using var missing = await client.GetAsync(world.Url(url, madeUp: true));
        var (text, missingText) = (await response.Content.ReadAsStringAsync(), await missing.Content.ReadAsStringAsync());
        if (response.StatusCode != missing.StatusCode) return $"{(int)response.StatusCode} where a made-up id gets {(int)missing.StatusCode}";
        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "text/html") return $"{(int)response.StatusCode} {response.Content.Headers.ContentType}";
        if (text.Contains(world.ReportAPlace, StringComparison.Ordinal)) return "shows A's report";
        return Heading(text) == Heading(missingText) ? null : $"shows {Heading(text)} where a made-up id shows {Heading(missingText)}";
    }

    private static async Task<string?> StatusAsync(AccessWorld world, Who who, string url, HttpStatusCode expected)
    {
        using var response = await world.Client(who).GetAsync(world.Url(url));
        return response.StatusCode == expected ? null : $"{(int)response.StatusCode}, not {(int)expected}";
    }

    /// <summary>Agency A's key and body sent again by B: the key is the caller's own, so B files a report of its own.</summary>
    private static async Task<string?> ReplayOfAsync(AccessWorld world, Who who)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = new MultipartFormDataContent
            {
                { JsonContent.Create(world.ReportABody), "report" },
                { new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", "img12.jpg"))), "photos", "img12.jpg" },
            },
            Headers = { { "Idempotency-Key", world.ReportAKey } },
        };
        return await FiledForBAsync(world, await world.Client(who).SendAsync(request));
    }

    private static async Task<string?> NamingAgencyAAsync(AccessWorld world, Who who)
    {
        var body = JsonSerializer.SerializeToNode(world.ReportABody)!.AsObject();
        body["agencyId"] = world.AgencyA;
        body["description"] = "乙方报告";
        return await FiledForBAsync(world, await world.Client(who).PostAsJsonAsync("/api/v1/reports", body));
    }

    private static async Task<string?> FiledForBAsync(AccessWorld world, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) return $"{(int)response.StatusCode} {text}";
        var filed = JsonDocument.Parse(text).RootElement;
        if (filed.GetProperty("id").GetString() == world.Values["report"]) return "answered with A's report";
        return filed.GetProperty("agencyId").GetGuid() == world.AgencyB ? null : "filed for another agency";
    }

    private static string Heading(string page) => System.Text.RegularExpressions.Regex.Match(page, "<h1[^>]*>[\\s\\S]*?</h1>").Value;
}
