using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Rescue.Testing;
using Rescue.Vision;

namespace Rescue.Web.Tests;

/// <summary>
/// <c>rescue cli match eval</c> as an operator runs it, on a small generated population with real photos: its own
/// process, the test server's PostgreSQL.
/// </summary>
public class MatchEvalCommandTests
{
    private static readonly string[] ContractKeys = ["notices", "people", "no_face", "recall_at_1", "recall_at_10", "recall_at_20", "mrr", "seconds"];

    [Fact]
    public async Task Match_eval_prints_the_contract_figures_last_and_leaves_no_database_behind()
    {
        var server = await PostgresServer.GetAsync();
        var folder = Directory.CreateTempSubdirectory("rescue-match-eval-").FullName;
        try
        {
            // Five real photos: two of one person (the notice's and the person's of one true pair), three strangers.
            var images = Directory.CreateDirectory(Path.Combine(folder, "images")).FullName;
            foreach (var photo in new[] { "img12.jpg", "img16.jpg", "img17.jpg", "img21.jpg", "img25.jpg" })
                File.Copy(Path.Combine(AppContext.BaseDirectory, "Images", photo), Path.Combine(images, photo));
            File.WriteAllText(Path.Combine(images, "master.csv"), "file_x,file_y,Decision\nimg16.jpg,img17.jpg,Yes\nimg12.jpg,img21.jpg,No\nimg21.jpg,img25.jpg,No\n");
            var population = Path.Combine(folder, "population");

            var (generated, generateOutput) = await RunCliAsync(server,
                "demo", "population", "--notices", "200", "--people", "20", "--matched", "15", "--out", population, "--images", images);
            Assert.True(generated == 0, generateOutput);

            var (status, output) = await RunCliAsync(server, "match", "eval",
                "--notices", Path.Combine(population, "N.csv"), "--people", Path.Combine(population, "P.csv"),
                "--truth", Path.Combine(population, "T.csv"), "--images", images);

            Assert.True(status == 0, output);
            var result = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
            Assert.Equal(ContractKeys, result.Select(p => p.Key).Take(ContractKeys.Length));
            Assert.Equal(200, (int)result["notices"]!);
            Assert.Equal(20, (int)result["people"]!);
            Assert.True((double)result["recall_at_20"]! > 0.5, output);
            Assert.True((int)result["photos_processed"]! > 0, output);
            Assert.Empty(await ThrowawayDatabasesAsync(server));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output)> RunCliAsync(PostgresServer server, params string[] args) =>
        RunCliAsync(server.ConnectionString("postgres"), args);

    /// <summary>Runs the command-line tool built beside the tests on a database; standard output only, standard error on failure.</summary>
    internal static Task<(int ExitCode, string Output)> RunCliAsync(string connectionString, params string[] args) =>
        RunCliAsync(connectionString, new Dictionary<string, string>(), args);

    /// <summary>The same with more environment variables (the app's data folder, for its keys).</summary>
    internal static async Task<(int ExitCode, string Output)> RunCliAsync(string connectionString, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // The tests' configuration (Debug or Release): the folder above net10.0.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(AppProcess.RepositoryRoot(), "src", "Rescue.Cli", "bin", configuration, "net10.0", "rescue-cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll }.Concat(args)) start.ArgumentList.Add(a);
        start.Environment["ConnectionStrings__Rescue"] = connectionString;
        start.Environment["Rescue__ModelsDirectory"] = VisionOptions.FindModelsDirectory(AppContext.BaseDirectory);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0 ? (0, await output) : (process.ExitCode, await output + await error);
    }

    private static async Task<List<string>> ThrowawayDatabasesAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'rescue_eval_%'", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
