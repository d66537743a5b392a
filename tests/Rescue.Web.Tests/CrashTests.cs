using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class CrashTests
{
    [Fact]
    public async Task App_killed_while_reports_with_photos_are_posted_keeps_every_acknowledged_report_and_no_orphan_file()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("crash");
        var dataDirectory = Directory.CreateTempSubdirectory("rescue-crash-").FullName;
        try
        {
            var acknowledged = new List<(string Location, string Place)>();
            await using (var app = new AppProcess(connectionString, dataDirectory))
            {
                await app.StartAsync();
                var liaison = await SignedInClientAsync(app.BaseAddress);
                using var stop = new CancellationTokenSource();
                var posters = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var place = $"worker {worker} report {i}";
                        try
                        {
                            var response = await liaison.SendAsync(ReportWithPhoto(place, TestImages.Jpeg(640, 480, TestImages.Colour(worker * 1000 + i))));
                            if (response.IsSuccessStatusCode)
                            {
                                lock (acknowledged) acknowledged.Add((response.Headers.Location!.ToString(), place));
                            }
                        }
                        catch (HttpRequestException)
                        {
                            // The connection died with the app: that request was never acknowledged.
                        }
                        catch (TaskCanceledException)
                        {
                        }
                    }
                })).ToList();

                while (true)
                {
                    await Task.Delay(100);
                    lock (acknowledged) if (acknowledged.Count >= 8) break;
                }
                await app.KillAsync();
                stop.Cancel();
                await Task.WhenAll(posters);
            }

            NpgsqlConnection.ClearAllPools();
            await using var restarted = new AppProcess(connectionString, dataDirectory);
            await restarted.StartAsync();
            var reader = await SignedInClientAsync(restarted.BaseAddress);

            Assert.NotEmpty(acknowledged);
            foreach (var (location, place) in acknowledged)
            {
                var report = await reader.GetAsAsync<JsonElement>(location);
                Assert.Equal(place, report.GetProperty("placeText").GetString());
                var photo = report.GetProperty("photos").EnumerateArray().Single();
                var thumbnail = await reader.GetAsync(photo.GetProperty("thumbnail").GetString());
                Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
            }

            var known = await KnownPhotoHashesAsync(connectionString);
            var files = Directory.EnumerateFiles(Path.Combine(dataDirectory, "photos"), "*", SearchOption.AllDirectories).ToList();
            Assert.NotEmpty(files);
            Assert.All(files, file => Assert.Contains(known, sha => Path.GetFileName(file).StartsWith(sha, StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static HttpRequestMessage ReportWithPhoto(string place, byte[] jpeg)
    {
        var form = new MultipartFormDataContent
        {
            { JsonContent.Create(ReportTests.ValidReport(TimeProvider.System, place)), "report" },
        };
        var photo = new ByteArrayContent(jpeg);
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(photo, "photos", "photo.jpg");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    private static async Task<HttpClient> SignedInClientAsync(string baseAddress)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(baseAddress),
            Timeout = TimeSpan.FromSeconds(30),
        };
        var liaison = Demo.User(Roles.Liaison);
        await client.SignInAsync(liaison.Email, liaison.Password);
        return client;
    }

    private static async Task<HashSet<string>> KnownPhotoHashesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT DISTINCT "Sha256" FROM "Photos" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var known = new HashSet<string>();
        while (await reader.ReadAsync()) known.Add(reader.GetString(0).Trim());
        return known;
    }
}
