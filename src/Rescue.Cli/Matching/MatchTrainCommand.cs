using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;

namespace Rescue.Cli.Matching;

/// <summary>
/// Trains the learning re-ranker on the case officers' confirmed and rejected candidates and switches it on only when
/// it ranks the held-out decisions better than the rule total; the last line printed is one JSON object.
/// </summary>
internal sealed class MatchTrainCommand : ICliCommand
{
    public string Group => "match";

    public string Verb => "train";

    public string Usage => "(reads the decisions from the database; the model is kept under the data folder, rerank/)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var models = scope.ServiceProvider.GetRequiredService<ReRankerModels>();
        var result = await models.TrainAsync(db, cancellationToken);
        Console.WriteLine(result.ToString());
        Console.WriteLine(new JsonObject
        {
            ["examples"] = result.Examples,
            ["confirmed"] = result.Positives,
            ["train"] = result.Train,
            ["held_out"] = result.HeldOut,
            ["held_out_confirmed"] = result.HeldOutPositives,
            ["model_auc"] = result.ModelAuc,
            ["rule_auc"] = result.RuleAuc,
            ["switched_on"] = result.SwitchOn,
            ["version"] = result.Model?.Version,
            ["refused"] = result.Refused,
        }.ToJsonString());
        return result.Refused is null ? 0 : 1;
    }
}
