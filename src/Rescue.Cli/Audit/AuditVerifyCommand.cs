using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;

namespace Rescue.Cli.Audit;

/// <summary>Walks the audit chain: "chain intact: N entries, last #S at TIME" (exit 0), or the first broken entry (exit 1).</summary>
internal sealed class AuditVerifyCommand : ICliCommand
{
    public string Group => "audit";

    public string Verb => "verify";

    public string Usage => "(needs the data folder's keys: Rescue__DataDirectory)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        if (options.Positional.Count > 0) throw new CliUsageException($"unexpected '{options.Positional[0]}'");

        using var host = await CliHost.StartAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var report = await scope.ServiceProvider.GetRequiredService<AuditChain>()
            .VerifyAsync((NpgsqlConnection)db.Database.GetDbConnection(), cancellationToken);
        Console.WriteLine(report.Describe());
        return report.Intact ? 0 : 1;
    }
}
