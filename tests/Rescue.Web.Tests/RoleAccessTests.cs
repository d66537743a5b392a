using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using static Rescue.Web.Tests.Who;

namespace Rescue.Web.Tests;

/// <summary>
/// The role matrix: every endpoint the app maps, API and page, and what each caller gets from it. An endpoint the app
/// maps and the table does not name fails, and so does a row the app no longer maps. Each cell is sent for real, with
/// real records in the route, and a refused write is shown to have changed nothing in the database.
/// </summary>
public partial class RoleAccessTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>The callers of the matrix (agency B's key is the isolation tests' alone: a key has the liaison's role).</summary>
    private static readonly Who[] Callers = [Anonymous, LiaisonA, LiaisonB, StationStaff, CaseOfficer, Administrator, ApiKeyA];

    private const Who Everyone = Anonymous | SignedIn;
    private const Who SignedIn = LiaisonA | LiaisonB | StationStaff | CaseOfficer | Administrator | ApiKeyA;
    /// <summary>The liaison role: agencies' people and their systems.</summary>
    private const Who Agencies = LiaisonA | LiaisonB | ApiKeyA;
    private const Who Station = StationStaff | CaseOfficer;
    private const Who Reports = Agencies | Station;
    /// <summary>The monthly statistics and the station's settings: read by the station and its administrators.</summary>
    private const Who StationAndAdmin = Station | Administrator;

    /// <summary>
    /// One mapped endpoint (its methods as the app maps them, its route pattern), the URL to send, who is let in, and who
    /// is let in by role but answered 404 because the record is another agency's.
    /// </summary>
    private sealed record Row(string Methods, string Pattern, string Url, Who Allowed, Who Hidden = Nobody)
    {
        /// <summary>The allowed callers' GET may answer 4xx: the record it names is one the test does not make.</summary>
        public bool NoRecord { get; init; }

        /// <summary>The endpoint takes files (multipart/form-data): it is sent an empty form, since routing answers 415 to JSON.</summary>
        public bool Files { get; init; }
    }

    private static readonly Row[] Matrix =
    [
        // Users, agencies and keys (Features/Users).
        new("GET", "/api/v1/users", "/api/v1/users", Administrator),
        new("POST", "/api/v1/users", "/api/v1/users", Administrator),
        new("PUT", "/api/v1/users/{id}/role", "/api/v1/users/{user}/role", Administrator),
        new("GET", "/api/v1/agencies", "/api/v1/agencies", Administrator),
        new("POST", "/api/v1/agencies", "/api/v1/agencies", Administrator),
        new("GET", "/api/v1/agencies/{agencyId:guid}/api-keys", "/api/v1/agencies/{agencyA}/api-keys", Administrator),
        new("POST", "/api/v1/agencies/{agencyId:guid}/api-keys", "/api/v1/agencies/{agencyA}/api-keys", Administrator),
        new("DELETE", "/api/v1/api-keys/{keyId:guid}", "/api/v1/api-keys/{spareKey}", Administrator),
        new("GET", "/api/v1/agency", "/api/v1/agency", Agencies),
        new("POST", "/logout", "/logout", Everyone),
        new("GET", "/culture/{name}", "/culture/zh-CN?returnUrl=/", Everyone),

        // Reports: filed by agencies, read by them (their own only) and the station.
        new("POST", "/api/v1/reports/", "/api/v1/reports", Agencies),
        new("GET", "/api/v1/reports/", "/api/v1/reports", Reports),
        new("GET", "/api/v1/reports/{id:guid}", "/api/v1/reports/{report}", Reports & ~LiaisonB, Hidden: LiaisonB),

        // Photos: which file of which photo is PhotoAudience's answer (a report's page copy here; the rest in AgencyIsolationTests).
        new("GET", "/api/v1/photos/{id:guid}/{variant}", "/api/v1/photos/{reportPhoto}/display", Reports & ~LiaisonB, Hidden: LiaisonB),
        new("GET", "/api/v1/photos/{id:guid}/faces", "/api/v1/photos/{admissionPhoto}/faces", Station),
        new("PUT", "/api/v1/photos/{id:guid}/person-face", "/api/v1/photos/{admissionPhoto}/person-face", Station),

        // Admissions and their stays.
        new("GET", "/api/v1/admissions/", "/api/v1/admissions", StationStaff),
        new("POST", "/api/v1/admissions/", "/api/v1/admissions", StationStaff),
        new("GET", "/api/v1/admissions/{id:guid}", "/api/v1/admissions/{admission}", StationStaff),
        new("PUT", "/api/v1/admissions/{id:guid}", "/api/v1/admissions/{admission}", StationStaff),
        new("POST", "/api/v1/admissions/{id:guid}/photos", "/api/v1/admissions/{admission}/photos", StationStaff) { Files = true },
        new("GET", "/api/v1/admissions/{id:guid}/tasks", "/api/v1/admissions/{admission}/tasks", Station),
        new("GET", "/api/v1/admissions/{id:guid}/stay", "/api/v1/admissions/{admission}/stay", Station),
        new("GET", "/api/v1/admissions/{id:guid}/dna", "/api/v1/admissions/{admission}/dna", Station),
        new("POST", "/api/v1/admissions/{id:guid}/dna", "/api/v1/admissions/{admission}/dna", CaseOfficer),
        new("POST", "/api/v1/dna/{id:guid}/result", "/api/v1/dna/{dna}/result", CaseOfficer),
        new("POST", "/api/v1/admissions/{id:guid}/reception-check", "/api/v1/admissions/{admission}/reception-check", Station),
        new("POST", "/api/v1/admissions/{id:guid}/care", "/api/v1/admissions/{admission}/care", Station),
        new("POST", "/api/v1/admissions/{id:guid}/stranded-review", "/api/v1/admissions/{admission}/stranded-review", CaseOfficer),
        new("POST", "/api/v1/admissions/{id:guid}/exit", "/api/v1/admissions/{admission}/exit", Station),
        new("GET", "/api/v1/admissions/{id:guid}/forms/{form}.pdf", "/api/v1/admissions/{admission}/forms/registration.pdf", Station),
        new("GET", "/api/v1/admissions/{id:guid}/settlement/", "/api/v1/admissions/{admission}/settlement", Station),
        new("POST", "/api/v1/admissions/{id:guid}/settlement/steps", "/api/v1/admissions/{admission}/settlement/steps", CaseOfficer),
        new("GET", "/api/v1/admissions/{id:guid}/settlement/steps/{kind}/document", "/api/v1/admissions/{admission}/settlement/steps/Application/document", CaseOfficer) { NoRecord = true },

        // Notices and their exchange.
        new("GET", "/api/v1/notices/", "/api/v1/notices", CaseOfficer),
        new("POST", "/api/v1/notices/", "/api/v1/notices", CaseOfficer),
        new("GET", "/api/v1/notices/{id:guid}", "/api/v1/notices/{notice}", CaseOfficer),
        new("PUT", "/api/v1/notices/{id:guid}", "/api/v1/notices/{notice}", CaseOfficer),
        new("POST", "/api/v1/notices/{id:guid}/photos", "/api/v1/notices/{notice}/photos", CaseOfficer) { Files = true },
        new("POST", "/api/v1/notices/{id:guid}/status", "/api/v1/notices/{notice}/status", CaseOfficer),
        new("POST", "/api/v1/notices/import", "/api/v1/notices/import", CaseOfficer) { Files = true },
        new("GET", "/api/v1/notices/export", "/api/v1/notices/export?format=csv", CaseOfficer),
        new("POST", "/api/v1/public/notices", "/api/v1/public/notices", Everyone),

        // Matching.
        new("GET", "/api/v1/matching/candidates", "/api/v1/matching/candidates?admissionId={admission}", Station),
        new("GET", "/api/v1/matching/candidates/{id:guid}", "/api/v1/matching/candidates/{candidate}", Station),
        new("POST", "/api/v1/matching/candidates/{id:guid}/confirm", "/api/v1/matching/candidates/{candidate}/confirm", CaseOfficer),
        new("POST", "/api/v1/matching/candidates/{id:guid}/reject", "/api/v1/matching/candidates/{candidate}/reject", CaseOfficer),
        new("POST", "/api/v1/matching/links/{id:guid}/undo", $"/api/v1/matching/links/{Guid.Empty}/undo", CaseOfficer),
        new("GET", "/api/v1/matching/search", "/api/v1/matching/search?admissionId={admission}", Station),

        // Announcements and tips.
        new("GET", "/api/v1/announcements/", "/api/v1/announcements", Station),
        new("GET", "/api/v1/announcements/{id:guid}", "/api/v1/announcements/{announcement}", Station),
        new("PUT", "/api/v1/announcements/{id:guid}", "/api/v1/announcements/{announcement}", Station),
        new("POST", "/api/v1/announcements/{id:guid}/publish", "/api/v1/announcements/{announcement}/publish", CaseOfficer),
        new("POST", "/api/v1/announcements/{id:guid}/approve", "/api/v1/announcements/{announcement}/approve", CaseOfficer),
        new("POST", "/api/v1/announcements/{id:guid}/withdraw", "/api/v1/announcements/{announcement}/withdraw", CaseOfficer),
        new("GET", "/api/v1/announcements/export", "/api/v1/announcements/export?format=csv", Station),
        new("GET", "/api/v1/announcements/newspaper.pdf", "/api/v1/announcements/newspaper.pdf", Station),
        new("GET", "/api/v1/tips/", "/api/v1/tips", CaseOfficer),
        new("GET", "/api/v1/tips/{id:guid}", "/api/v1/tips/{tip}", CaseOfficer),
        new("POST", "/api/v1/tips/{id:guid}/note", "/api/v1/tips/{tip}/note", CaseOfficer),
        new("POST", "/api/v1/tips/{id:guid}/dismiss", "/api/v1/tips/{tip}/dismiss", CaseOfficer),
        new("POST", "/api/v1/tips/{id:guid}/notice", "/api/v1/tips/{tip}/notice", CaseOfficer),
        new("POST", "/api/v1/public/announcements/{code}/tips", "/api/v1/public/announcements/{code}/tips", Everyone),

        // The station's settings and figures.
        new("GET", "/api/v1/policy", "/api/v1/policy", StationAndAdmin),
        new("PUT", "/api/v1/policy", "/api/v1/policy", Administrator),
        new("GET", "/api/v1/calendar/local-days", "/api/v1/calendar/local-days", StationAndAdmin),
        new("PUT", "/api/v1/calendar/local-days/{day}", "/api/v1/calendar/local-days/2027-05-06", Administrator),
        new("DELETE", "/api/v1/calendar/local-days/{day}", "/api/v1/calendar/local-days/2027-05-06", Administrator),
        new("GET", "/api/v1/tasks/overdue-summary", "/api/v1/tasks/overdue-summary", Administrator),
        new("GET", "/api/v1/statistics/{month}", "/api/v1/statistics/{month}", StationAndAdmin),
        new("GET", "/api/v1/statistics/{month}.xlsx", "/api/v1/statistics/{month}.xlsx", StationAndAdmin),

        // The public board: its pages, photos, poster and feeds.
        new("GET,POST", "/gg", "/gg", Everyone),
        new("GET,POST", "/gg/{Code}", "/gg/{code}", Everyone),
        new("GET,POST", "/gg/{Code}/tip", "/gg/{code}/tip", Everyone),
        new("GET", "/gg/{code}/photos/{n:int}/", "/gg/{code}/photos/0", Everyone),
        new("GET", "/gg/{code}/photos/{n:int}/thumbnail", "/gg/{code}/photos/0/thumbnail", Everyone),
        new("GET", "/gg/{code}/poster.pdf", "/gg/{code}/poster.pdf", Everyone),
        new("GET", "/gg/feed.atom", "/gg/feed.atom", Everyone),
        new("GET", "/gg/feed.json", "/gg/feed.json", Everyone),
        new("GET,POST", "/public/notices/new", "/public/notices/new", Everyone),

        // Pages for everyone, and the ones every signed-in caller opens.
        new("GET,POST", "/login", "/login", Everyone),
        new("GET,POST", "/access-denied", "/access-denied", Everyone),
        new("GET,POST", "/error", "/error", Everyone),
        new("GET,POST", "/error/{Code:int}", "/error/404", Everyone) { NoRecord = true },
        new("GET,POST", "/", "/", SignedIn),

        // The pages of each role.
        new("GET,POST", "/admin/users", "/admin/users", Administrator),
        new("GET,POST", "/admin/agencies", "/admin/agencies", Administrator),
        new("GET,POST", "/admin/policy", "/admin/policy", Administrator),
        new("GET,POST", "/admin/calendar", "/admin/calendar", Administrator),
        new("GET,POST", "/agency", "/agency", Agencies),
        new("GET,POST", "/reports", "/reports", Reports),
        new("GET,POST", "/reports/new", "/reports/new", Agencies),
        new("GET,POST", "/reports/{Id:guid}", "/reports/{report}", Reports & ~LiaisonB, Hidden: LiaisonB),
        new("GET,POST", "/admissions", "/admissions", Station),
        new("GET,POST", "/admissions/new", "/admissions/new", StationStaff),
        new("GET,POST", "/admissions/{Id:guid}", "/admissions/{admission}", Station),
        new("GET,POST", "/admissions/{Id:guid}/edit", "/admissions/{admission}/edit", StationStaff),
        new("GET,POST", "/admissions/{Id:guid}/exit", "/admissions/{admission}/exit", Station),
        new("GET,POST", "/admissions/{Id:guid}/settlement", "/admissions/{admission}/settlement", Station),
        new("GET,POST", "/notices", "/notices", CaseOfficer),
        new("GET,POST", "/notices/new", "/notices/new", CaseOfficer),
        new("GET,POST", "/notices/import", "/notices/import", CaseOfficer),
        new("GET,POST", "/notices/{Id:guid}", "/notices/{notice}", CaseOfficer),
        new("GET,POST", "/notices/{Id:guid}/edit", "/notices/{notice}/edit", CaseOfficer),
        new("GET,POST", "/matching", "/matching", Station),
        new("GET,POST", "/matching/{Id:guid}", "/matching/{candidate}", Station),
        new("GET,POST", "/matching/search", "/matching/search?admissionId={admission}", Station),
        new("GET,POST", "/announcements", "/announcements", Station),
        new("GET,POST", "/announcements/{Id:guid}", "/announcements/{announcement}", Station),
        new("GET,POST", "/tips", "/tips", CaseOfficer),
        new("GET,POST", "/tips/{Id:guid}", "/tips/{tip}", CaseOfficer),
        new("GET,POST", "/statistics", "/statistics", StationAndAdmin),

        // Operations: health for the orchestrator, the API description (public: docs/decisions may say otherwise later).
        new("*", "/health/live", "/health/live", Everyone),
        new("*", "/health/ready", "/health/ready", Everyone),
        new("GET", "/openapi/{documentName}.json", "/openapi/v1.json", SignedIn),
        new("GET", "/scalar/{documentName?}", "/scalar/v1", SignedIn),
        new("GET", "/scalar/scalar.js", "/scalar/scalar.js", Everyone),
        new("GET", "/scalar/scalar.aspnetcore.js", "/scalar/scalar.aspnetcore.js", Everyone),
        new("GET", "/scalar/favicon.svg", "/scalar/favicon.svg", Everyone),

        // Hosting/ErrorProbes: mapped in the Testing environment only, to prove an unhandled error's page and problem.
        new("*", "/test/fail", "/test/fail", Everyone) { NoRecord = true },
        new("*", "/api/test/fail", "/api/test/fail", Everyone) { NoRecord = true },
    ];

    /// <summary>
    /// What the matrix leaves out, on purpose: the files MapStaticAssets serves (scripts, styles, icons, each with its
    /// compressed copies), the fallback it adds when the app runs from the build output, and the framework's own routes
    /// under <c>_framework</c>. None of them reads a record or a caller.
    /// </summary>
    private static bool IsFrameworkOrStaticFile(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
        || endpoint.RoutePattern.RawText == "{**path:file}"
        || endpoint.RoutePattern.RawText!.TrimStart('/').StartsWith("_framework/", StringComparison.Ordinal);

    [Fact]
    public void The_matrix_names_every_mapped_endpoint_and_nothing_the_app_no_longer_maps()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsFrameworkOrStaticFile(e))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var listed = Matrix.SelectMany(r => r.Methods.Split(',').Select(m => $"{m} {r.Pattern}")).ToList();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(mapped.Except(listed).Order().ToList() is [], "mapped but not in the matrix: " + string.Join(", ", mapped.Except(listed).Order()));
        Assert.True(listed.Except(mapped).ToList() is [], "in the matrix but no longer mapped: " + string.Join(", ", listed.Except(mapped)));
    }

    [Fact]
    public async Task Every_caller_gets_what_the_matrix_says_and_a_refused_write_changes_nothing()
    {
        var setup = Stopwatch.StartNew();
        var world = await AccessWorld.CreateAsync(app);
        setup.Stop();
        var tokens = new Dictionary<Who, string>();
        foreach (var who in Callers) tokens[who] = AntiforgeryToken().Match(await world.Client(who).GetStringAsync("/public/notices/new")).Groups[1].Value;
        var cells = Matrix.SelectMany(r => r.Methods.Split(',').Select(m => (Method: m, Row: r))).ToList();
        var writes = cells.Where(c => c.Method is not ("GET" or "*")).ToList();
        var failures = new List<string>();
        var sent = 0;
        var watch = Stopwatch.StartNew();

        async Task SendAsync((string Method, Row Row) cell, IEnumerable<Who> callers) =>
            await Task.WhenAll(callers.Select(async who =>
            {
                var client = world.Client(who);
                using var response = await client.SendAsync(Request(cell.Method, cell.Row, world.Url(cell.Row.Url), tokens[who]));
                Interlocked.Increment(ref sent);
                var wrong = Judge(cell.Method, cell.Row, who, response);
                if (wrong is null && cell.Method == "GET" && cell.Row.Hidden.HasFlag(who))
                {
                    wrong = await UnlikeMissingAsync(client, world.Url(cell.Row.Url, madeUp: true), response);
                }
                if (wrong is not null)
                {
                    lock (failures) failures.Add($"{cell.Method} {cell.Row.Pattern} as {who}: {wrong}");
                }
            }));

        // First the refused writes, each endpoint's together, on a database nothing else is writing to.
        await world.QuietAsync();
        var before = await world.FingerprintAsync();
        foreach (var cell in writes)
        {
            await SendAsync(cell, Callers.Where(who => !cell.Row.Allowed.HasFlag(who)));
            var after = await world.FingerprintAsync();
            var changed = before.Keys.Where(table => before[table] != after.GetValueOrDefault(table)).ToList();
            if (changed.Count > 0) failures.Add($"{cell.Method} {cell.Row.Pattern}: a refused write changed {string.Join(", ", changed)}");
            before = after;
        }
        var refusedWrites = watch.Elapsed;
        // Then every read, by everyone, a few endpoints at a time.
        await Parallel.ForEachAsync(cells.Except(writes), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (cell, _) => await SendAsync(cell, Callers));
        var reads = watch.Elapsed - refusedWrites;
        // Then the allowed writes, with a minimal body: signing out ends each caller's session, so it goes last.
        foreach (var cell in writes.OrderBy(c => c.Row.Pattern == "/logout")) await SendAsync(cell, Callers.Where(who => cell.Row.Allowed.HasFlag(who)));
        Console.WriteLine($"role matrix: {cells.Count} endpoints x {Callers.Length} callers; records {setup.Elapsed:g}, refused writes {refusedWrites:g}, reads {reads:g}, all {watch.Elapsed:g}");

        Assert.True(failures.Count == 0, string.Join("\n", failures) + $"\n({failures.Count} of {sent})");
        Assert.Equal(cells.Count * Callers.Length, sent);
    }

    /// <summary>A request as a client of that kind sends it: JSON <c>{}</c> to a write of the API, the form's token to a page.</summary>
    private static HttpRequestMessage Request(string method, Row row, string url, string token)
    {
        var request = new HttpRequestMessage(method == "*" ? HttpMethod.Get : new HttpMethod(method), url);
        if (method is "GET" or "*") return request;
        request.Content = (IsApi(url), row.Files) switch
        {
            (true, false) => new StringContent("{}", Encoding.UTF8, "application/json"),
            (true, true) => new MultipartFormDataContent(),
            _ => new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        return request;
    }

    /// <summary>What a system reads: the API and its description answer with a status, never a sign-in page.</summary>
    private static bool IsApi(string url) => url.StartsWith("/api/", StringComparison.Ordinal) || url.StartsWith("/openapi/", StringComparison.Ordinal);

    /// <summary>What is wrong with the answer, or null when it is what the matrix says.</summary>
    private static string? Judge(string method, Row row, Who who, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } to ? to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString : "";
        var refusal = status switch
        {
            401 => "401",
            403 => "403",
            _ when location.StartsWith("/login?ReturnUrl=", StringComparison.Ordinal) => "login",
            _ when location.StartsWith("/access-denied?ReturnUrl=", StringComparison.Ordinal) => "access-denied",
            _ => null,
        };
        var answer = $"{status} {location}".Trim();
        // The role lets the caller in; what they then see of the record is UnlikeMissingAsync's question.
        if (row.Hidden.HasFlag(who)) return refusal is null ? null : $"refused ({answer})";
        if (row.Allowed.HasFlag(who))
        {
            if (refusal is not null) return $"refused ({answer})";
            if (method == "GET" && status >= 400 && !row.NoRecord) return $"let in but answered {answer}";
            return null;
        }
        // A person gets a status from the API and a page that says why from the pages; a system always gets a status.
        var expected = (who, IsApi(row.Url)) switch
        {
            (Anonymous, true) => "401",
            (Anonymous, false) => "login",
            (ApiKeyA, _) or (_, true) => "403",
            _ => "access-denied",
        };
        return refusal == expected ? null : $"{answer}, not refused with {expected}";
    }

    /// <summary>
    /// How an answer about another agency's record differs from the answer about a record that does not exist (the
    /// status, and a page's heading), or null when the two are alike: the caller cannot even learn that it exists.
    /// </summary>
    private static async Task<string?> UnlikeMissingAsync(HttpClient client, string madeUpUrl, HttpResponseMessage response)
    {
        using var missing = await client.GetAsync(madeUpUrl);
        if (missing.StatusCode != response.StatusCode) return $"{(int)response.StatusCode} where a made-up id gets {(int)missing.StatusCode}";
        var (heading, missingHeading) = (Heading().Match(await response.Content.ReadAsStringAsync()).Value, Heading().Match(await missing.Content.ReadAsStringAsync()).Value);
        return heading == missingHeading ? null : $"shows {heading} where a made-up id shows {missingHeading}";
    }

    [GeneratedRegex("<h1[^>]*>[\\s\\S]*?</h1>")]
    private static partial Regex Heading();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
