using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Rescue.Testing;

/// <summary>
/// The built app as its own process on a loopback port, for what an in-process host cannot show:
/// a SIGKILL in the middle of writes, or load from a separate client.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private Process? _process;

    public AppProcess(string connectionString, string dataDirectory, string configuration = "Debug")
    {
        Port = FreePort();
        var dll = Path.Combine(RepositoryRoot(), "src", "Rescue.Web", "bin", configuration, "net10.0", "Rescue.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"build the app first: {dll} is missing");
        _start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", BaseAddress }) _start.ArgumentList.Add(a);
        _start.Environment["ConnectionStrings__Rescue"] = connectionString;
        _start.Environment["Rescue__DataDirectory"] = dataDirectory;
        _start.Environment["Rescue__SeedDemoData"] = "true";
        _start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
    }

    public int Port { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    private readonly System.Text.StringBuilder _output = new();

    /// <summary>What the app printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    private void Append(string? line)
    {
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Starts the app and waits until it reports ready (database migrated and reachable).</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        _process = Process.Start(_start) ?? throw new InvalidOperationException("could not start the app");
        var process = _process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(2) };
        // Under a loaded test run (two cores, browser tests beside) a start can take over a minute.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(120)))
        {
            if (process.HasExited) throw new InvalidOperationException($"the app exited ({process.ExitCode}):\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the app did not become ready:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the power fails or the kernel kills it.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        // Disposed once more (a finally after a failed restart), it has nothing left to do.
        _process = null;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rescue.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Rescue.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
