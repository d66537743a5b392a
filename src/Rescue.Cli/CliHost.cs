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
    public static async Task<IHost> StartAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRescueCore(builder.Configuration);
        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync(cancellationToken);
        return host;
    }
}
