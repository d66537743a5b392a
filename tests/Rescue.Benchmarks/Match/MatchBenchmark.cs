using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rescue.Search.Matching;
using Rescue.Search.Scoring;
using Rescue.Search.Vectors;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;
using Rescue.Web.Hosting;

namespace Rescue.Benchmarks.Match;

/// <summary>
/// The app's matching engine at a station's scale: a million open notices and a hundred thousand admissions with
/// face signatures, stored in PostgreSQL, loaded by the app's own loader (<see cref="MatchFeed.LoadAsync"/>), then
/// two-way filtered top-20 face queries one at a time, checked against a brute-force float scan.
/// </summary>
/// <remarks>
/// The generated database takes minutes to build, so it is kept in its own cluster under .data/bench-match and
/// used again when its sizes and generator version match; --fresh builds it again.
/// </remarks>
internal sealed class MatchBenchmark : IBenchmark
{
    private const int K = 20;

    public string Name => "match";

    public string Description =>
        "two-way filtered top-20 face queries on the app's engine loaded from PostgreSQL; options: --notices N (1000000) --admissions N (100000) --queries N (400) --fresh";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var notices = OptionOr(args, "--notices", 1_000_000);
        var admissions = OptionOr(args, "--admissions", 100_000);
        var queryCount = OptionOr(args, "--queries", 400);
        var total = Stopwatch.StartNew();

        var (server, kept) = await ServerAsync();
        var database = $"bench_match_{notices}_{admissions}_v{MatchDatabase.Version}";
        var marker = Path.Combine(server.Folder, database + ".complete");
        var generationSeconds = 0.0;
        var reused = kept && !args.Contains("--fresh") && File.Exists(marker) && await server.HasDatabaseAsync(database);
        if (!reused)
        {
            File.Delete(marker);
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            await server.ExecuteAsync($"CREATE DATABASE {database}");
        }
        var connectionString = server.ConnectionString(database);
        var folder = Directory.CreateTempSubdirectory("rescue-bench-match-").FullName;
        try
        {
            using var host = BuildHost(connectionString, folder);
            await host.Services.InitializeDatabaseAsync(cancellationToken);
            if (reused)
            {
                Console.Error.WriteLine($"using the generated database {database} kept in {server.Folder} (--fresh builds it again)");
            }
            else
            {
                Console.Error.WriteLine($"generating {notices} notices and {admissions} admissions into {database}…");
                var generation = Stopwatch.StartNew();
                await MatchDatabase.WriteAsync(connectionString, notices, admissions, cancellationToken);
                generationSeconds = generation.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"generated in {generationSeconds:F0} s");
                if (kept) await File.WriteAllTextAsync(marker, $"{notices} notices, {admissions} admissions, generator v{MatchDatabase.Version}\n", cancellationToken);
            }
            NpgsqlConnection.ClearAllPools();

            // The load, as the app does it at start: the feed's loader into the app's engine.
            var process = Process.GetCurrentProcess();
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            process.Refresh();
            var workingSetBefore = process.WorkingSet64;
            var cpuBefore = process.TotalProcessorTime;
            var feed = host.Services.GetRequiredService<MatchFeed>();
            var load = Stopwatch.StartNew();
            await feed.LoadAsync(cancellationToken);
            var loadSeconds = load.Elapsed.TotalSeconds;
            process.Refresh();
            var loadCpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            var engine = feed.Engine;
            var index = engine.Faces;
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            process.Refresh();
            var workingSetAfter = process.WorkingSet64;
            Console.Error.WriteLine($"engine loaded from PostgreSQL in {loadSeconds:F1} s: {engine.NoticeCount} notices, {engine.PersonCount} people, {index.Count} faces");

            var measured = Measure(engine, notices, admissions, queryCount);
            var result = new JsonObject
            {
                ["p50_ms"] = measured["p50_ms"]!.DeepClone(),
                ["p95_ms"] = measured["p95_ms"]!.DeepClone(),
                ["recall_at_20_vs_exact"] = measured["recall_at_20_vs_exact"]!.DeepClone(),
                ["index_load_seconds"] = Math.Round(loadSeconds, 1),
                // This process's processor time during the load (PostgreSQL's is not counted): what the load costs
                // when other work shares the cores.
                ["index_load_cpu_seconds"] = Math.Round(loadCpuSeconds, 1),
                ["load_read_notices_seconds"] = Math.Round(feed.LoadSteps!.ReadNotices.TotalSeconds, 1),
                ["load_hold_notices_seconds"] = Math.Round(feed.LoadSteps.HoldNotices.TotalSeconds, 1),
                ["load_people_seconds"] = Math.Round(feed.LoadSteps.People.TotalSeconds, 1),
                ["index_memory_mb"] = Math.Round(index.MemoryBytes / 1048576.0),
                // The whole engine (face index, the records' text and keys, its own copy of each signature) as the
                // managed heap grew across the load, and the process's resident memory growth.
                ["engine_heap_growth_mb"] = Math.Round((heapAfter - heapBefore) / 1048576.0),
                ["working_set_growth_mb"] = Math.Round((workingSetAfter - workingSetBefore) / 1048576.0),
                ["queries"] = measured["queries"]!.DeepClone(),
                ["notices"] = engine.NoticeCount,
                ["admissions"] = engine.PersonCount,
                ["faces"] = index.Count,
                ["generation_seconds"] = Math.Round(generationSeconds),
                ["database_reused"] = reused,
            };
            foreach (var (name, value) in measured)
                if (!result.ContainsKey(name)) result[name] = value!.DeepClone();
            result["total_seconds"] = Math.Round(total.Elapsed.TotalSeconds);
            return result;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            if (!kept) await server.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>
    /// Queries as the two-way matching makes them (<see cref="MatchEngine"/>'s face source): half an admission's face
    /// against open notices, half a notice's face against admissions, each filtered by sex and birth years.
    /// </summary>
    private static JsonObject Measure(MatchEngine engine, int notices, int admissions, int queryCount)
    {
        var index = engine.Faces;
        var scan = ExactScan.Of(engine, notices, admissions);
        var random = new Random(MatchDatabase.Seed);
        var queries = Enumerable.Range(0, queryCount + 10).Select(q => q % 2 == 0
            ? Query.Of(engine, engine.Person(MatchDatabase.AdmissionId(random.Next(admissions)))!)
            : Query.Of(engine, engine.Notice(MatchDatabase.NoticeId(random.Next(notices)))!)).ToArray();
        foreach (var query in queries.Take(10)) index.SearchRecords(query.Face, query.Filter, K); // JIT and caches
        queries = queries[10..];

        var times = new List<double>();
        var cpuTimes = new List<double>();
        var byDirection = new Dictionary<string, List<double>>();
        var results = new List<IReadOnlyList<FaceMatch>>();
        var process = Process.GetCurrentProcess();
        var rescansBefore = index.Rescans;
        foreach (var query in queries)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var found = index.SearchRecords(query.Face, query.Filter, K);
            var ms = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            times.Add(ms);
            cpuTimes.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
            (byDirection.TryGetValue(query.Direction, out var list) ? list : byDirection[query.Direction] = []).Add(ms);
            results.Add(found);
        }

        var check = Stopwatch.StartNew();
        var (hits, expected, identical) = (0, 0, 0);
        var admittedShare = new Dictionary<string, List<double>>();
        for (var q = 0; q < queries.Length; q++)
        {
            var (exact, admitted) = scan.TopRecords(queries[q], K);
            (admittedShare.TryGetValue(queries[q].Direction, out var s) ? s : admittedShare[queries[q].Direction] = []).Add(admitted);
            var exactRecords = exact.Select(m => m.RecordId).ToHashSet();
            hits += results[q].Count(m => exactRecords.Contains(m.RecordId));
            expected += exact.Count;
            if (exact.Select(m => m.SignatureId).SequenceEqual(results[q].Select(m => m.SignatureId))) identical++;
            else Console.Error.WriteLine($"query {q} ({queries[q].Direction}): differs from the brute-force top {K}");
        }
        Console.Error.WriteLine($"{queries.Length} queries checked against the brute-force scan in {check.Elapsed.TotalSeconds:F1} s");

        var result = new JsonObject
        {
            ["p50_ms"] = Math.Round(Percentile(times, 0.50), 2),
            ["p95_ms"] = Math.Round(Percentile(times, 0.95), 2),
            ["recall_at_20_vs_exact"] = expected == 0 ? 1.0 : Math.Round(hits / (double)expected, 4),
            ["queries"] = times.Count,
            ["exact_checked_queries"] = queries.Length,
            ["identical_to_exact"] = identical,
            ["max_ms"] = Math.Round(times.Max(), 2),
            // Other work shares these two cores: a query's processor time split over both is its wall time on an idle machine.
            ["p50_cpu_ms_per_core"] = Math.Round(Percentile(cpuTimes, 0.50) / Environment.ProcessorCount, 2),
            ["p95_cpu_ms_per_core"] = Math.Round(Percentile(cpuTimes, 0.95) / Environment.ProcessorCount, 2),
            ["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown",
            ["rescans"] = index.Rescans - rescansBefore,
        };
        foreach (var (name, list) in byDirection)
        {
            result[$"{name}_p50_ms"] = Math.Round(Percentile(list, 0.50), 2);
            result[$"{name}_p95_ms"] = Math.Round(Percentile(list, 0.95), 2);
            result[$"{name}_admitted_faces"] = Math.Round(admittedShare[name].Average());
        }
        return result;
    }

    /// <summary>One face query: the face, the filter the engine would search the other side with, and its direction.</summary>
    private sealed record Query(float[] Face, FaceFilter Filter, string Direction)
    {
        public static Query Of(MatchEngine engine, MatchPerson person)
        {
            var side = person.Side;
            var (from, to) = BirthYears.OfPerson(side.DateOfBirth?.Year, side.EstimatedAgeMin, side.EstimatedAgeMax, side.AgeEstimatedOn ?? side.FoundOn);
            return new Query(person.Faces[0].Signature, FilterOf(engine, RecordKind.Notice, side.Sex, from, to), "admission_to_notices");
        }

        public static Query Of(MatchEngine engine, MatchNotice notice)
        {
            var side = notice.Side;
            var (from, to) = BirthYears.OfNotice(side.DateOfBirth?.Year, side.AgeAtDisappearance, side.LastSeenOn);
            return new Query(notice.Faces[0].Signature, FilterOf(engine, RecordKind.Admission, side.Sex, from, to), "notice_to_admissions");
        }

        /// <summary>The engine's face filter: sex, and the birth years widened by the budget's tolerance for the age.</summary>
        private static FaceFilter FilterOf(MatchEngine engine, RecordKind kind, RecordedSex sex, int? from, int? to)
        {
            var budget = engine.Options.Budget;
            double? age = from is { } f && to is { } t ? engine.Options.Today.Year - (f + t) / 2.0
                : (from ?? to) is { } year ? engine.Options.Today.Year - year : null;
            var tolerance = (int)Math.Ceiling(budget.BirthYearTolerance + budget.BirthYearTolerancePerYearOfAge * (age ?? 40));
            return new FaceFilter { Kind = kind, Status = RecordStatus.Open, Sex = SexOf(sex), BornFrom = from - tolerance, BornTo = to + tolerance };
        }
    }

    private static RecordSex SexOf(RecordedSex sex) => sex switch
    {
        RecordedSex.Male => RecordSex.Male,
        RecordedSex.Female => RecordSex.Female,
        _ => RecordSex.Unknown,
    };

    /// <summary>Every face the engine holds with its record's attributes and floats, for the brute-force scan.</summary>
    private sealed class ExactScan(List<(Guid SignatureId, FaceRecord Record, float[] Signature)> faces)
    {
        public static ExactScan Of(MatchEngine engine, int notices, int admissions)
        {
            var faces = new List<(Guid, FaceRecord, float[])>();
            for (var i = 0; i < notices; i++)
            {
                if (engine.Notice(MatchDatabase.NoticeId(i)) is not { } notice) continue;
                var side = notice.Side;
                var (from, to) = BirthYears.OfNotice(side.DateOfBirth?.Year, side.AgeAtDisappearance, side.LastSeenOn);
                var record = new FaceRecord(notice.Id, RecordKind.Notice, RecordStatus.Open, SexOf(side.Sex), from, to);
                faces.AddRange(notice.Faces.Select(f => (f.SignatureId, record, f.Signature)));
            }
            for (var k = 0; k < admissions; k++)
            {
                if (engine.Person(MatchDatabase.AdmissionId(k)) is not { } person) continue;
                var side = person.Side;
                var (from, to) = BirthYears.OfPerson(side.DateOfBirth?.Year, side.EstimatedAgeMin, side.EstimatedAgeMax, side.AgeEstimatedOn ?? side.FoundOn);
                var record = new FaceRecord(person.Id, RecordKind.Admission, RecordStatus.Open, SexOf(side.Sex), from, to);
                faces.AddRange(person.Faces.Select(f => (f.SignatureId, record, f.Signature)));
            }
            return new ExactScan(faces);
        }

        /// <summary>The top k records by their best face's float cosine among the faces the filter admits, and how many it admitted.</summary>
        public (List<FaceMatch> Top, int Admitted) TopRecords(Query query, int k)
        {
            var scored = new List<FaceMatch>();
            foreach (var (signatureId, record, signature) in faces)
                if (query.Filter.Admits(record))
                    scored.Add(new FaceMatch(signatureId, record.RecordId, SignatureCodes.Similarity(signature, query.Face)));
            scored.Sort(FaceSignatureIndex.Compare);
            var seen = new HashSet<Guid>();
            return ([.. scored.Where(m => seen.Add(m.RecordId)).Take(k)], scored.Count);
        }
    }

    /// <summary>The kept cluster under .data/bench-match, or a throwaway one when the server's user cannot reach .data.</summary>
    private static async Task<(PostgresServer Server, bool Kept)> ServerAsync()
    {
        var root = Environment.GetEnvironmentVariable("RESCUE_DATA_DIR")
            ?? Path.Combine(Environment.GetEnvironmentVariable("RESCUE_ROOT") ?? Directory.GetCurrentDirectory(), ".data");
        try
        {
            return (await PostgresServer.StartKeptAsync(Path.Combine(root, "bench-match")), true);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"cannot keep the generated database in {root} ({e.Message.Split('\n')[0]}); it is built afresh in a throwaway cluster");
            return (await PostgresServer.GetAsync(), false);
        }
    }

    private static IHost BuildHost(string connectionString, string folder)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Rescue"] = connectionString,
            ["Rescue:DataDirectory"] = folder,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Migrating a new database first looks for a history table that is not there yet, which EF logs as an error.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.Services.AddRescueCore(builder.Configuration);
        return builder.Build();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static int OptionOr(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
