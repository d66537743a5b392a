using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Rescue.Search.Places;
using Rescue.Search.Scoring;

namespace Rescue.Benchmarks.Scoring;

/// <summary>
/// Explained match scores per second on one thread: generated notices against generated people (names, places,
/// dialects, ages, marks, disabilities, a face cosine), every pair scored with all its parts and sentences.
/// </summary>
internal sealed class ScoringBenchmark : IBenchmark
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢";
    private const string GivenCharacters = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国德文辉力林波宁福贵荣斌峰海";
    private static readonly string[] Dialects = ["湖南话", "四川话", "粤语", "闽南话", "东北口音", "河南话", "山东话", "普通话", ""];
    private static readonly (string Location, string Kind)[] Marks = [("左臂", "疤痕"), ("右手臂", "胎记"), ("额头", "伤疤"), ("后背", "纹身"), ("左脸", "痣")];

    public string Name => "scoring";

    public string Description => "explained match scores per second, one thread [--notices N --people M]";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var noticeCount = Option(args, "--notices", 400);
        var peopleCount = Option(args, "--people", 500);
        var random = new Random(2606);
        var counties = Divisions.Shared.All.Where(d => d.Level == DivisionLevel.County).ToArray();
        var notices = Enumerable.Range(0, noticeCount).Select(_ => Notice(random, counties)).ToArray();
        var people = Enumerable.Range(0, peopleCount).Select(_ => Person(random, counties)).ToArray();
        var scorer = MatchScorer.Default;

        // The first pass fills the name and place caches, as a running station's would be.
        var warm = Stopwatch.StartNew();
        foreach (var notice in notices.Take(20)) foreach (var person in people) scorer.Score(notice, person, Face(random));
        var warmMs = warm.Elapsed.TotalMilliseconds;

        var faces = Enumerable.Range(0, 1024).Select(_ => Face(random)).ToArray();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long pairs = 0, excluded = 0;
        var total = 0.0;
        foreach (var notice in notices)
        {
            foreach (var person in people)
            {
                var score = scorer.Score(notice, person, faces[pairs & 1023]);
                total += score.Total;
                if (score.IsExcluded) excluded++;
                pairs++;
            }
        }
        clock.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;

        return Task.FromResult(new JsonObject
        {
            ["pairs"] = pairs,
            ["scores_per_second"] = Math.Round(pairs / clock.Elapsed.TotalSeconds),
            ["us_per_score"] = Math.Round(clock.Elapsed.TotalMicroseconds / pairs, 2),
            ["cpu_us_per_score"] = Math.Round(cpuSeconds * 1e6 / pairs, 2),
            ["excluded_share"] = Math.Round((double)excluded / pairs, 3),
            ["mean_total"] = Math.Round(total / pairs, 1),
            ["first_pass_ms"] = Math.Round(warmMs, 1),
        });
    }

    private static NoticeSide Notice(Random random, Division[] counties)
    {
        var hometown = counties[random.Next(counties.Length)];
        var lastSeen = new DateOnly(1995 + random.Next(29), 1 + random.Next(12), 1 + random.Next(28));
        return new NoticeSide
        {
            Name = RandomName(random),
            OtherNames = random.Next(3) == 0 ? ["小" + GivenCharacters[random.Next(GivenCharacters.Length)]] : [],
            Sex = (RecordedSex)random.Next(1, 3),
            AgeAtDisappearance = random.Next(2, 70),
            LastSeenOn = lastSeen,
            LastSeenPlace = random.Next(2) == 0 ? hometown.FullName : hometown.Province.Name + hometown.Name,
            Hometown = random.Next(3) == 0 ? null : hometown.FullName,
            HeightCm = random.Next(2) == 0 ? random.Next(100, 185) : null,
            Marks = random.Next(3) == 0 ? [Mark(random)] : [],
            Disabilities = random.Next(5) == 0 ? DisabilityFlags.Intellectual : DisabilityFlags.None,
        };
    }

    private static PersonSide Person(Random random, Division[] counties)
    {
        var hukou = counties[random.Next(counties.Length)];
        var min = random.Next(10, 75);
        var found = new DateOnly(2024, 1 + random.Next(12), 1 + random.Next(28));
        return new PersonSide
        {
            Name = random.Next(3) == 0 ? null : RandomName(random),
            Sex = (RecordedSex)random.Next(0, 3),
            EstimatedAgeMin = min,
            EstimatedAgeMax = min + random.Next(2, 11),
            AgeEstimatedOn = found,
            FoundOn = found,
            FoundPlace = counties[random.Next(counties.Length)].FullName,
            HukouPlace = random.Next(3) == 0 ? null : random.Next(2) == 0 ? hukou.Parent!.Name : hukou.Name,
            Dialect = Dialects[random.Next(Dialects.Length)],
            HeightCm = random.Next(140, 190),
            Marks = random.Next(2) == 0 ? [Mark(random)] : [],
            ObservedDisabilities = random.Next(6) == 0 ? DisabilityFlags.Intellectual | DisabilityFlags.Speech : DisabilityFlags.None,
        };
    }

    private static FaceComparison Face(Random random) => new(random.NextDouble() * 0.8 - 0.2, NoticePhotoYear: 1990 + random.Next(34));

    private static BodyMark Mark(Random random)
    {
        var (location, kind) = Marks[random.Next(Marks.Length)];
        return new BodyMark(location, kind);
    }

    private static string RandomName(Random random) =>
        $"{Surnames[random.Next(Surnames.Length)]}{GivenCharacters[random.Next(GivenCharacters.Length)]}"
        + (random.Next(3) > 0 ? GivenCharacters[random.Next(GivenCharacters.Length)].ToString() : "");

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
