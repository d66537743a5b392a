using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

public class RankingTests
{
    private static readonly string[] Names = ["张伟", "张卫", "王芳", "李强", "刘洋", "陈杰", "杨帆", "赵磊", "黄勇", "周涛", "吴斌", "徐明", "孙浩", "马超", "朱军", "胡斌", "郭亮", "何平", "高峰", "林涛"];

    private static readonly (string Place, string Dialect)[] Places =
    [
        ("湖南长沙", "湖南话"), ("湖南常德", "湖南话"), ("四川成都", "四川话"), ("广东广州", "粤语"), ("河南周口", "河南话"),
        ("黑龙江哈尔滨", "东北口音"), ("福建泉州", "闽南话"), ("贵州遵义", "贵州话"), ("江西赣州", "江西话"), ("山东临沂", "山东话"),
    ];

    /// <summary>
    /// Men of every age found in 2024, each a stranger to the notice but of the same sex (a pre-filter passes
    /// those), with a name, a hukou place and its dialect, and a cross-age face cosine as strangers score.
    /// </summary>
    private static IEnumerable<(PersonSide Person, FaceComparison Face)> Strangers(int count)
    {
        var random = new Random(20240601);
        for (var i = 0; i < count; i++)
        {
            var (place, dialect) = Places[random.Next(Places.Length)];
            var min = random.Next(16, 60);
            yield return (Pairs.Person with
            {
                Name = Names[random.Next(Names.Length)],
                EstimatedAgeMin = min,
                EstimatedAgeMax = min + random.Next(3, 11),
                HukouPlace = place,
                Dialect = dialect,
                HeightCm = random.Next(155, 185),
                Marks = random.Next(3) == 0 ? [new BodyMark("右腿", "疤痕")] : [],
            }, new FaceComparison(Math.Clamp(0.05 + 0.08 * Normal(random), -0.3, 0.6), NoticePhotoYear: 2005));
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void The_true_pair_with_noisy_attributes_outscores_a_thousand_typical_wrong_pairs()
    {
        // The man as the station saw him: a nickname, only the province, an age guessed high, a scar placed on the
        // hand, and a weak cross-age face.
        var him = Pairs.Person with
        {
            Name = "伟伟",
            HukouPlace = "湖南",
            EstimatedAgeMin = 30,
            EstimatedAgeMax = 35,
            Marks = [new BodyMark("左手", "疤")],
        };
        var truth = Pairs.Score(Pairs.Notice, him, new FaceComparison(0.24, NoticePhotoYear: 2005));

        var wrong = Strangers(1000).Select(s => Pairs.Score(Pairs.Notice, s.Person, s.Face)).Where(s => !s.IsExcluded).ToList();

        Assert.True(wrong.Count > 100);
        Assert.True(truth.Total > wrong.Max(s => s.Total), $"true pair {truth.Total}, best wrong {wrong.Max(s => s.Total)}");
    }

    [Fact]
    public void A_stranger_with_the_same_name_and_age_ranks_below_the_true_pair_that_gave_no_name()
    {
        var stranger = Pairs.Person with { Name = "张伟", HukouPlace = "山东临沂", Dialect = "山东话", Marks = [] };
        var him = Pairs.Person with { Name = null };

        var strangerScore = Pairs.Score(Pairs.Notice, stranger, new FaceComparison(0.08, NoticePhotoYear: 2005));
        var hisScore = Pairs.Score(Pairs.Notice, him, new FaceComparison(0.30, NoticePhotoYear: 2005));

        Assert.True(hisScore.Total > strangerScore.Total, $"{hisScore.Total} against {strangerScore.Total}");
    }
}
