using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Settlement;

/// <summary>
/// Settlement (落户安置) of people still unidentified after the settlement period: the eligibility check, the steps from
/// the application to the enrolments (<see cref="Settlements"/>), and their documents.
/// </summary>
public static class SettlementFeature
{
    public static IServiceCollection AddSettlement(this IServiceCollection services)
    {
        services.AddSingleton<SettlementDocuments>();
        services.AddScoped<SettlementEligibility>();
        services.AddScoped<Settlements>();
        return services;
    }

    public static IEndpointRouteBuilder MapSettlement(this IEndpointRouteBuilder app) => app.MapSettlementApi();

    /// <summary>Removes document files no step names (a crash between the write and the commit); call at start, before uploads are taken.</summary>
    public static async Task RemoveOrphanSettlementDocumentsAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var known = (await db.SettlementSteps.AsNoTracking().Where(s => s.DocumentSha256 != null).Select(s => s.DocumentSha256!).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var removed = await scope.ServiceProvider.GetRequiredService<SettlementDocuments>().RemoveOrphansAsync(known, ct);
        if (removed > 0)
        {
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SettlementFeature))
                .LogInformation("Removed {Count} settlement documents that no step names", removed);
        }
    }
}
