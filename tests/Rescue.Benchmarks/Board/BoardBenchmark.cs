using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Vocabulary;

namespace Rescue.Benchmarks.Board;

/// <summary>
/// The public announcement board under load: a station with 10,000 published announcements (people still at the station,
/// found across the provinces over two years), and 16 clients in this process asking the app, running as its own process
/// (Release build, throwaway PostgreSQL), for filtered board pages over loopback: first full pages, then the same
/// pages revalidated with their ETag (what a phone's browser and a proxy do on a reload).
/// </summary>
internal sealed class BoardBenchmark : IBenchmark
{
    public string Name => "board";

    public string Description => "filtered board pages per second over 10,000 published announcements; options: --announcements N (10000) --seconds N (20) --concurrency N (16) --trace (log the app's SQL for three timed pages)";

    private static readonly string[] Provinces = ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"];

    private static readonly string[] Dialects = ["四川话", "河南话", "东北话", "粤语", "湖南话", "陕西话", "山东话", "普通话", "闽南话", "湖北话"];

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = OptionOr(args, "--announcements", 10_000);
        var seconds = OptionOr(args, "--seconds", 20);
        var concurrency = OptionOr(args, "--concurrency", 16);
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("bench_board");
        var dataDirectory = Directory.CreateTempSubdirectory("rescue-bench-").FullName;
        try
        {
            Environment.SetEnvironmentVariable("Rescue__Faces__Enabled", "false");
            // --trace: the app logs its SQL with timings, and three pages are asked for one at a time and timed.
            var trace = args.Contains("--trace");
            if (trace) Environment.SetEnvironmentVariable("Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore.Database.Command", "Information");
            await using var app = new AppProcess(connectionString, dataDirectory, configuration: "Release");
            Console.Error.WriteLine("starting the app (Release), which makes the tables…");
            await app.StartAsync();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(connectionString, count, cancellationToken);
            Console.Error.WriteLine($"{count} published announcements written in {seeding.Elapsed.TotalSeconds:0.0} s");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseAddress), Timeout = TimeSpan.FromSeconds(30) };
            var queries = Queries(2_000);
            var sample = await client.GetAsync(queries[0], cancellationToken);
            var sampleBytes = (await sample.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            var etags = new Dictionary<string, string>();
            if (trace)
            {
                foreach (var query in queries.Take(3))
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.GetAsync(query, cancellationToken);
                    Console.Error.WriteLine($"{query}: {(int)response.StatusCode} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
                }
                Console.Error.WriteLine(app.Output);
            }

            Console.Error.WriteLine($"warming up, then {seconds} s of full pages and {seconds} s revalidated, {concurrency} clients…");
            await MeasureAsync(client, concurrency, TimeSpan.FromSeconds(3), queries, null);
            var full = await MeasureAsync(client, concurrency, TimeSpan.FromSeconds(seconds), queries, null);
            foreach (var query in queries.Take(200))
            {
                using var response = await client.GetAsync(query, cancellationToken);
                if (response.Headers.ETag is { } tag) etags[query] = tag.ToString();
            }
            var revalidated = etags.Count == 0 ? null : await MeasureAsync(client, concurrency, TimeSpan.FromSeconds(seconds), [.. etags.Keys], etags);

            return new JsonObject
            {
                ["requests_per_second"] = Math.Round(full.PerSecond, 1),
                ["p50_ms"] = Math.Round(full.P50, 1),
                ["p95_ms"] = Math.Round(full.P95, 1),
                ["errors"] = full.Errors,
                ["revalidated_requests_per_second"] = revalidated is null ? null : Math.Round(revalidated.PerSecond, 1),
                ["revalidated_p95_ms"] = revalidated is null ? null : Math.Round(revalidated.P95, 1),
                ["revalidated_not_modified_share"] = revalidated is null ? null : Math.Round(revalidated.NotModifiedShare, 3),
                ["revalidated_errors"] = revalidated?.Errors,
                ["page_bytes"] = sampleBytes,
                ["announcements"] = count,
                ["concurrency"] = concurrency,
                ["seconds_each"] = seconds,
            };
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private sealed record Run(double PerSecond, double P50, double P95, int Errors, double NotModifiedShare);

    /// <summary>Each client asks for the next query of the list, again and again; with ETags, as a revalidation.</summary>
    private static async Task<Run> MeasureAsync(HttpClient client, int concurrency, TimeSpan duration, IReadOnlyList<string> queries, Dictionary<string, string>? etags)
    {
        var latencies = new List<double>();
        var errors = 0;
        var notModified = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var query = queries[(int)((uint)Interlocked.Increment(ref next) % queries.Count)];
                using var request = new HttpRequestMessage(HttpMethod.Get, query);
                if (etags is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etags[query]);
                var started = Stopwatch.GetTimestamp();
                HttpStatusCode status;
                try
                {
                    using var response = await client.SendAsync(request);
                    await response.Content.LoadIntoBufferAsync();
                    status = response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    if (status is HttpStatusCode.OK or HttpStatusCode.NotModified) latencies.Add(ms);
                    else errors++;
                    if (status == HttpStatusCode.NotModified) notModified++;
                }
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        return new Run(latencies.Count / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.95), errors,
            latencies.Count == 0 ? 0 : (double)notModified / latencies.Count);
    }

    /// <summary>
    /// Board queries as families make them: each with one to four of the filters (sex, an age band, a province or a
    /// city, a span of dates found, a height band, an accent), mostly the first page.
    /// </summary>
    internal static List<string> Queries(int count)
    {
        var random = new Random(11);
        var list = new List<string>(count);
        while (list.Count < count)
        {
            var parts = new List<string>();
            if (random.NextDouble() < 0.5) parts.Add("sex=" + (random.NextDouble() < 0.6 ? "Male" : "Female"));
            if (random.NextDouble() < 0.5)
            {
                var from = random.Next(10, 80);
                parts.Add($"ageFrom={from}&ageTo={from + 10}");
            }
            if (random.NextDouble() < 0.5)
            {
                var province = Provinces[random.Next(Provinces.Length)];
                parts.Add("region=" + (random.NextDouble() < 0.5 ? province + "0000" : $"{province}{random.Next(1, 6):00}00"));
            }
            if (random.NextDouble() < 0.3)
            {
                var from = new DateOnly(2025, 1, 1).AddDays(random.Next(0, 600));
                parts.Add($"foundFrom={from:yyyy-MM-dd}&foundTo={from.AddDays(90):yyyy-MM-dd}");
            }
            if (random.NextDouble() < 0.2)
            {
                var from = random.Next(140, 180);
                parts.Add($"heightFrom={from}&heightTo={from + 10}");
            }
            if (random.NextDouble() < 0.2) parts.Add("dialect=" + Uri.EscapeDataString(Dialects[random.Next(Dialects.Length)]));
            if (parts.Count == 0) continue;
            if (random.NextDouble() < 0.2) parts.Add("page=" + random.Next(2, 4));
            list.Add("/gg?" + string.Join("&", parts));
        }
        return list;
    }

    /// <summary>People at the station, each with one stay and a published announcement with one photo.</summary>
    internal static async Task SeedAsync(string connectionString, int count, CancellationToken ct)
    {
        var random = new Random(7);
        var options = new DbContextOptionsBuilder<RescueDbContext>().UseNpgsql(connectionString).Options;
        var now = TimeProvider.System.GetUtcNow();
        const int batch = 1_000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = new RescueDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var admittedAt = now.AddDays(-random.Next(1, 700)).AddMinutes(-random.Next(0, 1440));
                var sex = random.NextDouble() < 0.6 ? Sex.Male : Sex.Female;
                var age = random.Next(8, 90);
                var province = Provinces[random.Next(Provinces.Length)];
                var division = $"{province}{random.Next(1, 6):00}{random.Next(1, 11):00}";
                var person = new Person { Id = Guid.CreateVersion7(admittedAt), CreatedAt = admittedAt };
                var admission = new Admission
                {
                    Id = Guid.CreateVersion7(admittedAt),
                    CaseNumber = $"JZ-B-{i:D6}",
                    PersonId = person.Id,
                    AdmittedAt = admittedAt,
                    Sex = sex,
                    EstimatedAgeMin = age - 3,
                    EstimatedAgeMax = age + 3,
                    CreatedBy = "bench",
                    CreatedAt = admittedAt,
                    UpdatedAt = admittedAt,
                };
                var published = admittedAt.AddHours(random.Next(1, 24));
                var announcement = new Announcement
                {
                    Id = Guid.CreateVersion7(admittedAt),
                    Code = $"B{i:D7}",
                    AdmissionId = admission.Id,
                    PersonId = person.Id,
                    Status = AnnouncementStatus.Published,
                    // A child's announcement was published with a second approval, as the rules ask: a follower
                    // looking at the stay later (the start-up sweep) leaves it on the board.
                    NeedsSecondApproval = AnnouncementRegistry.NeedsSecondApproval(admission),
                    DisplayName = random.NextDouble() < 0.7 ? Announcement.Unnamed : "自称" + (char)('张' + random.Next(0, 200)) + "某",
                    Sex = sex,
                    AgeMin = age - 3,
                    AgeMax = age + 3,
                    HeightCm = random.Next(140, 186),
                    Health = "身体状况一般",
                    Intellect = random.NextDouble() < 0.3 ? "智力障碍" : "正常",
                    MentalState = random.NextDouble() < 0.3 ? "精神障碍，问答不清" : "正常",
                    Features = "体型偏瘦，短发，左手背有疤",
                    Clothing = "深色外套，蓝色长裤，黑色布鞋",
                    Dialect = Dialects[random.Next(Dialects.Length)],
                    FoundOn = DateOnly.FromDateTime(admittedAt.UtcDateTime),
                    FoundPlace = "人民路天桥下",
                    FoundDivisionCode = division,
                    Description = "由巡逻民警护送入站，自述外出务工多年。",
                    Contact = "示范市救助管理站 电话 010-12345678",
                    FirstDueAt = admittedAt.AddHours(24),
                    DueAt = published.AddDays(30),
                    FirstPublishedAt = published,
                    LastPublishedAt = published,
                    Channels = AnnouncementChannels.Board | AnnouncementChannels.NationalSite,
                    CreatedAt = admittedAt,
                    UpdatedAt = published,
                };
                announcement.Photos.Add(new AnnouncementPhoto { AnnouncementId = announcement.Id, PhotoId = Guid.CreateVersion7(admittedAt), Position = 0 });
                db.People.Add(person);
                db.Admissions.Add(admission);
                db.Announcements.Add(announcement);
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int OptionOr(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
