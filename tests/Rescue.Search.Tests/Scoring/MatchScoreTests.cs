using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

public class MatchScoreTests
{
    [Fact]
    public void The_total_is_the_sum_of_the_parts_one_for_each_kind_in_order()
    {
        var score = Pairs.Score(Pairs.Notice, Pairs.Person, new FaceComparison(0.27, NoticePhotoYear: 2005));

        Assert.Equal(Enum.GetValues<ScoreKind>(), score.Parts.Select(p => p.Kind));
        Assert.Equal(Math.Round(score.Parts.Sum(p => p.Points), 1), score.Total);
        Assert.Equal(score.Parts.Select(p => (float)p.Points), score.Features());
        Assert.All(score.Parts, p => Assert.False(string.IsNullOrWhiteSpace(p.Sentence)));
        Assert.All(score.Parts, p => Assert.False(string.IsNullOrWhiteSpace(p.English)));
    }

    [Fact]
    public void Missing_data_gives_neutral_parts_each_saying_what_is_missing()
    {
        var score = Pairs.Score(new NoticeSide(), new PersonSide());

        Assert.Equal(0, score.Total);
        Assert.False(score.IsExcluded);
        Assert.Equal(
        [
            "没有可比较的面部照片。",
            "性别不详（启事未记录），不作比较。",
            "站内没有估计年龄，无法比较年龄。",
            "启事没有身高，无法比较身高。",
            "启事没有记录体表特征。",
            "双方都没有记录残疾或精神障碍。",
            "未提供姓名。",
            "启事没有家乡或走失地，无法比较户籍地。",
            "启事没有走失地，无法比较发现地。",
            "站内没有口音信息，无法比较。",
            "启事没有走失日期，无法比较时间。",
        ], score.Parts.Select(p => p.Sentence));
    }

    [Fact]
    public void An_excluded_pair_keeps_every_part_so_the_officer_sees_why()
    {
        var score = Pairs.Score(Pairs.Notice, Pairs.Person with { Sex = RecordedSex.Female });

        Assert.Equal(Enum.GetValues<ScoreKind>().Length, score.Parts.Count);
        Assert.True(score[ScoreKind.Name].Points > 0);
        Assert.True(score.Total < 0);
    }

    [Fact]
    public void Weights_are_read_from_the_record_given_to_the_scorer()
    {
        var scorer = new MatchScorer(ScoreWeights.Default with { SexAgrees = 1, DialectSpokenThere = 20 });

        var score = scorer.Score(Pairs.Notice, Pairs.Person);

        Assert.Equal(1, score[ScoreKind.Sex].Points);
        Assert.Equal(20, score[ScoreKind.Dialect].Points);
    }
}
