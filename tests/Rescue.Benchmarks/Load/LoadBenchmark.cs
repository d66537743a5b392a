using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Rescue.Benchmarks.Board;
using Rescue.Benchmarks.Match;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Benchmarks.Load;

/// <summary>
/// Load, measured: the app as its own process (Release) on a throwaway PostgreSQL holding a station of realistic size
/// (generated notices and admissions with faces, <see cref="MatchDatabase"/>; published announcements,
/// <see cref="BoardBenchmark"/>), and virtual users over loopback doing what a station's day does, in a fixed mix:
/// liaisons filing reports with a photo, staff searching, reading and editing admissions, officers searching notices,
/// the public board read anonymously. The users double each step until the mix's p95 passes 500 ms.
/// </summary>
internal sealed class LoadBenchmark : IBenchmark
{
    public string Name => "load";

    public string Description => "a station's mixed workload at rising concurrency until p95 passes 500 ms; options: --notices N (100000) --admissions N (10000) --announcements N (5000) --seconds N (20 per step) --max-users N (128)";

    private const double P95LimitMs = 500;

    /// <summary>A route of the mix: its share, and one request of it by one virtual user.</summary>
    private sealed record Route(string Name, int Weight, Func<Random, Task<HttpResponseMessage>> Send, HttpStatusCode Expected);

    private sealed record Step(int Users, double Seconds, Dictionary<string, List<double>> Latencies, Dictionary<string, int> Errors, List<string> ErrorExamples)
    {
        public int Requests => Latencies.Values.Sum(l => l.Count) + Errors.Values.Sum();

        public double P95 => Percentile([.. Latencies.Values.SelectMany(l => l).Order()], 0.95);
    }

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var notices = OptionOr(args, "--notices", 100_000);
        var admissions = OptionOr(args, "--admissions", 10_000);
        var announcements = OptionOr(args, "--announcements", 5_000);
        var seconds = OptionOr(args, "--seconds", 20);
        var maxUsers = OptionOr(args, "--max-users", 128);
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("bench_load");
        var dataDirectory = Directory.CreateTempSubdirectory("rescue-bench-").FullName;
        // Face work runs beside requests in a real station; here it would measure the ONNX pipeline, not the web app.
        Environment.SetEnvironmentVariable("Rescue__Faces__Enabled", "false");
        AppProcess? app = null;
        try
        {
            app = new AppProcess(connectionString, dataDirectory, configuration: "Release");
            Console.Error.WriteLine("starting the app (Release), which makes the tables…");
            await app.StartAsync();
            var seeding = Stopwatch.StartNew();
            await MatchDatabase.WriteAsync(connectionString, notices, admissions, cancellationToken);
            await BoardBenchmark.SeedAsync(connectionString, announcements, cancellationToken);
            Console.Error.WriteLine($"{notices} notices, {admissions} admissions, {announcements} published announcements written in {seeding.Elapsed.TotalSeconds:0} s");
            // Started again, so that the matching engine loads the station at start as it would.
            await app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            var starting = Stopwatch.StartNew();
            app = new AppProcess(connectionString, dataDirectory, configuration: "Release");
            await app.StartAsync(TimeSpan.FromMinutes(10));
            var startSeconds = starting.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"app ready on the seeded station in {startSeconds:0.0} s");

            using var liaison = await ClientAsync(app, Roles.Liaison);
            using var staff = await ClientAsync(app, Roles.StationStaff);
            using var officer = await ClientAsync(app, Roles.CaseOfficer);
            using var visitor = await ClientAsync(app, null);
            var terms = await NameTermsAsync(connectionString);
            var editable = await EditableAdmissionsAsync(staff);
            var board = BoardBenchmark.Queries(2_000);
            var photos = Enumerable.Range(0, 32).Select(i => TestImages.Jpeg(1600, 1200, TestImages.Colour(i))).ToList();
            Route[] mix =
            [
                new("POST /api/v1/reports (1 photo)", 10, r => liaison.SendAsync(Report(photos[r.Next(photos.Count)], r)), HttpStatusCode.Created),
                new("GET /api/v1/admissions?q=", 10, r => staff.GetAsync("/api/v1/admissions?q=" + Uri.EscapeDataString(terms[r.Next(terms.Count)])), HttpStatusCode.OK),
                new("GET /api/v1/admissions/{id}", 15, r => staff.GetAsync($"/api/v1/admissions/{MatchDatabase.AdmissionId(r.Next(admissions))}"), HttpStatusCode.OK),
                new("PUT /api/v1/admissions/{id}", 5, r => EditAsync(staff, editable[r.Next(editable.Count)], r), HttpStatusCode.OK),
                new("GET /api/v1/notices?q=", 20, r => officer.GetAsync("/api/v1/notices?q=" + Uri.EscapeDataString(terms[r.Next(terms.Count)])), HttpStatusCode.OK),
                new("GET /gg?filters", 30, r => visitor.GetAsync(board[r.Next(board.Count)]), HttpStatusCode.OK),
                new("GET /gg/{code}", 10, r => visitor.GetAsync($"/gg/B{r.Next(announcements):D7}"), HttpStatusCode.OK),
            ];

            Console.Error.WriteLine("warming up (15 s, 4 users)…");
            await MeasureAsync(mix, 4, TimeSpan.FromSeconds(15));
            var steps = new List<Step>();
            for (var users = 1; users <= maxUsers; users *= 2)
            {
                var step = await MeasureAsync(mix, users, TimeSpan.FromSeconds(seconds));
                steps.Add(step);
                Console.Error.WriteLine($"{users,4} users: {step.Requests / step.Seconds,7:0.0} requests/s, p95 {step.P95,6:0} ms, {step.Errors.Values.Sum()} errors");
                if (step.P95 > P95LimitMs) break;
            }

            var sustained = steps.LastOrDefault(s => s.P95 <= P95LimitMs);
            return new JsonObject
            {
                ["sustained_requests_per_second"] = sustained is null ? null : Math.Round(sustained.Requests / sustained.Seconds, 1),
                ["sustained_users"] = sustained?.Users,
                ["p95_ms"] = sustained is null ? null : Math.Round(sustained.P95, 1),
                ["p95_ms_by_route"] = sustained is null ? null : new JsonObject(sustained.Latencies.Select(r =>
                    KeyValuePair.Create(r.Key, Rounded(Percentile([.. r.Value.Order()], 0.95))))),
                ["requests_by_route"] = sustained is null ? null : new JsonObject(sustained.Latencies.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value.Count))),
                ["errors"] = steps.Sum(s => s.Errors.Values.Sum()),
                ["error_examples"] = new JsonArray([.. steps.SelectMany(s => s.ErrorExamples).Take(10).Select(e => (JsonNode)e)]),
                ["steps"] = new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject
                {
                    ["users"] = s.Users,
                    ["requests_per_second"] = Math.Round(s.Requests / s.Seconds, 1),
                    ["p50_ms"] = Rounded(Percentile([.. s.Latencies.Values.SelectMany(l => l).Order()], 0.50)),
                    ["p95_ms"] = Rounded(s.P95),
                    ["errors"] = s.Errors.Values.Sum(),
                    ["p95_ms_by_route"] = new JsonObject(s.Latencies.Select(r => KeyValuePair.Create(r.Key, Rounded(Percentile([.. r.Value.Order()], 0.95))))),
                })]),
                ["mix"] = new JsonObject(mix.Select(r => KeyValuePair.Create(r.Name, (JsonNode?)r.Weight))),
                ["notices"] = notices,
                ["admissions"] = admissions,
                ["announcements"] = announcements,
                ["seconds_each"] = seconds,
                ["app_start_seconds"] = Math.Round(startSeconds, 1),
            };
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Each user sends the mix's requests one after another, chosen by weight, for <paramref name="duration"/>.</summary>
    private static async Task<Step> MeasureAsync(Route[] mix, int users, TimeSpan duration)
    {
        var latencies = mix.ToDictionary(r => r.Name, _ => new List<double>());
        var errors = mix.ToDictionary(r => r.Name, _ => 0);
        var examples = new List<string>();
        var totalWeight = mix.Sum(r => r.Weight);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, users).Select(user => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(users, user));
            while (clock.Elapsed < duration)
            {
                var pick = random.Next(totalWeight);
                var route = mix.First(r => (pick -= r.Weight) < 0);
                var started = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await route.Send(random);
                    await response.Content.LoadIntoBufferAsync();
                    error = response.StatusCode == route.Expected ? null : $"{route.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    error = $"{route.Name}: {e.GetType().Name} {e.Message}";
                }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    if (error is null) latencies[route.Name].Add(ms);
                    else
                    {
                        errors[route.Name]++;
                        if (examples.Count < 5) examples.Add(error.Length > 300 ? error[..300] : error);
                    }
                }
            }
        }));
        await Task.WhenAll(workers);
        return new Step(users, clock.Elapsed.TotalSeconds, latencies, errors, examples);
    }

    private static HttpRequestMessage Report(byte[] jpeg, Random random)
    {
        var report = new
        {
            officerName = "张警官",
            foundAt = TimeProvider.System.GetUtcNow().AddMinutes(-random.Next(10, 600)),
            placeText = "人民路天桥下",
            howFound = "Patrol",
            disposition = "EscortedToStation",
            sex = random.NextDouble() < 0.6 ? "Male" : "Female",
            estimatedAgeMin = 50,
            estimatedAgeMax = 60,
            description = "老年人，言语不清，衣着单薄",
        };
        var form = new MultipartFormDataContent { { JsonContent.Create(report), "report" } };
        var photo = new ByteArrayContent(jpeg);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photos", "photo.jpg");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    private static object Admission(string name, int height) => new
    {
        name = new { value = name, quality = "Partial" },
        dialect = new { value = "河南话", quality = "Known" },
        sex = "Male",
        estimatedAgeMin = 55,
        estimatedAgeMax = 65,
        heightCm = height,
    };

    /// <summary>Admissions the staff edit: registered through the API first, so that the edit sends a whole form.</summary>
    private static async Task<List<Guid>> EditableAdmissionsAsync(HttpClient staff)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await staff.PostAsJsonAsync("/api/v1/admissions", Admission($"编辑{i}", 160));
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        return ids;
    }

    private static Task<HttpResponseMessage> EditAsync(HttpClient staff, Guid id, Random random) =>
        staff.PutAsJsonAsync($"/api/v1/admissions/{id}", Admission($"编辑{id.ToString()[..4]}", 150 + random.Next(0, 40)));

    /// <summary>What officers type into the search box: the first two characters of names the station holds.</summary>
    private static async Task<List<string>> NameTermsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT DISTINCT left("MissingPersonName", 2) FROM "Notices" WHERE length("MissingPersonName") >= 2 LIMIT 500""", db);
        await using var reader = await command.ExecuteReaderAsync();
        var terms = new List<string>();
        while (await reader.ReadAsync()) terms.Add(reader.GetString(0));
        return terms.Count > 0 ? terms : ["王"];
    }

    /// <summary>A client with its own connections (as many as the users); signed in as the demo user of <paramref name="role"/>, or anonymous.</summary>
    private static async Task<HttpClient> ClientAsync(AppProcess app, string? role)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseAddress), Timeout = TimeSpan.FromSeconds(60) };
        if (role is null) return client;
        var user = DemoData.Users.Single(u => u.Role == role);
        await client.SignInAsync(user.Email, user.Password);
        return client;
    }

    /// <summary>Null for a route with no answer in time (NaN is not JSON).</summary>
    private static JsonNode? Rounded(double ms) => double.IsNaN(ms) ? null : Math.Round(ms, 1);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int OptionOr(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
