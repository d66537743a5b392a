using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>The callers the access tests compare: nobody, the people of each role, and the systems of two agencies.</summary>
[Flags]
public enum Who
{
    Nobody = 0,
    Anonymous = 1,
    /// <summary>The demo liaison, of the police station (agency A) whose report the records start from.</summary>
    LiaisonA = 2,
    /// <summary>A liaison of the city-management unit (agency B), who must see nothing of agency A.</summary>
    LiaisonB = 4,
    StationStaff = 8,
    CaseOfficer = 16,
    Administrator = 32,
    /// <summary>Agency A's system, by its API key (keys are issued per agency and carry the liaison's role).</summary>
    ApiKeyA = 64,
    /// <summary>Agency B's system: only the isolation tests use it.</summary>
    ApiKeyB = 128,
}

/// <summary>
/// One station for the access tests: a client per caller (each signed in once) and one record of each kind to name in
/// routes: agency A's report with a photo, an admission with its photo and announcement (published, with a tip and the
/// tip's photo), a notice with a photo, a DNA request, a match candidate, a spare user and a spare API key.
/// </summary>
public sealed partial class AccessWorld
{
    private readonly RescueApp _app;
    private readonly Dictionary<Who, HttpClient> _clients = [];

    private AccessWorld(RescueApp app) => _app = app;

    /// <summary>The route values the tables name, as <c>{report}</c>, <c>{reportPhoto}</c>…</summary>
    public Dictionary<string, string> Values { get; } = [];

    public Guid AgencyA { get; private set; }

    public Guid AgencyB { get; private set; }

    /// <summary>Words found only in agency A's report, to look for in what agency B is shown.</summary>
    public string ReportAText { get; } = "隔离测试" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Where agency A's report says the person was found: shown wherever the report is.</summary>
    public string ReportAPlace => "人民路 " + ReportAText;

    /// <summary>The Idempotency-Key agency A's liaison filed the report with, and the body filed.</summary>
    public string ReportAKey { get; } = "isolation-" + Guid.NewGuid().ToString("N");

    public object ReportABody => new
    {
        officerName = "张警官",
        foundAt = _app.Clock.GetUtcNow().AddHours(-2).ToString("O"),
        placeText = ReportAPlace,
        howFound = "Patrol",
        disposition = "EscortedToStation",
        description = ReportAText,
    };

    public HttpClient Client(Who who) => _clients[who];

    public IEnumerable<Who> Callers => _clients.Keys;

    /// <summary>Fills <c>{name}</c> placeholders with the world's records, or with ids no record has.</summary>
    public string Url(string template, bool madeUp = false) =>
        Placeholder().Replace(template, m => madeUp && Guid.TryParse(Values[m.Groups[1].Value], out _) ? Guid.NewGuid().ToString() : Values[m.Groups[1].Value]);

    public static async Task<AccessWorld> CreateAsync(RescueApp app)
    {
        var world = new AccessWorld(app);
        await world.BuildAsync();
        return world;
    }

    private async Task BuildAsync()
    {
        await Readiness.WaitAsync(_app.CreateClient());
        var signIns = new[] { Who.LiaisonA, Who.StationStaff, Who.CaseOfficer, Who.Administrator }
            .Select(async who => (who, await _app.SignedInAsync(who switch
            {
                Who.LiaisonA => Roles.Liaison,
                Who.StationStaff => Roles.StationStaff,
                Who.CaseOfficer => Roles.CaseOfficer,
                _ => Roles.Administrator,
            })));
        foreach (var (who, client) in await Task.WhenAll(signIns)) _clients[who] = client;
        _clients[Who.Anonymous] = _app.CreateBrowserlikeClient();

        // Agency A is the demo's police station, agency B its city-management unit, each with a key of its own.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var agencies = await admin.ListAgenciesAsync(default);
            AgencyA = agencies.Single(a => a.Name == DemoData.PoliceAgency).Id;
            AgencyB = agencies.First(a => a.Id != AgencyA).Id;
            var liaisonB = new UserAdministration.NewUser
            {
                Email = $"liaison-b-{Guid.NewGuid():N}@test.rescue",
                DisplayName = "乙方联络员",
                Password = "liaison-b-2026",
                Role = Roles.Liaison,
                AgencyId = AgencyB,
            };
            await admin.CreateUserAsync(liaisonB, default);
            _clients[Who.LiaisonB] = _app.CreateBrowserlikeClient();
            await _clients[Who.LiaisonB].SignInAsync(liaisonB.Email, liaisonB.Password);
            _clients[Who.ApiKeyA] = KeyClient((await admin.IssueApiKeyAsync(AgencyA, "甲方系统", "test", default)).Secret);
            _clients[Who.ApiKeyB] = KeyClient((await admin.IssueApiKeyAsync(AgencyB, "乙方系统", "test", default)).Secret);
            Values["spareKey"] = (await admin.IssueApiKeyAsync(AgencyB, "备用", "test", default)).Key.Id.ToString();
            Values["user"] = (await admin.CreateUserAsync(new()
            {
                Email = $"spare-{Guid.NewGuid():N}@test.rescue",
                DisplayName = "备用",
                Password = "spare-user-2026",
                Role = Roles.StationStaff,
            }, default)).Id;
        }
        Values["agencyA"] = AgencyA.ToString();
        Values["agencyB"] = AgencyB.ToString();

        var report = await Created(await _clients[Who.LiaisonA].SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = WithPhoto(ReportABody, "report"),
            Headers = { { "Idempotency-Key", ReportAKey } },
        }));
        Values["report"] = report.GetProperty("id").GetString()!;
        Values["reportPhoto"] = report.GetProperty("photos")[0].GetProperty("id").GetString()!;

        var staff = _clients[Who.StationStaff];
        var officer = _clients[Who.CaseOfficer];
        var (admission, announcement) = await _app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50 });
        Values["admission"] = admission.ToString();
        Values["announcement"] = announcement!.Value.ToString();
        Values["admissionPhoto"] = (await staff.GetAsAsync<JsonElement>($"/api/v1/admissions/{admission}")).GetProperty("photos")[0].GetProperty("id").GetString()!;
        var published = await officer.PostAsJsonAsync($"/api/v1/announcements/{announcement}/publish", new { channels = new[] { "NationalSite" } });
        published.EnsureSuccessStatusCode();
        Values["code"] = (await officer.GetAsAsync<JsonElement>($"/api/v1/announcements/{announcement}")).GetProperty("summary").GetProperty("code").GetString()!;

        var notice = await Created(await officer.PostAsync("/api/v1/notices", WithPhoto(new { missingPersonName = "鲁建国", sex = "Male" }, "notice")));
        Values["notice"] = notice.GetProperty("id").GetString()!;
        Values["noticePhoto"] = notice.GetProperty("photos")[0].GetProperty("photo").GetProperty("id").GetString()!;

        (await _clients[Who.Anonymous].SendTipAsync(Values["code"], new { name = "李女士", phone = "13912345678", message = "在火车站见过他" }, "img16.jpg")).EnsureSuccessStatusCode();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var tip = await db.Tips.SingleAsync(t => t.AnnouncementId == announcement);
            Values["tip"] = tip.Id.ToString();
            Values["tipPhoto"] = (await db.Photos.SingleAsync(p => p.OwnerKind == PhotoOwner.Tip && p.OwnerId == tip.Id)).Id.ToString();

        }

        // The notice's photo is the admission's: the engine proposes the pair once their faces are in.
        await QuietAsync();
        var candidates = await officer.GetAsAsync<JsonElement>($"/api/v1/matching/candidates?admissionId={admission}&noticeId={Values["notice"]}");
        Values["candidate"] = candidates[0].GetProperty("id").GetString()!;

        var dna = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/dna", new { policeUnit = "城东派出所", requestedOn = _app.Today() });
        Values["dna"] = (await Created(dna)).GetProperty("id").GetString()!;
        Values["month"] = _app.Today().ToString("yyyy-MM");

        await QuietAsync();
    }

    /// <summary>Waits until the background work the records started is done: faces found, every follower caught up.</summary>
    public async Task QuietAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            if (!await db.FaceJobs.AnyAsync(j => j.FailedAt == null)) break;
            if (waited.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException("face jobs still queued");
            await Task.Delay(100);
        }
        await _app.CaughtUpAsync();
    }

    /// <summary>
    /// A fingerprint of every table, row by row: equal fingerprints mean nothing was written. An API key's last use is
    /// left out (it is noted at most once a minute, whatever the key is used for).
    /// </summary>
    public async Task<Dictionary<string, string>> FingerprintAsync()
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var sql = string.Join(" UNION ALL ", tables.Select(t =>
            $"SELECT '{t}', count(*)::text || ':' || md5(coalesce(string_agg((to_jsonb(x) - 'LastUsedAt')::text, '|' ORDER BY (to_jsonb(x) - 'LastUsedAt')::text), '')) FROM \"{t}\" x"));
        var prints = new Dictionary<string, string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync()) prints[rows.GetString(0)] = rows.GetString(1);
        return prints;
    }

    private HttpClient KeyClient(string secret)
    {
        var client = _app.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    private static MultipartFormDataContent WithPhoto(object body, string part) => new()
    {
        { JsonContent.Create(body), part },
        { new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", "img12.jpg"))), "photos", "img12.jpg" },
    };

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex("\\{([a-zA-Z]+)\\}")]
    private static partial Regex Placeholder();
}
