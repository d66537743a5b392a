using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

public class NamesAndPlacesPartsTests
{
    [Theory]
    [InlineData("张伟", 20, "姓名相同：张伟。")]
    [InlineData("章伟", 14, "姓名同音：zhang wei（张伟 / 章伟）。")]
    [InlineData("張偉", 20, "姓名繁简体相同：张伟 / 張偉（张伟）。")]
    [InlineData("张伟明", 4, "同姓，名字差一个字：张伟 / 张伟明。")]
    [InlineData("李娜", -2, "姓名不同：张伟 / 李娜。")]
    public void The_name_part_gives_the_points_of_its_level_and_says_what_agreed(string told, double points, string sentence)
    {
        var part = Pairs.Score(Pairs.Notice with { OtherNames = [] }, Pairs.Person with { Name = told })[ScoreKind.Name];

        Assert.Equal(points, part.Points);
        Assert.Equal(sentence, part.Sentence);
    }

    [Fact]
    public void The_notices_other_names_and_nicknames_meet_the_name_the_person_gave()
    {
        var notice = Pairs.Notice with { Name = "王建军", OtherNames = ["军娃"] };

        var nickname = Pairs.Score(notice with { OtherNames = [] }, Pairs.Person with { Name = "小军" })[ScoreKind.Name];
        var otherName = Pairs.Score(notice, Pairs.Person with { Name = "军娃" })[ScoreKind.Name];

        Assert.Equal(8, nickname.Points);
        Assert.StartsWith("可能是小名或称呼：", nickname.Sentence);
        Assert.Equal(20, otherName.Points);
        Assert.Equal("姓名相同：军娃。", otherName.Sentence);
    }

    [Fact]
    public void A_person_who_told_no_name_gives_nothing_and_says_so()
    {
        var part = Pairs.Score(Pairs.Notice, Pairs.Person with { Name = null, Aliases = [] })[ScoreKind.Name];

        Assert.Equal(0, part.Points);
        Assert.Equal("未提供姓名。", part.Sentence);
    }

    [Fact]
    public void Longhui_against_a_told_hometown_of_Shaoyang_and_a_Hunan_accent_scores_as_compatible()
    {
        var notice = Pairs.Notice with { Hometown = "湖南省邵阳市隆回县" };
        var person = Pairs.Unknown with { HukouPlace = "邵阳", Dialect = "湖南话" };

        var score = Pairs.Score(notice, person);

        Assert.Equal(10, score[ScoreKind.Hometown].Points);
        Assert.Equal("户籍 邵阳 与家乡 湖南省邵阳市隆回县 同一地级市。", score[ScoreKind.Hometown].Sentence);
        Assert.Equal(8, score[ScoreKind.Dialect].Points);
        Assert.Equal("口音 湖南话 在家乡 湖南省邵阳市隆回县 通行。", score[ScoreKind.Dialect].Sentence);
        Assert.Equal(18, score.Total);
    }

    [Fact]
    public void Longhui_against_Heilongjiang_and_a_northeastern_accent_scores_against()
    {
        var notice = Pairs.Notice with { Hometown = "湖南省邵阳市隆回县" };
        var person = Pairs.Unknown with { HukouPlace = "黑龙江", Dialect = "东北口音" };

        var score = Pairs.Score(notice, person);

        Assert.Equal(-6, score[ScoreKind.Hometown].Points);
        Assert.Equal("户籍 黑龙江 与家乡 湖南省邵阳市隆回县 不在同一省份，也不相邻。", score[ScoreKind.Hometown].Sentence);
        Assert.Equal(-4, score[ScoreKind.Dialect].Points);
        Assert.StartsWith("口音 东北口音 与家乡 湖南省邵阳市隆回县 不符：", score[ScoreKind.Dialect].Sentence);
        Assert.True(score.Total < 0);
    }

    [Theory]
    [InlineData("隆回县", 12)]
    [InlineData("湖南", 6)]
    [InlineData("邵东", 5)]
    [InlineData("长沙", 3)]
    [InlineData("广东韶关", 0)]
    public void A_told_hukou_place_counts_by_how_close_it_is_to_the_hometown(string told, double points) =>
        Assert.Equal(points, Pairs.Score(Pairs.Notice, Pairs.Unknown with { HukouPlace = told })[ScoreKind.Hometown].Points);

    [Fact]
    public void Without_a_hometown_the_last_seen_place_stands_for_where_the_person_is_from()
    {
        var notice = Pairs.Notice with { Hometown = null, LastSeenPlace = "四川省成都市" };

        var score = Pairs.Score(notice, Pairs.Unknown with { HukouPlace = "成都", Dialect = "四川话" });

        Assert.Equal("户籍 成都 与走失地 四川省成都市 同一地级市。", score[ScoreKind.Hometown].Sentence);
        Assert.Equal(8, score[ScoreKind.Dialect].Points);
    }

    [Fact]
    public void An_unreadable_place_is_neutral_and_says_why()
    {
        var part = Pairs.Score(Pairs.Notice, Pairs.Unknown with { HukouPlace = "不记得了" })[ScoreKind.Hometown];

        Assert.Equal(0, part.Points);
        Assert.Equal("户籍 不记得了 与家乡 湖南省邵阳市隆回县 无法比较：“不记得了”不是能识别的地名，无法比较。", part.Sentence);
    }

    [Fact]
    public void Found_near_where_last_seen_counts_for_and_far_away_does_not_count_against()
    {
        var near = Pairs.Score(Pairs.Notice, Pairs.Person with { FoundPlace = "邵阳市" })[ScoreKind.FoundPlace];
        var far = Pairs.Score(Pairs.Notice, Pairs.Person with { FoundPlace = "哈尔滨市" })[ScoreKind.FoundPlace];

        Assert.Equal(4, near.Points);
        Assert.Equal("发现地 邵阳市 与走失地 湖南省邵阳市隆回县 同一地级市。", near.Sentence);
        Assert.Equal(0, far.Points);
    }

    [Fact]
    public void Without_any_place_on_the_notice_the_accent_it_names_meets_the_told_one()
    {
        var notice = Pairs.Notice with { Hometown = null, LastSeenPlace = null, Dialect = "一口湖南口音" };

        var part = Pairs.Score(notice, Pairs.Person)[ScoreKind.Dialect];

        Assert.Equal(8, part.Points);
        Assert.Equal("口音 湖南话 与启事所说的 一口湖南口音 相同。", part.Sentence);
    }
}
