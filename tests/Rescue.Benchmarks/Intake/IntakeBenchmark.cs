using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Benchmarks.Intake;

/// <summary>
/// Discovery reports posted over loopback by this process to the app running as its own process
/// (Release build, throwaway PostgreSQL): with a 1-megapixel photo stored upright, with the same photo
/// stored turned as a phone held upright writes it (EXIF orientation 6), and without a photo.
/// </summary>
internal sealed class IntakeBenchmark : IBenchmark
{
    public string Name => "intake";

    public string Description => "reports per second with a photo upright, the same photo turned (EXIF 6), and none; options: --seconds N --concurrency N --megapixels N (1)";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = OptionOr(args, "--seconds", 20);
        var concurrency = OptionOr(args, "--concurrency", 8);
        // 1 MP by default, as earlier figures were measured; 12 is a phone camera's photo.
        var megapixels = OptionOr(args, "--megapixels", 1);
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("bench_intake");
        var dataDirectory = Directory.CreateTempSubdirectory("rescue-bench-").FullName;
        try
        {
            // The face worker's backlog would take a core in whichever phase it falls, so phases would not
            // compare; intake never waits for it. The app inherits this process's environment.
            Environment.SetEnvironmentVariable("Rescue__Faces__Enabled", "false");
            await using var app = new AppProcess(connectionString, dataDirectory, configuration: "Release");
            Console.Error.WriteLine("starting the app (Release)…");
            await app.StartAsync();
            using var client = await ApiKeyClientAsync(app.BaseAddress);
            using var appProcess = ChildRunning("Rescue.Web");

            // One real photo scaled to about one megapixel; each request gets unique bytes (a JPEG
            // comment with a counter), so content addressing cannot skip the work.
            var photo = Photo(megapixels);
            var turned = StoredTurned(photo);
            var counter = 0;

            Console.Error.WriteLine($"warming up, then {seconds} s each with a photo, with it turned and without, {concurrency} at a time…");
            await MeasureAsync(client, appProcess, concurrency, TimeSpan.FromSeconds(3), () => WithPhoto(photo, Interlocked.Increment(ref counter)));
            var withPhoto = await MeasureAsync(client, appProcess, concurrency, TimeSpan.FromSeconds(seconds), () => WithPhoto(photo, Interlocked.Increment(ref counter)));
            var withTurned = await MeasureAsync(client, appProcess, concurrency, TimeSpan.FromSeconds(seconds), () => WithPhoto(turned, Interlocked.Increment(ref counter)));
            var withoutPhoto = await MeasureAsync(client, appProcess, concurrency, TimeSpan.FromSeconds(seconds), WithoutPhoto);

            return new JsonObject
            {
                ["reports_per_second_with_photo"] = Math.Round(withPhoto.PerSecond, 1),
                ["reports_per_second_with_turned_photo"] = Math.Round(withTurned.PerSecond, 1),
                ["reports_per_second_without_photo"] = Math.Round(withoutPhoto.PerSecond, 1),
                ["p95_ms_with_photo"] = Math.Round(withPhoto.P95, 1),
                ["p50_ms_with_photo"] = Math.Round(withPhoto.P50, 1),
                ["p95_ms_with_turned_photo"] = Math.Round(withTurned.P95, 1),
                ["p50_ms_with_turned_photo"] = Math.Round(withTurned.P50, 1),
                ["p95_ms_without_photo"] = Math.Round(withoutPhoto.P95, 1),
                ["app_cpu_ms_per_report_with_photo"] = Math.Round(withPhoto.AppCpuMs, 1),
                ["app_cpu_ms_per_report_with_turned_photo"] = Math.Round(withTurned.AppCpuMs, 1),
                ["app_cpu_ms_per_report_without_photo"] = Math.Round(withoutPhoto.AppCpuMs, 1),
                ["failed_requests"] = withPhoto.Failed + withTurned.Failed + withoutPhoto.Failed,
                ["photo_bytes"] = photo.Length,
                ["photo_pixels"] = PixelsOf(photo),
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

    /// <summary>
    /// One phase's figures. Reports per second and latency move with whatever else the machine runs;
    /// the app's CPU time per report does not, so it tells a slower app from a busier machine.
    /// </summary>
    private sealed record Run(double PerSecond, double P50, double P95, int Failed, double AppCpuMs);

    private static async Task<Run> MeasureAsync(HttpClient client, Process app, int concurrency, TimeSpan duration, Func<HttpRequestMessage> request)
    {
        var latencies = new List<double>();
        var failed = 0;
        app.Refresh();
        var cpuBefore = app.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request());
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    if (response.StatusCode == HttpStatusCode.Created) latencies.Add(ms);
                    else failed++;
                }
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        app.Refresh();
        var cpuMs = (app.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        latencies.Sort();
        return new Run(latencies.Count / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.95), failed,
            latencies.Count == 0 ? double.NaN : cpuMs / latencies.Count);
    }

    /// <summary>The child process of this one whose command line names <paramref name="program"/> (AppProcess starts the app so).</summary>
    private static Process ChildRunning(string program)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            try
            {
                // /proc/PID/stat: "pid (name) state ppid …"; the name may hold spaces, so count from the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (parent == Environment.ProcessId && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(program, StringComparison.Ordinal))
                    return Process.GetProcessById(pid);
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }
        throw new InvalidOperationException($"no child process runs {program}");
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static HttpRequestMessage WithoutPhoto() => Post(JsonContent.Create(Report()));

    private static HttpRequestMessage WithPhoto(byte[] jpeg, int n)
    {
        var content = new ByteArrayContent(WithComment(jpeg, $"bench {n}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return Post(new MultipartFormDataContent { { JsonContent.Create(Report()), "report" }, { content, "photos", "photo.jpg" } });
    }

    private static HttpRequestMessage Post(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = content };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    private static object Report() => new
    {
        officerName = "张警官",
        foundAt = TimeProvider.System.GetUtcNow().AddMinutes(-30),
        placeText = "人民路天桥下",
        howFound = "Patrol",
        disposition = "EscortedToStation",
        sex = "Male",
        description = "老年男性，言语不清，衣着单薄",
    };

    /// <summary>A real photo (a couple, from the shared face set) at about <paramref name="megapixels"/> MP, as a phone would send; a made-up one when the set is absent.</summary>
    private static byte[] Photo(int megapixels)
    {
        // 1200 × 836 is the couple photo's shape at 1 MP.
        var width = (int)Math.Round(1200 * Math.Sqrt(megapixels));
        var size = new SkiaSharp.SKSizeI(width, width * 836 / 1200);
        var root = Environment.GetEnvironmentVariable("RESCUE_ROOT") ?? AppProcess.RepositoryRoot();
        var source = Path.Combine(root, "..", "shared", "data", "faces", "couple.jpg");
        if (!File.Exists(source)) return TestImages.Jpeg(size.Width, size.Height, SkiaSharp.SKColors.SteelBlue);
        using var original = SkiaSharp.SKBitmap.Decode(source);
        using var scaled = original.Resize(size, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, SkiaSharp.SKMipmapMode.Linear));
        using var data = scaled.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>
    /// The same picture as a phone held upright stores it: pixels turned a quarter anticlockwise and
    /// EXIF orientation 6 ("turn clockwise to show"). Turning by orientation 8 is that quarter anticlockwise.
    /// </summary>
    private static byte[] StoredTurned(byte[] jpeg)
    {
        using var upright = SkiaSharp.SKBitmap.Decode(jpeg);
        using var stored = Rescue.Vision.ExifOrientation.Upright(upright, SkiaSharp.SKEncodedOrigin.LeftBottom);
        using var data = stored.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return TestImages.WithExifOrientation(data.ToArray(), 6);
    }

    private static int PixelsOf(byte[] jpeg)
    {
        using var codec = SkiaSharp.SKCodec.Create(SkiaSharp.SKData.CreateCopy(jpeg));
        return codec.Info.Width * codec.Info.Height;
    }

    /// <summary>The same JPEG with a COM segment after SOI: other bytes, same pixels.</summary>
    private static byte[] WithComment(byte[] jpeg, string comment)
    {
        var text = System.Text.Encoding.ASCII.GetBytes(comment);
        var length = text.Length + 2;
        return [jpeg[0], jpeg[1], 0xFF, 0xFE, (byte)(length >> 8), (byte)length, .. text, .. jpeg.AsSpan(2)];
    }

    private static async Task<HttpClient> ApiKeyClientAsync(string baseAddress)
    {
        var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseAddress) };
        var user = DemoData.Users.Single(u => u.Role == Roles.Administrator);
        await admin.SignInAsync(user.Email, user.Password);
        var agencies = await admin.GetAsAsync<List<UserAdministration.AgencyItem>>("/api/v1/agencies");
        var police = agencies!.Single(a => a.Name == DemoData.PoliceAgency);
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{police.Id}/api-keys", new { name = "bench" })).Content.ReadAsAsync<UserAdministration.IssuedApiKey>();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", issued!.Secret);
        return client;
    }

    private static int OptionOr(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
