using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Rescue.Testing.Fuzzing;

/// <summary>How a fuzz run goes: how many inputs, from which seed, the time one may take, and how often the storing path runs.</summary>
/// <param name="StoreEvery">Every this-many-th input also goes through the storing path (0: never).</param>
/// <param name="FindingsFolder">Where a crashing or hanging input is written, to become a test case.</param>
/// <param name="First">The index of the first input: a run can start where another stopped, and make the same inputs.</param>
public sealed record FuzzOptions(int Inputs, int Seed, TimeSpan Limit, int StoreEvery, string? FindingsFolder = null, long First = 0)
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(2);
}

/// <summary>A crash or a hang: the input (index, format, mutation), what happened, and where the input was written.</summary>
public sealed record FuzzFinding(long Index, FuzzFormat Format, string Mutation, string Stage, string What, string? File);

/// <summary>What one format's inputs came to.</summary>
public sealed class FuzzCounts
{
    public int Inputs { get; set; }
    public int Refused { get; set; }
    public int Accepted { get; set; }
    public int Crashes { get; set; }
    public int Hangs { get; set; }
    public double SlowestMs { get; set; }
}

/// <summary>The figures of a run; <see cref="ToJson"/> is what <c>./rescue bench fuzz</c> prints.</summary>
public sealed class FuzzReport
{
    public required FuzzOptions Options { get; init; }
    public Dictionary<FuzzFormat, FuzzCounts> ByFormat { get; } = Enum.GetValues<FuzzFormat>().ToDictionary(f => f, _ => new FuzzCounts());
    public List<FuzzFinding> Findings { get; } = [];
    public int Inputs => ByFormat.Values.Sum(c => c.Inputs);
    public int Refused => ByFormat.Values.Sum(c => c.Refused);
    public int Accepted => ByFormat.Values.Sum(c => c.Accepted);
    public int Crashes => ByFormat.Values.Sum(c => c.Crashes);
    public int Hangs => ByFormat.Values.Sum(c => c.Hangs);
    public int StoreChecked { get; set; }
    public int StoreRefusedChecked { get; set; }
    public int StoredFromRefused { get; set; }
    public int StoreTimeouts { get; set; }
    public double MaxMemoryMb { get; set; }
    public double MaxManagedHeapMb { get; set; }
    public double Seconds { get; set; }
    public double MakeSeconds { get; set; }
    public double CheckSeconds { get; set; }
    public double StoreSeconds { get; set; }

    public JsonObject ToJson()
    {
        var formats = new JsonObject();
        foreach (var (format, c) in ByFormat)
        {
            formats[format.ToString().ToLowerInvariant()] = new JsonObject
            {
                ["inputs"] = c.Inputs, ["refused"] = c.Refused, ["accepted"] = c.Accepted,
                ["crashes"] = c.Crashes, ["hangs"] = c.Hangs, ["slowest_ms"] = Math.Round(c.SlowestMs, 1),
            };
        }
        return new JsonObject
        {
            ["inputs"] = Inputs,
            ["refused"] = Refused,
            ["accepted"] = Accepted,
            ["crashes"] = Crashes,
            ["hangs"] = Hangs,
            ["hang_limit_seconds"] = Options.Limit.TotalSeconds,
            ["stored_from_refused"] = StoredFromRefused,
            ["store_checked"] = StoreChecked,
            ["store_checked_refused"] = StoreRefusedChecked,
            ["store_every"] = Options.StoreEvery,
            ["store_note"] = $"every {Options.StoreEvery}th input also went through the storing path (PhotoStore.AcceptAsync into a throwaway folder, NoticeImporter into a throwaway database); stored_from_refused counts files, notices, notes, changes and import runs stored from the refused ones",
            ["store_timeouts"] = StoreTimeouts,
            ["max_memory_mb"] = Math.Round(MaxMemoryMb),
            ["max_managed_heap_mb"] = Math.Round(MaxManagedHeapMb),
            ["formats"] = formats,
            ["findings"] = new JsonArray(Findings.Take(20).Select(f => (JsonNode)new JsonObject
            {
                ["index"] = f.Index, ["format"] = f.Format.ToString().ToLowerInvariant(), ["mutation"] = f.Mutation,
                ["stage"] = f.Stage, ["what"] = f.What, ["file"] = f.File,
            }).ToArray()),
            ["seed"] = Options.Seed,
            ["first_index"] = Options.First,
            ["seconds"] = Math.Round(Seconds, 1),
            ["seconds_making"] = Math.Round(MakeSeconds, 1),
            ["seconds_checking"] = Math.Round(CheckSeconds, 1),
            ["seconds_storing"] = Math.Round(StoreSeconds, 1),
            ["inputs_per_second"] = Math.Round(Inputs / Math.Max(Seconds, 0.001), 1),
        };
    }
}

/// <summary>
/// Makes seeded mutations of the corpus and feeds each through <see cref="FuzzTargets"/> on a worker, timing it: one
/// over the limit is a hang and the run goes on without it. Every <see cref="FuzzOptions.StoreEvery"/>th input then
/// goes through <see cref="FuzzStorage"/>. The input at index i of seed s is always the same, so a finding is made
/// again with <see cref="Make"/>.
/// </summary>
public sealed class FuzzRun(FuzzCorpus corpus, FuzzTargets targets, FuzzStorage? storage, FuzzOptions options)
{
    private static readonly TimeSpan StoreLimit = TimeSpan.FromSeconds(60);

    public async Task<FuzzReport> RunAsync(IProgress<string>? progress, CancellationToken ct)
    {
        var report = new FuzzReport { Options = options };
        // The unmutated inputs first, uncounted: the first decode of each format pays for loading code.
        foreach (var (format, seeds) in corpus.Seeds)
        {
            foreach (var seed in seeds) await targets.FeedAsync(new FuzzInput(-1, format, "none", seed), ct);
        }
        var clock = Stopwatch.StartNew();
        for (var index = options.First; index < options.First + options.Inputs; index++)
        {
            ct.ThrowIfCancellationRequested();
            var made = clock.Elapsed;
            var input = Make(index);
            report.MakeSeconds += (clock.Elapsed - made).TotalSeconds;
            var counts = report.ByFormat[input.Format];
            counts.Inputs++;
            var (outcome, elapsed, failure) = await WithinLimitAsync(c => targets.FeedAsync(input, c), options.Limit, ct);
            counts.SlowestMs = Math.Max(counts.SlowestMs, elapsed.TotalMilliseconds);
            report.CheckSeconds += elapsed.TotalSeconds;
            if (failure is not null)
            {
                if (failure is TimeoutException) counts.Hangs++;
                else counts.Crashes++;
                report.Findings.Add(Finding(input, "check", failure));
            }
            else if (outcome == FuzzOutcome.Accepted) counts.Accepted++;
            else counts.Refused++;

            if (failure is null && storage is not null && options.StoreEvery > 0 && index % options.StoreEvery == 0)
            {
                report.StoreChecked++;
                if (outcome == FuzzOutcome.Refused) report.StoreRefusedChecked++;
                var (stored, storing, storeFailure) = await WithinLimitAsync(c => storage.StoreAsync(input, outcome, c), StoreLimit, ct);
                report.StoreSeconds += storing.TotalSeconds;
                report.StoredFromRefused += stored;
                if (stored > 0) report.Findings.Add(Finding(input, "store", new InvalidOperationException($"{stored} stored from a refused input")));
                if (storeFailure is TimeoutException) report.StoreTimeouts++;
                else if (storeFailure is not null)
                {
                    counts.Crashes++;
                    report.Findings.Add(Finding(input, "store", storeFailure));
                }
            }

            report.MaxManagedHeapMb = Math.Max(report.MaxManagedHeapMb, GC.GetTotalMemory(false) / 1048576.0);
            if ((index + 1) % 1000 == 0)
            {
                progress?.Report($"{index + 1 - options.First} inputs (to index {index}), {report.Refused} refused, {report.Accepted} accepted, {report.Crashes} crashes, {report.Hangs} hangs, {(index + 1 - options.First) / clock.Elapsed.TotalSeconds:F0}/s");
            }
        }
        report.Seconds = clock.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        report.MaxMemoryMb = process.PeakWorkingSet64 / 1048576.0;
        return report;
    }

    /// <summary>The input at <paramref name="index"/> of this run's seed.</summary>
    public FuzzInput Make(long index)
    {
        var random = new Random(unchecked(options.Seed * 1_000_003 + (int)index));
        var roll = random.Next(100);
        var format = roll switch
        {
            < 30 => FuzzFormat.Jpeg,
            < 55 => FuzzFormat.Png,
            < 70 => FuzzFormat.Pfif,
            < 85 => FuzzFormat.Csv,
            _ => FuzzFormat.Xlsx,
        };
        var seeds = corpus.Seeds[format];
        var bytes = seeds[random.Next(seeds.Count)];
        var names = new List<string>();
        // One mutation most often; now and then two on top of each other.
        for (var times = random.Next(10) == 0 ? 2 : 1; times > 0; times--)
        {
            string name;
            try
            {
                bytes = format switch
                {
                    FuzzFormat.Jpeg => ImageMutations.Jpeg(random, bytes, out name),
                    FuzzFormat.Png => ImageMutations.Png(random, bytes, out name),
                    FuzzFormat.Pfif => DocumentMutations.Pfif(random, bytes, out name),
                    FuzzFormat.Csv => DocumentMutations.Csv(random, bytes, out name),
                    _ => DocumentMutations.Xlsx(random, bytes, out name),
                };
            }
            catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
            {
                // The format's structure is already gone (a second mutation of a cut file): only its bytes can change.
                bytes = ByteMutations.Any(random, bytes, out name);
            }
            names.Add(name);
        }
        return new FuzzInput(index, format, string.Join("+", names), bytes);
    }

    /// <summary>Runs <paramref name="work"/> on a worker; past <paramref name="limit"/> it is cancelled and left behind as a hang (a <see cref="TimeoutException"/>).</summary>
    public static async Task<(T Result, TimeSpan Elapsed, Exception? Failure)> WithinLimitAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan limit, CancellationToken ct)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = Stopwatch.StartNew();
        var task = Task.Run(() => work(cancel.Token), CancellationToken.None);
        if (await Task.WhenAny(task, Task.Delay(limit, ct)) != task)
        {
            cancel.Cancel();
            _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return (default!, clock.Elapsed, new TimeoutException($"still running after {limit.TotalSeconds:F0} s"));
        }
        try
        {
            return (await task, clock.Elapsed, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (default!, clock.Elapsed, e);
        }
    }

    private FuzzFinding Finding(FuzzInput input, string stage, Exception failure)
    {
        string? file = null;
        if (options.FindingsFolder is { } folder)
        {
            Directory.CreateDirectory(folder);
            file = Path.Combine(folder, $"{input.Format.ToString().ToLowerInvariant()}-{options.Seed}-{input.Index}.{Extension(input.Format)}");
            File.WriteAllBytes(file, input.Bytes);
        }
        var what = $"{failure.GetType().Name}: {failure.Message}";
        var frame = failure.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
        return new FuzzFinding(input.Index, input.Format, input.Mutation, stage, frame is null ? what : $"{what} {frame}", file);
    }

    private static string Extension(FuzzFormat format) => format switch
    {
        FuzzFormat.Jpeg => "jpg",
        FuzzFormat.Pfif => "xml",
        _ => format.ToString().ToLowerInvariant(),
    };
}
