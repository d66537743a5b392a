using System.Text.Json;
using Rescue.Benchmarks;

IBenchmark[] benchmarks =
[
    new Rescue.Benchmarks.Faces.FacesBenchmark(),
    new Rescue.Benchmarks.Intake.IntakeBenchmark(),
    new Rescue.Benchmarks.Import.ImportBenchmark(),
    new Rescue.Benchmarks.Places.PlacesBenchmark(),
    new Rescue.Benchmarks.Names.NamesBenchmark(),
    new Rescue.Benchmarks.MatchIndex.MatchIndexBenchmark(),
    new Rescue.Benchmarks.Match.MatchBenchmark(),
    new Rescue.Benchmarks.Scoring.ScoringBenchmark(),
    new Rescue.Benchmarks.Matching.MatchEvalBenchmark(),
    new Rescue.Benchmarks.Ranking.ReRankBenchmark(),
    new Rescue.Benchmarks.Board.BoardBenchmark(),
    new Rescue.Benchmarks.Forms.FormsBenchmark(),
    new Rescue.Benchmarks.Crash.CrashBenchmark(),
    new Rescue.Benchmarks.Load.LoadBenchmark(),
    new Rescue.Benchmarks.Fuzz.FuzzBenchmark(),
];

var benchmark = args.Length > 0 ? benchmarks.FirstOrDefault(b => b.Name == args[0]) : null;
if (benchmark is null)
{
    Console.Error.WriteLine("usage: rescue bench NAME");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name}  {b.Description}");
    return 2;
}

var result = await benchmark.RunAsync(args[1..], CancellationToken.None);
result["benchmark"] = benchmark.Name;
result["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}";
result["cpu"] = BenchmarkMachine.CpuModel();
// The last line is the machine-readable result; everything before it is progress for people.
Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
return 0;
