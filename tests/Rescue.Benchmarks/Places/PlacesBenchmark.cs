using System.Diagnostics;
using System.Text.Json.Nodes;
using Rescue.Search.Places;

namespace Rescue.Benchmarks.Places;

/// <summary>
/// How fast free text resolves to a division, the step every notice and admission takes for each place field:
/// the divisions' load time, then every county written four ways (full, without suffixes, with its province only,
/// with extra words after it) resolved one at a time.
/// </summary>
internal sealed class PlacesBenchmark : IBenchmark
{
    public string Name => "places";

    public string Description => "resolve free-text places to divisions: load time, p50/p95 per text, accuracy";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var load = Stopwatch.StartNew();
        var divisions = Divisions.Shared;
        var dialects = Dialects.Shared;
        var loadMs = load.Elapsed.TotalMilliseconds;

        var texts = new List<(string Text, Division Expected)>();
        foreach (var county in divisions.All.Where(d => d.Level == DivisionLevel.County))
        {
            var shortNames = string.Concat(Chain(county).Select(d => Divisions.ShortNames(d).FirstOrDefault(s => s.Length >= 2) ?? d.Name));
            texts.Add((county.FullName, county));
            texts.Add((shortNames, county));
            texts.Add((county.Province.Name + county.Name, county));
            texts.Add((county.FullName + "某某镇某某村", county));
        }

        // Warm up, then time each text alone as the matching feature calls it.
        foreach (var (text, _) in texts.Take(500)) divisions.Resolve(text);
        var times = new double[texts.Count];
        var resolvedRight = 0;
        var ambiguous = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var place = divisions.Resolve(texts[i].Text);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (place.Division == texts[i].Expected) resolvedRight++;
            else if (place.Resolution == PlaceResolution.Ambiguous) ambiguous++;
        }
        Array.Sort(times);

        return Task.FromResult(new JsonObject
        {
            ["divisions"] = divisions.All.Count,
            ["dialects"] = dialects.All.Count,
            ["load_ms"] = Math.Round(loadMs, 1),
            ["texts"] = texts.Count,
            ["p50_us"] = Math.Round(times[times.Length / 2], 1),
            ["p95_us"] = Math.Round(times[(int)(times.Length * 0.95)], 1),
            ["resolved_right"] = Math.Round((double)resolvedRight / texts.Count, 4),
            ["ambiguous"] = ambiguous,
            ["wrong"] = texts.Count - resolvedRight - ambiguous,
        });
    }

    private static IEnumerable<Division> Chain(Division d) => d.Parent is null ? [d] : Chain(d.Parent).Append(d);
}
