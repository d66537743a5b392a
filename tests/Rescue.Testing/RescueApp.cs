using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rescue.Web.Hosting;
using Xunit;

namespace Rescue.Testing;

/// <summary>
/// The real app on its own fresh database of the test PostgreSQL: use as a class fixture.
/// Every database is copied from a template that is migrated and seeded with the demo data once.
/// </summary>
public class RescueApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool s_templateReady;
    private const string Template = "rescue_template";

    private PostgresServer _server = null!;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rescue-test-" + Guid.NewGuid().ToString("N")[..10]);
    private string _database = "";

    public string ConnectionString { get; private set; } = "";

    public string DataDirectory => _dataDirectory;

    /// <summary>The app's one clock: a test moves it to reach a deadline, an expiry or a week later.</summary>
    public TestClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        await EnsureTemplateAsync(_server);
        _database = "rescue_" + Guid.NewGuid().ToString("N")[..12];
        await _server.ExecuteAsync($"CREATE DATABASE {_database} TEMPLATE {Template}");
        ConnectionString = _server.ConnectionString(_database);
        Directory.CreateDirectory(_dataDirectory);
        // A copy of the database goes with its keys, and the key ring with the certificate that opens it: the
        // template's audit entries are signed, and its sealed fields encrypted, with the template's.
        CopyFolder(SecretKeys.FolderOf(TemplateDataDirectory), SecretKeys.FolderOf(_dataDirectory));
        var certificate = KeyRingProtection.GeneratedCertificatePath(TemplateDataDirectory);
        if (File.Exists(certificate)) File.Copy(certificate, KeyRingProtection.GeneratedCertificatePath(_dataDirectory));
    }

    /// <summary>The template's data directory: one per test process, as the template database is (a server per process).</summary>
    private static readonly string TemplateDataDirectory = Path.Combine(Path.GetTempPath(), $"rescue-template-{Environment.ProcessId}-{Guid.NewGuid():N}");

    private static void CopyFolder(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Serves the app on a real loopback port (for the browser) and returns its address.</summary>
    /// <summary>Where the Kestrel server listens, once <see cref="StartOnKestrel"/> has started it.</summary>
    public string? KestrelAddress => _kestrelAddress;

    public string StartOnKestrel()
    {
        lock (_startLock)
        {
            if (_kestrelAddress is not null) return _kestrelAddress;
            UseKestrel(0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            return _kestrelAddress = addresses.Addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1");
        }
    }

    private readonly Lock _startLock = new();
    private string? _kestrelAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the app only serves published assets; tests run from the build output.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Rescue", ConnectionString);
        builder.UseSetting("Rescue:DataDirectory", _dataDirectory);
        builder.UseSetting("Rescue:SeedDemoData", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Every test client comes from one address: the public forms' limits are tested on their own (with their own addresses).
        builder.UseSetting("Rescue:PublicNotices:PermitsPerWindow", "10000");
        builder.UseSetting("Rescue:Tips:PerAddress", "10000");
        builder.UseSetting("Rescue:Tips:PerAnnouncement", "10000");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static async Task EnsureTemplateAsync(PostgresServer server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (s_templateReady) return;
            await server.ExecuteAsync($"CREATE DATABASE {Template}");
            // Starting the app once migrates and seeds the template.
            await using (var app = new TemplateBuilder(server.ConnectionString(Template)))
            {
                _ = app.Services;
            }
            NpgsqlConnection.ClearAllPools();
            s_templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private sealed class TemplateBuilder(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Rescue", connectionString);
            builder.UseSetting("Rescue:DataDirectory", TemplateDataDirectory);
            builder.UseSetting("Rescue:SeedDemoData", "true");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        }
    }
}
