using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Npgsql;
using Rescue.Testing;

namespace Rescue.Web.Tests;

/// <summary>The ./rescue script, run from a copy in a folder closed to other users, as a clone in /root is.</summary>
[SupportedOSPlatform("linux")]
public class RescueScriptTests
{
    [Fact]
    public async Task Db_start_works_from_a_folder_closed_to_other_users_and_db_stop_stops_it()
    {
        var clone = Directory.CreateTempSubdirectory("rescue-700-").FullName;
        File.SetUnixFileMode(clone, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = Path.Combine(clone, "rescue");
        File.Copy(Path.Combine(AppProcess.RepositoryRoot(), "rescue"), script);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var port = FreePort();
        var data = Path.Combine(clone, ".data");
        string? cluster = null;
        try
        {
            var (started, startOutput) = await RunAsync(clone, port, "db", "start");
            Assert.True(started == 0, startOutput);
            cluster = ClusterOf(data);

            await using (var connection = new NpgsqlConnection(
                $"Host=127.0.0.1;Port={port};Database=rescue;Username=rescue;Password={File.ReadAllText(Path.Combine(data, "postgres-password"))};Pooling=false"))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_database()", connection);
                Assert.Equal("rescue", await command.ExecuteScalarAsync());
            }
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "postgres-password")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cluster));
            if (Environment.IsPrivilegedProcess)
            {
                // The 'postgres' user cannot enter the clone: the cluster is kept where it can, and the clone links to it.
                Assert.StartsWith("/var/lib/rescue/", cluster);
                Assert.Contains(cluster, startOutput);
            }
            else
            {
                Assert.Equal(Path.Combine(data, "postgres"), cluster);
            }

            var (stopped, stopOutput) = await RunAsync(clone, port, "db", "stop");
            Assert.True(stopped == 0, stopOutput);
            Assert.False(File.Exists(Path.Combine(cluster, "postmaster.pid")), stopOutput);
        }
        finally
        {
            cluster ??= ClusterOf(data);
            if (File.Exists(Path.Combine(cluster, "postmaster.pid"))) await RunAsync(clone, port, "db", "stop");
            // The folder under /var/lib/rescue belongs to this throwaway clone alone.
            if (cluster.StartsWith("/var/lib/rescue/", StringComparison.Ordinal)) Directory.Delete(Path.GetDirectoryName(cluster)!, recursive: true);
            Directory.Delete(clone, recursive: true);
        }
    }

    /// <summary>The cluster's folder: where .data/postgres links to, or that folder itself.</summary>
    private static string ClusterOf(string data) => new FileInfo(Path.Combine(data, "postgres")).LinkTarget ?? Path.Combine(data, "postgres");

    private static async Task<(int ExitCode, string Output)> RunAsync(string clone, int port, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(clone, "rescue")) { WorkingDirectory = clone, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["RESCUE_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment.Remove("RESCUE_DATA_DIR");
        start.Environment.Remove("ConnectionStrings__Rescue");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
