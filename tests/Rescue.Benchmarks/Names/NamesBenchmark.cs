using System.Diagnostics;
using System.Text.Json.Nodes;
using Rescue.Search.Names;

namespace Rescue.Benchmarks.Names;

/// <summary>Chinese name comparisons per second: parsing (ICU pinyin and folding) and comparing parsed names.</summary>
internal sealed class NamesBenchmark : IBenchmark
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢单仇";
    private const string GivenCharacters = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国德文辉力林波宁福贵荣斌峰海";

    public string Name => "names";

    public string Description => "Chinese name comparisons per second, one thread: parsed names, and names as text [--pairs N]";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var pairs = args.Length >= 2 && args[0] == "--pairs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var random = new Random(2604);
        // Notices' names and the names people in the station gave: some the same, some homophones,
        // nicknames, traditional forms or unrelated, as the population generator will make them.
        var names = Enumerable.Range(0, 20_000).Select(_ => RandomName(random)).Distinct().ToArray();
        var told = names.Select(n => Noisy(n, random)).ToArray();

        // Warm up the JIT and ICU's per-character readings on other names, so the figure is the steady state.
        foreach (var name in Enumerable.Range(0, 5_000).Select(_ => RandomName(random) + "·" + RandomName(random))) ChineseName.Parse(name);
        // CPU time beside wall time: other processes taking the two cores move the second, not the first.
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var parsed = names.Select(ChineseName.Parse).ToArray();
        var parsedTold = told.Select(ChineseName.Parse).ToArray();
        clock.Stop();
        var parses = parsed.Length + parsedTold.Length;
        var parsesPerSecond = parses / clock.Elapsed.TotalSeconds;
        var cpuPerParse = CpuSince(ref cpu) / parses;
        Console.Error.WriteLine($"{parsed.Length + parsedTold.Length} names parsed in {clock.Elapsed.TotalSeconds:F2} s with {Pinyin.Source}");

        var levels = new int[Enum.GetValues<NameLevel>().Length];
        for (var i = 0; i < 10_000; i++) NameComparer.Compare(parsed[i % parsed.Length], parsedTold[(i * 7) % parsedTold.Length]);
        CpuSince(ref cpu);
        clock.Restart();
        for (var i = 0; i < pairs; i++)
            levels[(int)NameComparer.Compare(parsed[i % parsed.Length], parsedTold[(i * 7 + i / parsed.Length) % parsedTold.Length]).Level]++;
        clock.Stop();
        var parsedPerSecond = pairs / clock.Elapsed.TotalSeconds;
        var cpuPerParsedComparison = CpuSince(ref cpu) / pairs;

        // As text, each name parsed again through the cache that Parse keeps (names repeat: 张伟 is common).
        clock.Restart();
        for (var i = 0; i < pairs; i++) NameComparer.Compare(names[i % names.Length], told[(i * 7 + i / names.Length) % told.Length]);
        clock.Stop();
        var textPerSecond = pairs / clock.Elapsed.TotalSeconds;
        var cpuPerTextComparison = CpuSince(ref cpu) / pairs;

        var sameNameLevels = new int[levels.Length];
        for (var i = 0; i < parsed.Length; i++) sameNameLevels[(int)NameComparer.Compare(parsed[i], parsedTold[i]).Level]++;

        return Task.FromResult(new JsonObject
        {
            ["names"] = parsed.Length,
            ["pairs"] = pairs,
            ["threads"] = 1,
            ["parses_per_second"] = Math.Round(parsesPerSecond),
            ["comparisons_per_second_parsed"] = Math.Round(parsedPerSecond),
            ["comparisons_per_second_text"] = Math.Round(textPerSecond),
            ["cpu_us_per_parse"] = Math.Round(cpuPerParse, 2),
            ["cpu_us_per_comparison_parsed"] = Math.Round(cpuPerParsedComparison, 3),
            ["cpu_us_per_comparison_text"] = Math.Round(cpuPerTextComparison, 3),
            ["levels_of_noisy_same_names"] = Levels(sameNameLevels),
            ["levels_of_random_pairs"] = Levels(levels),
            ["icu"] = Pinyin.Source,
        });
    }

    /// <summary>Microseconds of this process's CPU time since the last call.</summary>
    private static double CpuSince(ref TimeSpan before)
    {
        var process = Process.GetCurrentProcess();
        var now = process.TotalProcessorTime;
        var spent = (now - before).TotalMicroseconds;
        before = now;
        return spent;
    }

    private static JsonObject Levels(int[] counts)
    {
        var result = new JsonObject();
        foreach (var level in Enum.GetValues<NameLevel>()) result[level.ToString()] = counts[(int)level];
        return result;
    }

    private static string RandomName(Random random)
    {
        var surname = random.Next(20) == 0 ? "欧阳" : Surnames[random.Next(Surnames.Length)].ToString();
        var given = string.Concat(Enumerable.Range(0, random.Next(1, 3)).Select(_ => GivenCharacters[random.Next(GivenCharacters.Length)]));
        return surname + given;
    }

    /// <summary>The name as someone else might tell it.</summary>
    private static string Noisy(string name, Random random) => random.Next(6) switch
    {
        0 => name,
        1 => "小" + name[^1],
        2 => name[..^1] + "华",
        3 => name[^1] + "娃",
        4 => name.Replace('刘', '劉').Replace('华', '華').Replace('张', '章'),
        _ => RandomName(random),
    };
}
