using System.Diagnostics;
using Npgsql;

namespace Rescue.Testing;

/// <summary>
/// A throwaway PostgreSQL for one test run: a temp folder, a Unix socket, fsync off.
/// PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user, in a folder of its own under /tmp
/// (which it can reach wherever the repository is, even in /root) and from /, never from the test's folder.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private PostgresServer(string folder, string binaries, bool kept, bool durable = false)
    {
        Folder = folder;
        Binaries = binaries;
        Kept = kept;
        Durable = durable;
    }

    public string Folder { get; }

    private string Binaries { get; }

    /// <summary>The cluster outlives the process (see <see cref="StartKeptAsync"/>).</summary>
    private bool Kept { get; }

    /// <summary>A commit is in the kernel's hands before it is acknowledged (synchronous_commit on; see <see cref="StartDurableAsync"/>).</summary>
    private bool Durable { get; }

    private string DataFolder => Path.Combine(Folder, "data");

    public const int Port = 5432;

    /// <summary>The server of this test process, started on first use and stopped when the process exits.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>
    /// A server on a cluster kept in <paramref name="folder"/> between runs (made there on first use), stopped but not
    /// removed when the process exits: for a benchmark whose generated data takes minutes to build. The folder's path
    /// must be short (it holds the socket) and reachable by the server's user.
    /// </summary>
    public static async Task<PostgresServer> StartKeptAsync(string folder)
    {
        var server = new PostgresServer(Path.GetFullPath(folder), FindBinaries(), kept: true);
        if (!File.Exists(Path.Combine(server.DataFolder, "PG_VERSION")))
        {
            if (Environment.IsPrivilegedProcess) await RunAsThisUserAsync("install", "-d", "-o", "postgres", "-g", "postgres", "-m", "700", server.Folder);
            else if (OperatingSystem.IsWindows()) Directory.CreateDirectory(server.Folder);
            else Directory.CreateDirectory(server.Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await server.InitAsync();
        }
        // A run that was killed leaves its server running: use it, and stop it at this one's end.
        if (await server.IsRunningAsync()) AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        else await server.StartServerAsync();
        return server;
    }

    /// <summary>Whether a database of this name exists.</summary>
    public async Task<bool> HasDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync() is not null;
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = Folder,
            Port = Port,
            Username = "postgres",
            Database = database,
            // Each test class has its own database; small pools keep the server's connection count low.
            MaxPoolSize = 20,
        }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A server of its own whose acknowledged commits survive its processes being killed: synchronous_commit is on, so a
    /// commit's WAL is written to the kernel before the client hears of it (fsync stays off: the kernel, not the server,
    /// is what a SIGKILL spares). For a benchmark that kills the server (<see cref="KillAsync"/>, <see cref="RestartAsync"/>).
    /// </summary>
    public static Task<PostgresServer> StartDurableAsync() => StartAsync(durable: true);

    /// <summary>SIGKILL to the postmaster, as when the kernel's out-of-memory killer picks it; returns once it is gone.</summary>
    public async Task KillAsync()
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(DataFolder, "postmaster.pid")).First().Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill();
        while (Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal)) await Task.Delay(10);
    }

    /// <summary>
    /// Starts the server again after <see cref="KillAsync"/>: it replays its WAL (crash recovery) before it takes
    /// connections. Its orphaned backends hold the shared memory until they notice the postmaster's death, so a start
    /// that finds them is tried again.
    /// </summary>
    public async Task RestartAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await RunAsync("pg_ctl", "-D", DataFolder, "-w", "-t", "60", "-l", Path.Combine(Folder, "server.log"), "-o", Options, "start");
                return;
            }
            catch (InvalidOperationException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    private static Task<PostgresServer> StartAsync() => StartAsync(durable: false);

    private static async Task<PostgresServer> StartAsync(bool durable)
    {
        // A short path under /tmp: a Unix socket path may not exceed 107 bytes.
        var folder = Path.Combine(Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), "rescue-pg-" + Guid.NewGuid().ToString("N")[..10]);
        var binaries = FindBinaries();
        // The server trusts whoever reaches its socket: the folder is closed to everyone but its user (and root).
        if (Environment.IsPrivilegedProcess) await RunAsServerUserAsync(folder, "mkdir", "-m", "700", folder);
        else if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var server = new PostgresServer(folder, binaries, kept: false, durable);
        await server.InitAsync();
        await server.StartServerAsync();
        return server;
    }

    private async Task<bool> IsRunningAsync()
    {
        try
        {
            await RunAsync("pg_ctl", "-D", DataFolder, "status");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private Task InitAsync() =>
        RunAsync("initdb", "-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");

    private async Task StartServerAsync()
    {
        await RunAsync("pg_ctl", "-D", DataFolder, "-w", "-t", "60", "-l", Path.Combine(Folder, "server.log"), "-o", Options, "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    private string Options =>
        $"-p {Port} -k {Folder} -c listen_addresses='' -c fsync=off -c synchronous_commit={(Durable ? "on" : "off")} -c full_page_writes=off -c max_connections=300";

    private void Stop()
    {
        try
        {
            // A kept cluster stops cleanly, so its next start has no recovery to replay.
            RunAsync("pg_ctl", "-D", DataFolder, "-m", Kept ? "fast" : "immediate", "-w", "stop").GetAwaiter().GetResult();
            if (!Kept) Directory.Delete(Folder, recursive: true);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"could not stop the test PostgreSQL in {Folder}: {e.Message}");
        }
    }

    private Task RunAsync(string program, params string[] args) => RunAsServerUserAsync(Folder, Path.Combine(Binaries, program), args);

    /// <summary>Runs a program as this process's user.</summary>
    private static async Task RunAsThisUserAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await error}");
    }

    /// <summary>Runs <paramref name="path"/> as the server's user, from /: a folder the test runs in may be closed to that user.</summary>
    private static async Task RunAsServerUserAsync(string folder, string path, params string[] args)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        if (Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", path }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = path;
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(folder, "server.log");
            throw new InvalidOperationException(
                $"{Path.GetFileName(path)} failed ({process.ExitCode}): {await output}{await error}{(File.Exists(log) ? File.ReadAllText(log) : "")}");
        }
    }

    private static string FindBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("RESCUE_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "initdb"))) return configured;
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: run the tests with ./rescue test, which installs it (apt-get install postgresql).");
    }
}
