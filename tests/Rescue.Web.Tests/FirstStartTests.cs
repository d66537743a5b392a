using System.Text.Json;
using Rescue.Testing;

namespace Rescue.Web.Tests;

public class FirstStartTests
{
    [Fact]
    public async Task The_first_start_on_an_empty_database_migrates_and_seeds_without_logging_an_error()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("first");
        var dataDirectory = Directory.CreateTempSubdirectory("rescue-first-").FullName;
        try
        {
            string output;
            await using (var app = new AppProcess(connectionString, dataDirectory))
            {
                await app.StartAsync();
                output = app.Output;
            }

            // The app's own log file, one JSON event a line (Serilog compact: @l is left out for Information).
            var events = Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "rescue-*.json")
                .SelectMany(File.ReadAllLines)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .ToList();
            Assert.NotEmpty(events);
            var errors = events.Where(e => e.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal").Select(e => e.ToString()).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + output);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
