using System.Text.Json.Nodes;

namespace Rescue.Benchmarks;

/// <summary>A named measurement run by <c>./rescue bench NAME</c>; its result is one JSON object.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken);
}
