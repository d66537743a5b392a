using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Benchmarks.Crash;

/// <summary>
/// Faults, measured: 4 clients post discovery reports with photos (liaison), admissions with photos (station staff) and
/// small notice imports, CSV or PFIF (case officer), to the app running as its own process (Release) on a throwaway
/// PostgreSQL, while the app (or the database's postmaster) is killed with SIGKILL at a seeded random moment and started
/// again, N times. After each restart every write acknowledged since the last check is read back whole (its fields, its
/// photo count, every photo's files; an import's every row), and every file on disk must have its row.
/// </summary>
internal sealed class CrashBenchmark : IBenchmark
{
    public string Name => "crash";

    public string Description => "acknowledged writes kept whole across SIGKILLs; options: --kills N (10) --target app|db (app) --seed N (13) --max-ms N (2500: each kill comes 100 ms to N ms after the first acknowledged write of its cycle) --max-minutes N (no more kills after N minutes)";

    private const int Clients = 4;

    private enum Kind { Report, Admission, Import }

    /// <summary>A write the app acknowledged, and what must read back.</summary>
    private sealed record Acknowledged(Kind Kind, string Id, string Text, int Photos, IReadOnlyList<string> Rows);

    private sealed class Tally
    {
        public int Lost;
        public int Torn;
        /// <summary>Files without their row while the app that left them has not started again (app: killed; db: running on).</summary>
        public readonly HashSet<string> OrphansBeforeRecovery = [];

        /// <summary>Files without their row after the app's start-up recovery.</summary>
        public readonly HashSet<string> Orphans = [];
        public int PhotoRowsWithoutFiles;
        public readonly List<string> Examples = [];

        public void Note(string what)
        {
            if (Examples.Count < 20 && !Examples.Contains(what)) Examples.Add(what);
            Console.Error.WriteLine("  " + what);
        }
    }

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var kills = OptionOr(args, "--kills", 10);
        var seed = OptionOr(args, "--seed", 13);
        var maxMs = OptionOr(args, "--max-ms", 2500);
        var target = OptionOr(args, "--target", "app");
        var budget = TimeSpan.FromMinutes(OptionOr(args, "--max-minutes", 0) is > 0 and var m ? m : int.MaxValue / 60_000);
        if (target is not ("app" or "db")) throw new ArgumentException("--target is app or db");

        // Killing the server needs one of its own whose acknowledged commits are durable; the app's kills leave it running.
        var server = target == "db" ? await PostgresServer.StartDurableAsync() : await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("bench_crash");
        var dataDirectory = Directory.CreateTempSubdirectory("rescue-bench-").FullName;
        // Face work would share the two cores with the posts and lengthen every start (models load): it plays no part in what is checked.
        Environment.SetEnvironmentVariable("Rescue__Faces__Enabled", "false");
        var random = new Random(seed);
        var tally = new Tally();
        var acknowledgedByKind = new Dictionary<Kind, int> { [Kind.Report] = 0, [Kind.Admission] = 0, [Kind.Import] = 0 };
        var all = new List<Acknowledged>();
        var starts = new List<double>();
        var clock = Stopwatch.StartNew();
        AppProcess? app = null;
        try
        {
            app = await StartAppAsync(connectionString, dataDirectory, starts);
            var done = 0;
            for (var kill = 1; kill <= kills && clock.Elapsed < budget; kill++, done++)
            {
                var delay = TimeSpan.FromMilliseconds(random.Next(100, maxMs));
                var acknowledged = await PostUntilKilledAsync(app, delay, kill, seed, async () =>
                {
                    if (target == "app") await app.KillAsync();
                    else await server.KillAsync();
                });
                if (target == "app")
                {
                    tally.OrphansBeforeRecovery.UnionWith(await OrphansAsync(connectionString, dataDirectory, tally, "before start"));
                    await app.DisposeAsync();
                    app = null;
                    NpgsqlConnection.ClearAllPools();
                    app = await StartAppAsync(connectionString, dataDirectory, starts);
                }
                else
                {
                    var restarting = Stopwatch.StartNew();
                    await server.RestartAsync();
                    NpgsqlConnection.ClearAllPools();
                    await WaitReadyAsync(app);
                    starts.Add(restarting.Elapsed.TotalSeconds);
                }
                foreach (var a in acknowledged) acknowledgedByKind[a.Kind]++;
                all.AddRange(acknowledged);
                await CheckAsync(app, connectionString, dataDirectory, acknowledged, tally);
                // With the app running on, the files of posts whose commit died with the database stay until its next start.
                (target == "app" ? tally.Orphans : tally.OrphansBeforeRecovery).UnionWith(
                    await OrphansAsync(connectionString, dataDirectory, tally, target == "app" ? "after start" : "app running on"));
                Console.Error.WriteLine($"kill {kill}/{kills} after {delay.TotalMilliseconds:0} ms: {acknowledged.Count} acknowledged, " +
                    $"lost {tally.Lost}, torn {tally.Torn}, orphans {tally.Orphans.Count} ({tally.OrphansBeforeRecovery.Count} before start-up recovery), {clock.Elapsed.TotalSeconds:0} s");
            }
            if (target == "db")
            {
                // The app's start-up recovery, once for every cycle: what the files left by failed commits come to.
                await app.DisposeAsync();
                app = null;
                NpgsqlConnection.ClearAllPools();
                app = await StartAppAsync(connectionString, dataDirectory, []);
                tally.Orphans.UnionWith(await OrphansAsync(connectionString, dataDirectory, tally, "after start"));
            }

            // Once more, everything: a later cycle must not have undone an earlier one's writes.
            var final = new Tally();
            await CheckAsync(app, connectionString, dataDirectory, all, final);
            starts.Sort();
            return new JsonObject
            {
                ["target"] = target,
                ["kills"] = done,
                ["kills_asked"] = kills,
                ["acknowledged"] = all.Count,
                ["lost"] = tally.Lost + final.Lost,
                ["orphans"] = tally.Orphans.Count,
                ["orphans_before_recovery"] = tally.OrphansBeforeRecovery.Count,
                ["orphans_means"] = "photos (by SHA-256) and staged files without their row after the app's start-up recovery (Program.cs: RemoveOrphanPhotosAsync); " +
                    (target == "app" ? "before_recovery: after each kill, before the app starts again"
                        : "before_recovery: once PostgreSQL recovered, the app running on; the app is started again once at the end for its recovery"),
                ["torn"] = tally.Torn + final.Torn,
                ["photo_rows_without_files"] = tally.PhotoRowsWithoutFiles,
                ["acknowledged_reports"] = acknowledgedByKind[Kind.Report],
                ["acknowledged_admissions"] = acknowledgedByKind[Kind.Admission],
                ["acknowledged_imports"] = acknowledgedByKind[Kind.Import],
                ["imported_rows"] = all.Where(a => a.Kind == Kind.Import).Sum(a => a.Rows.Count),
                ["restart_median_seconds"] = Math.Round(starts[starts.Count / 2], 2),
                ["restart_max_seconds"] = Math.Round(starts[^1], 2),
                ["seconds_per_kill"] = Math.Round(clock.Elapsed.TotalSeconds / Math.Max(1, done), 2),
                ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["seed"] = seed,
                ["examples"] = new JsonArray([.. tally.Examples.Concat(final.Examples).Select(e => (JsonNode)e)]),
            };
        }
        finally
        {
            if (app is not null) await app.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<AppProcess> StartAppAsync(string connectionString, string dataDirectory, List<double> starts)
    {
        var started = Stopwatch.StartNew();
        var app = new AppProcess(connectionString, dataDirectory, configuration: "Release");
        try
        {
            // A shared machine's load can hold a start up for minutes.
            await app.StartAsync(TimeSpan.FromMinutes(5));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        starts.Add(started.Elapsed.TotalSeconds);
        return app;
    }

    private static async Task WaitReadyAsync(AppProcess app)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress), Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the app did not become ready again after PostgreSQL restarted:\n" + app.Output);
    }

    /// <summary>The clients post until <paramref name="kill"/> has run, <paramref name="delay"/> after they start; returns what was acknowledged.</summary>
    private static async Task<List<Acknowledged>> PostUntilKilledAsync(AppProcess app, TimeSpan delay, int cycle, int seed, Func<Task> kill)
    {
        var signedIn = await Task.WhenAll(SignedInAsync(app, Roles.Liaison), SignedInAsync(app, Roles.StationStaff), SignedInAsync(app, Roles.CaseOfficer));
        var (liaison, staff, officer) = (signedIn[0], signedIn[1], signedIn[2]);
        var acknowledged = new List<Acknowledged>();
        var first = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(seed, cycle, client));
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var tag = $"c{cycle}-w{client}-{i}-{Guid.NewGuid():N}"[..24];
                var photos = random.Next(0, 3);
                try
                {
                    var done = ((client + i) % 3) switch
                    {
                        0 => await PostReportAsync(liaison, tag, photos, random, stop.Token),
                        1 => await PostAdmissionAsync(staff, tag, photos, random, stop.Token),
                        _ => await PostImportAsync(officer, tag, random, stop.Token),
                    };
                    if (done is null) continue;
                    lock (acknowledged) acknowledged.Add(done);
                    first.TrySetResult();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    // The connection died with the app, or the answer never came: that write was never acknowledged.
                }
            }
        })).ToList();
        // The delay counts from the first acknowledgement: a fresh process's first posts wait for the JIT, and a kill
        // before any write is acknowledged would check nothing.
        await Task.WhenAny(first.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        await Task.Delay(delay);
        await kill();
        stop.Cancel();
        await Task.WhenAll(clients);
        foreach (var client in new[] { liaison, staff, officer }) client.Dispose();
        return acknowledged;
    }

    private static async Task<Acknowledged?> PostReportAsync(HttpClient liaison, string tag, int photos, Random random, CancellationToken ct)
    {
        var report = new
        {
            officerName = "张警官",
            foundAt = TimeProvider.System.GetUtcNow().AddHours(-1),
            placeText = "人民路天桥下 " + tag,
            howFound = "Patrol",
            disposition = "EscortedToStation",
            sex = "Male",
            estimatedAgeMin = 60,
            estimatedAgeMax = 70,
            description = "老年男性，言语不清",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = WithPhotos("report", report, photos, random) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await liaison.SendAsync(request, ct);
        return Created(response, Kind.Report, report.placeText, photos);
    }

    private static async Task<Acknowledged?> PostAdmissionAsync(HttpClient staff, string tag, int photos, Random random, CancellationToken ct)
    {
        var admission = new
        {
            name = new { value = "测试" + tag, quality = "Partial" },
            dialect = new { value = "河南话", quality = "Known" },
            sex = "Female",
            estimatedAgeMin = 30,
            estimatedAgeMax = 40,
            heightCm = 150 + random.Next(0, 30),
        };
        using var response = await staff.PostAsync("/api/v1/admissions", WithPhotos("admission", admission, photos, random), ct);
        return Created(response, Kind.Admission, admission.name.value, photos);
    }

    /// <summary>A small file of 1 to 6 notices from a made-up partner, CSV or PFIF 1.4; acknowledged when every row was accepted.</summary>
    private static async Task<Acknowledged?> PostImportAsync(HttpClient officer, string tag, Random random, CancellationToken ct)
    {
        var source = "crash-" + tag.Replace('-', '_');
        var rows = Enumerable.Range(1, random.Next(1, 7)).Select(n => $"r{n}").ToList();
        var pfif = random.NextDouble() < 0.5;
        var text = pfif
            ? $"""
              <?xml version="1.0" encoding="UTF-8"?>
              <pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
              {string.Concat(rows.Select(r => $"<pfif:person><pfif:person_record_id>{source}/{r}</pfif:person_record_id><pfif:source_date>2025-06-01T10:30:00Z</pfif:source_date><pfif:full_name>寻{r}</pfif:full_name><pfif:sex>male</pfif:sex><pfif:age>40</pfif:age></pfif:person>\n"))}
              </pfif:pfif>
              """
            : "来源名称,来源编号,姓名,性别,走失时年龄\n" + string.Concat(rows.Select(r => $"{source},{r},寻{r},男,40\n"));
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue(pfif ? "application/xml" : "text/csv");
        using var form = new MultipartFormDataContent { { file, "file", pfif ? "notices.xml" : "notices.csv" } };
        using var response = await officer.PostAsync("/api/v1/notices/import", form, ct);
        Refused(response);
        if (!response.IsSuccessStatusCode) return null;
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (summary.GetProperty("accepted").GetInt32() != rows.Count)
        {
            throw new InvalidOperationException($"an import of {rows.Count} notices accepted {summary.GetProperty("accepted").GetInt32()}: {summary}");
        }
        return new Acknowledged(Kind.Import, source, "", 0, rows);
    }

    private static MultipartFormDataContent WithPhotos(string part, object json, int photos, Random random)
    {
        var form = new MultipartFormDataContent { { JsonContent.Create(json), part } };
        for (var p = 0; p < photos; p++)
        {
            // A distinct picture each time: a photo stored before would write no file, and hide an orphan.
            var photo = new ByteArrayContent(TestImages.Jpeg(480 + random.Next(0, 320), 640, TestImages.Colour(random.Next())));
            photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(photo, "photos", $"photo{p}.jpg");
        }
        return form;
    }

    /// <summary>A 201 with a Location is an acknowledgement; a 5xx is not (one in the middle of a kill is expected); a 4xx is this benchmark's fault.</summary>
    private static Acknowledged? Created(HttpResponseMessage response, Kind kind, string text, int photos)
    {
        Refused(response);
        return response.StatusCode == HttpStatusCode.Created && response.Headers.Location is { } location
            ? new Acknowledged(kind, location.ToString().TrimEnd('/').Split('/')[^1], text, photos, [])
            : null;
    }

    private static void Refused(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is >= 400 and < 500)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    /// <summary>Reads every acknowledged write back through the API (and its photos' files, and an import's rows, from the database).</summary>
    private static async Task CheckAsync(AppProcess app, string connectionString, string dataDirectory, IReadOnlyList<Acknowledged> acknowledged, Tally tally)
    {
        var liaison = await SignedInAsync(app, Roles.Liaison);
        var staff = await SignedInAsync(app, Roles.StationStaff);
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var photoRoot = Path.Combine(dataDirectory, "photos");
        foreach (var a in acknowledged)
        {
            switch (a.Kind)
            {
                case Kind.Report or Kind.Admission:
                {
                    var (client, path) = a.Kind == Kind.Report ? (liaison, "/api/v1/reports/") : (staff, "/api/v1/admissions/");
                    using var response = await client.GetAsync(path + a.Id);
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        tally.Lost++;
                        tally.Note($"lost: {a.Kind} {a.Id}");
                        continue;
                    }
                    response.EnsureSuccessStatusCode();
                    var record = await response.Content.ReadFromJsonAsync<JsonElement>();
                    var text = a.Kind == Kind.Report ? record.GetProperty("placeText").GetString() : record.GetProperty("name").GetProperty("value").GetString();
                    var photos = record.GetProperty("photos").GetArrayLength();
                    var shas = await ShasAsync(db, Guid.Parse(a.Id));
                    var missingFiles = shas.Count(sha => !PhotoFilesComplete(photoRoot, sha));
                    if (text != a.Text || photos != a.Photos || shas.Count != a.Photos || missingFiles > 0)
                    {
                        tally.Torn++;
                        tally.Note($"torn: {a.Kind} {a.Id}: text {(text == a.Text ? "ok" : "differs")}, {photos}/{shas.Count} photos of {a.Photos}, {missingFiles} without their files");
                    }
                    break;
                }
                case Kind.Import:
                {
                    await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Notices" WHERE "SourceName" = @source AND "SourceRecordId" = ANY(@rows)""", db);
                    command.Parameters.AddWithValue("source", a.Id);
                    command.Parameters.AddWithValue("rows", a.Rows.ToArray());
                    var found = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                    if (found == 0)
                    {
                        tally.Lost++;
                        tally.Note($"lost: import {a.Id}");
                    }
                    else if (found != a.Rows.Count)
                    {
                        tally.Torn++;
                        tally.Note($"torn: import {a.Id}: {found} of {a.Rows.Count} rows");
                    }
                    break;
                }
            }
        }
        liaison.Dispose();
        staff.Dispose();
    }

    private static async Task<List<string>> ShasAsync(NpgsqlConnection db, Guid owner)
    {
        await using var command = new NpgsqlCommand("""SELECT "Sha256" FROM "Photos" WHERE "OwnerId" = @owner""", db);
        command.Parameters.AddWithValue("owner", owner);
        await using var reader = await command.ExecuteReaderAsync();
        var shas = new List<string>();
        while (await reader.ReadAsync()) shas.Add(reader.GetString(0).Trim());
        return shas;
    }

    /// <summary>The evidence file and its three derivatives, as PhotoStore names them.</summary>
    private static bool PhotoFilesComplete(string root, string sha)
    {
        var folder = Path.Combine(root, sha[..2], sha[2..4]);
        return new[] { sha, sha + ".full.jpg", sha + ".display.jpg", sha + ".thumbnail.jpg" }.All(name => File.Exists(Path.Combine(folder, name)));
    }

    /// <summary>
    /// Files on disk without their row: photo files (by the SHA-256 their name starts with, temporary files included) no
    /// Photo row names, and staged uploads no batch manifest lists. Every Photo row's files are checked on the way.
    /// </summary>
    private static async Task<HashSet<string>> OrphansAsync(string connectionString, string dataDirectory, Tally tally, string when)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var known = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""SELECT DISTINCT "Sha256" FROM "Photos" """, db))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) known.Add(reader.GetString(0).Trim());
        }
        var orphans = new HashSet<string>(StringComparer.Ordinal);
        var root = Path.Combine(dataDirectory, "photos");
        if (Directory.Exists(root))
        {
            var orphanShas = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                if (name.Length < 64) continue;
                if (!known.Contains(name[..64]) || name.EndsWith(".tmp", StringComparison.Ordinal)) orphanShas.Add(name);
            }
            orphans.UnionWith(orphanShas.Select(n => "photos/" + n[..64]));
            foreach (var n in orphanShas.Take(3)) tally.Note($"orphan {when}: photos/{n}");
            var withoutFiles = known.Count(sha => !PhotoFilesComplete(root, sha));
            if (when == "after start" && withoutFiles > 0)
            {
                tally.PhotoRowsWithoutFiles += withoutFiles;
                tally.Note($"{withoutFiles} photo rows without their files");
            }
        }
        var staged = Path.Combine(dataDirectory, "staged");
        if (Directory.Exists(staged))
        {
            foreach (var batch in Directory.EnumerateDirectories(staged, "*", SearchOption.AllDirectories).Where(d => Directory.GetParent(d)!.Parent!.FullName == staged))
            {
                var manifest = Path.Combine(batch, "manifest.json");
                var listed = File.Exists(manifest)
                    ? JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("Files").EnumerateArray().Select(f => f.GetProperty("Id").GetString()!).ToHashSet()
                    : [];
                foreach (var file in Directory.EnumerateFiles(batch))
                {
                    var name = Path.GetFileName(file);
                    if (name == "manifest.json" || listed.Contains(name.Replace(".thumb.jpg", "", StringComparison.Ordinal))) continue;
                    orphans.Add(Path.GetRelativePath(dataDirectory, file));
                    tally.Note($"orphan {when}: staged {Path.GetRelativePath(staged, file)}");
                }
            }
        }
        return orphans;
    }

    private static async Task<HttpClient> SignedInAsync(AppProcess app, string role)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(app.BaseAddress),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var user = DemoData.Users.Single(u => u.Role == role);
        await client.SignInAsync(user.Email, user.Password);
        return client;
    }

    private static int OptionOr(string[] args, string name, int fallback) =>
        int.Parse(OptionOr(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string OptionOr(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
