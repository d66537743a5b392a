using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

public class MarksPartTests
{
    private static ScorePart Marks(BodyMark onNotice, params BodyMark[] onPerson) =>
        Pairs.Score(Pairs.Notice with { Marks = [onNotice] }, Pairs.Person with { Marks = onPerson })[ScoreKind.Marks];

    [Theory]
    [InlineData("左臂", "疤", "左手臂", "疤痕")]
    [InlineData("左上臂", "伤疤", "左胳膊", "疤")]
    [InlineData("右脸颊", "胎记", "右面部", "胎记")]
    [InlineData("眉心", "痣", "眉毛中间", "黑痣")]
    [InlineData("后背", "纹身", "背部", "刺青")]
    [InlineData("左手腕", "烫伤", "左手", "疤痕")]
    public void The_same_mark_written_in_other_words_agrees_strongly(string location, string kind, string otherLocation, string otherKind)
    {
        var part = Marks(new BodyMark(location, kind), new BodyMark(otherLocation, otherKind));

        Assert.Equal(15, part.Points);
        Assert.Equal($"体表特征：{location}{kind}与站内记录的{otherLocation}{otherKind}相同。", part.Sentence);
    }

    [Theory]
    [InlineData("左臂", "胎记", "右臂", "胎记")]
    [InlineData("左手", "疤痕", "左臂", "伤疤")]
    [InlineData("额头", "疤痕", "额头", "")]
    public void A_mark_of_the_same_kind_nearby_or_at_the_same_place_of_unknown_kind_agrees_partly(string location, string kind, string otherLocation, string otherKind)
    {
        var part = Marks(new BodyMark(location, kind), new BodyMark(otherLocation, otherKind));

        Assert.Equal(5, part.Points);
        Assert.EndsWith("部分相符。", part.Sentence);
    }

    [Fact]
    public void A_notice_mark_missing_on_the_person_is_weak_evidence_against()
    {
        var part = Marks(new BodyMark("左臂", "胎记"), new BodyMark("右腿", "疤痕"));

        Assert.Equal(-2, part.Points);
        Assert.Equal("体表特征：站内未见左臂胎记。", part.Sentence);
    }

    [Fact]
    public void Marks_not_recorded_at_the_station_are_neutral()
    {
        var part = Pairs.Score(Pairs.Notice, Pairs.Person with { Marks = [] })[ScoreKind.Marks];

        Assert.Equal(0, part.Points);
        Assert.Equal("站内没有记录体表特征，无法比较。", part.Sentence);
    }

    [Fact]
    public void The_kind_may_come_from_the_description()
    {
        var read = BodyMarks.Read(new BodyMark("左手臂", "其他", "一块青色胎记"));

        Assert.Equal(("左", "臂", "胎记"), (read.Side, read.Part, read.Kind));
    }
}
