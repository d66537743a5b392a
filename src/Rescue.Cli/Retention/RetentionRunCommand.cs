using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rescue.Web.Features.Retention;

namespace Rescue.Cli.Retention;

/// <summary>
/// De-identifies now the stays whose retention has passed, as the app's daily run would, and prints what it removed
/// as JSON (every stay also gets its audit entry): for an administrator who must show a purge was done.
/// </summary>
internal sealed class RetentionRunCommand : ICliCommand
{
    public string Group => "retention";

    public string Verb => "run";

    public string Usage => "  (de-identifies the stays that ended Rescue:Retention:DeidentifyAfterYears ago; prints what was removed)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        if (options.Positional.Count > 0) throw new CliUsageException($"unexpected '{options.Positional[0]}'");
        using var host = await CliHost.StartAsync(cancellationToken);
        var result = await host.Services.GetRequiredService<Deidentification>().RunAsync(cancellationToken);
        var years = host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.DeidentifyAfterYears;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            years,
            stays = result.Stays,
            photos = result.Photos,
            faceSignatures = result.FaceSignatures,
            documents = result.Documents,
        }));
        return 0;
    }
}
