using System.Text.Json.Nodes;

namespace Rescue.Benchmarks;

/// <summary>A named measurement run by <c>./rescue bench NAME</c>; its result is one JSON object.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken);
}

/// <summary>What every result says about the machine it was measured on.</summary>
internal static class BenchmarkMachine
{
    /// <summary>
    /// The processor's name from /proc/cpuinfo ("model name"): figures differ several times between CPU
    /// families (denormal floats cost 8× on some Xeons), so a figure without it cannot be compared.
    /// </summary>
    public static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return "unknown";
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim() is { Length: > 0 } model ? model : "unknown";
    }
}
