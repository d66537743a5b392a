using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rescue.Web.Data;
using Rescue.Web.Hosting;

namespace Rescue.Cli;

/// <summary>The app's services on the configured database (ConnectionStrings__Rescue), brought to the current schema.</summary>
internal static class CliHost
{
    public static Task<IHost> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(new Dictionary<string, string?>(), _ => { }, cancellationToken);

    /// <summary>
    /// The same, with <paramref name="settings"/> over the environment's (another database, another data folder) and
    /// services registered after the app's, which take their place (a clock).
    /// </summary>
    public static async Task<IHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> replace, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRescueCore(builder.Configuration);
        replace(builder.Services);
        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync(cancellationToken);
        return host;
    }

    /// <summary>The configured connection string, as the host reads it; null when none is set.</summary>
    public static string? ConnectionString() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
}
