using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rescue.Testing;
using Rescue.Testing.Fuzzing;
using Rescue.Web.Data;
using Rescue.Web.Hosting;

namespace Rescue.Benchmarks.Fuzz;

/// <summary>
/// Hostile input, measured: seeded mutations of real JPEG, PNG, PFIF, CSV and Excel files through the photo store's
/// checks, the face worker's decoder and the notice import's readers and validator, in this process; a sample through
/// the storing paths on a throwaway database and folder. The runner is shared with the short run in the tests
/// (tests/Rescue.Testing/Fuzzing).
/// </summary>
internal sealed class FuzzBenchmark : IBenchmark
{
    public string Name => "fuzz";

    public string Description => "crashes, hangs (over 2 s) and refusals of mutated photos and notice files; options: --inputs N (100000) --seed S (13) --store-every N (20) --findings DIR --from INDEX (0)";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var inputs = OptionOr(args, "--inputs", 100_000);
        var seed = OptionOr(args, "--seed", 13);
        var storeEvery = OptionOr(args, "--store-every", 20);
        var findings = Option(args, "--findings") ?? Path.Combine(Path.GetTempPath(), "rescue-fuzz-findings");
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("bench_fuzz");
        var folder = Directory.CreateTempSubdirectory("rescue-bench-fuzz-").FullName;
        try
        {
            using var host = BuildHost(connectionString, folder);
            await host.Services.InitializeDatabaseAsync(cancellationToken);
            var options = new FuzzOptions(inputs, seed, FuzzOptions.DefaultLimit, storeEvery, findings, OptionOr(args, "--from", 0));
            var run = new FuzzRun(FuzzCorpus.Load(), new FuzzTargets(Path.Combine(folder, "checked")), new FuzzStorage(host.Services, Path.Combine(folder, "stored")), options);
            var report = await run.RunAsync(new Progress(), cancellationToken);
            foreach (var finding in report.Findings) Console.Error.WriteLine($"{finding.Stage} {finding.Format} #{finding.Index} ({finding.Mutation}): {finding.What} -> {finding.File}");
            return report.ToJson();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
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

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int OptionOr(string[] args, string name, int fallback) =>
        int.TryParse(Option(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private sealed class Progress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine(value);
    }
}
