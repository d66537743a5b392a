using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rescue.Web.Features.Audit;

namespace Rescue.Web.Data;

/// <summary>Registers the database; the same call serves the web app and the command-line tool.</summary>
public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Rescue";

    public static IServiceCollection AddRescueData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{ConnectionStringName} (environment variable " +
                $"ConnectionStrings__{ConnectionStringName}), or start the app with ./rescue run.");
        }
        services.AddSingleton<AuditChain>();
        services.AddSingleton<AuditChainWriter>();
        services.AddDbContext<RescueDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__migrations"))
            .AddInterceptors(services.GetRequiredService<AuditChainWriter>()));
        services.AddScoped<DemoData>();
        return services;
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a database or the host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RescueDbContext>
{
    public RescueDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RescueDbContext>()
            .UseNpgsql("Host=localhost;Database=rescue_design", npgsql => npgsql.MigrationsHistoryTable("__migrations"))
            .Options);
}
