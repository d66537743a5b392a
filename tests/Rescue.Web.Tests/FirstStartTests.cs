using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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
            // Starting the app migrates and seeds; disposing it flushes its log.
            await using (var app = new FirstStart(connectionString, dataDirectory))
            {
                Assert.Equal("Healthy", await Readiness.WaitAsync(app.CreateClient()));
            }

            // The app's own log file, one JSON event a line (Serilog compact: @l is left out for Information).
            var events = Directory.GetFiles(Path.Combine(dataDirectory, "logs"), "rescue-*.json")
                .SelectMany(File.ReadAllLines)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .ToList();
            Assert.Contains(events, e => e.GetProperty("@mt").GetString()!.StartsWith("Applying migration", StringComparison.Ordinal));
            var errors = events.Where(e => e.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal").Select(e => e.ToString()).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The app as configured out of the box (Information and up logged), on the given database; without faces, which play no part here.</summary>
    private sealed class FirstStart(string connectionString, string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Rescue", connectionString);
            builder.UseSetting("Rescue:DataDirectory", dataDirectory);
            builder.UseSetting("Rescue:SeedDemoData", "true");
            builder.UseSetting("Rescue:Faces:Enabled", "false");
        }
    }
}
