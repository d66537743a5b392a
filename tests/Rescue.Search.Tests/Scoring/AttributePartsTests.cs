using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Scoring;

public class AttributePartsTests
{
    private static ScorePart Part(NoticeSide notice, PersonSide person, ScoreKind kind) => Pairs.Score(notice, person)[kind];

    [Fact]
    public void The_same_sex_gives_a_few_points()
    {
        var part = Part(Pairs.Notice, Pairs.Person, ScoreKind.Sex);

        Assert.Equal(5, part.Points);
        Assert.Equal("性别一致（男）。", part.Sentence);
    }

    [Fact]
    public void A_contradicted_sex_excludes_the_pair()
    {
        var score = Pairs.Score(Pairs.Notice, Pairs.Person with { Sex = RecordedSex.Female });

        Assert.True(score.IsExcluded);
        Assert.Equal(ScoreKind.Sex, score.Excluded!.Kind);
        Assert.Equal("性别不符：启事为男，站内为女，排除。", score.Excluded.Sentence);
        Assert.Equal(ScoreWeights.Default.ExclusionPoints, score[ScoreKind.Sex].Points);
    }

    [Fact]
    public void An_unknown_sex_on_either_side_neither_counts_nor_excludes()
    {
        var score = Pairs.Score(Pairs.Notice with { Sex = RecordedSex.Unknown }, Pairs.Person with { Sex = RecordedSex.Female });

        Assert.False(score.IsExcluded);
        Assert.Equal(0, score[ScoreKind.Sex].Points);
        Assert.Equal("性别不详（启事未记录），不作比较。", score[ScoreKind.Sex].Sentence);
    }

    [Fact]
    public void The_age_at_disappearance_plus_the_years_since_within_the_estimate_agrees()
    {
        var part = Part(Pairs.Notice, Pairs.Person, ScoreKind.Age);

        Assert.Equal(10, part.Points);
        Assert.Equal("年龄相符：走失时 8 岁，至今 18 年（应约 27 岁），估计 24–30 岁。", part.Sentence);
    }

    [Fact]
    public void A_date_of_birth_gives_the_expected_age()
    {
        var notice = Pairs.Notice with { DateOfBirth = new BirthDate(1997, 11), AgeAtDisappearance = null };

        var part = Part(notice, Pairs.Person, ScoreKind.Age);

        Assert.Equal(10, part.Points);
        Assert.Equal("年龄相符：生于 1997 年 11 月（应约 27 岁），估计 24–30 岁。", part.Sentence);
    }

    [Fact]
    public void An_estimate_a_little_off_agrees_roughly_with_fewer_points()
    {
        var part = Part(Pairs.Notice, Pairs.Person with { EstimatedAgeMin = 30, EstimatedAgeMax = 35 }, ScoreKind.Age);

        Assert.InRange(part.Points, 1, 9.9);
        Assert.StartsWith("年龄大致相符：走失时 8 岁，至今 18 年（应约 27 岁），估计 30–35 岁，相差约 3 岁", part.Sentence);
    }

    [Fact]
    public void A_clear_contradiction_of_age_counts_strongly_against()
    {
        var part = Part(Pairs.Notice, Pairs.Person with { EstimatedAgeMin = 36, EstimatedAgeMax = 40 }, ScoreKind.Age);

        Assert.InRange(part.Points, -25, -8);
        Assert.False(part.Excludes);
        Assert.StartsWith("年龄不符：", part.Sentence);
    }

    [Fact]
    public void An_age_far_outside_the_estimate_excludes_the_pair()
    {
        var score = Pairs.Score(Pairs.Notice, Pairs.Person with { EstimatedAgeMin = 55, EstimatedAgeMax = 65 });

        Assert.Equal(ScoreKind.Age, score.Excluded?.Kind);
        Assert.StartsWith("年龄相差太远，排除：", score[ScoreKind.Age].Sentence);
    }

    [Fact]
    public void The_tolerance_grows_with_the_years_since_disappearance()
    {
        // Six years off: a contradiction a month after a child went missing, within tolerance after thirty years.
        var recent = Pairs.Notice with { AgeAtDisappearance = 30, LastSeenOn = new DateOnly(2024, 5, 1) };
        var longAgo = Pairs.Notice with { AgeAtDisappearance = 0, LastSeenOn = new DateOnly(1994, 5, 1) };
        var person = Pairs.Person with { EstimatedAgeMin = 37, EstimatedAgeMax = 40 };

        Assert.True(Part(recent, person, ScoreKind.Age).Points < 0);
        Assert.True(Part(longAgo, person, ScoreKind.Age).Points > 0);
    }

    [Fact]
    public void A_wide_estimate_earns_fewer_points_than_a_narrow_one()
    {
        var wide = Part(Pairs.Notice, Pairs.Person with { EstimatedAgeMin = 20, EstimatedAgeMax = 50 }, ScoreKind.Age);

        Assert.InRange(wide.Points, 1, 5);
    }

    [Fact]
    public void Without_an_estimate_the_age_is_neutral_and_says_what_is_missing()
    {
        var part = Part(Pairs.Notice, Pairs.Person with { EstimatedAgeMin = null, EstimatedAgeMax = null }, ScoreKind.Age);

        Assert.Equal(0, part.Points);
        Assert.Equal("站内没有估计年龄，无法比较年龄。", part.Sentence);
    }

    [Fact]
    public void Heights_of_adults_agree_within_a_few_centimetres()
    {
        var notice = Pairs.Notice with { AgeAtDisappearance = 35, HeightCm = 170 };

        var part = Part(notice, Pairs.Person with { EstimatedAgeMin = 50, EstimatedAgeMax = 60, HeightCm = 168 }, ScoreKind.Height);

        Assert.InRange(part.Points, 4, 6);
        Assert.Equal("身高相近：启事 170 厘米，站内 168 厘米。", part.Sentence);
    }

    [Fact]
    public void Heights_of_adults_far_apart_count_against()
    {
        var notice = Pairs.Notice with { AgeAtDisappearance = 35, HeightCm = 180 };

        var part = Part(notice, Pairs.Person with { HeightCm = 158 }, ScoreKind.Height);

        Assert.Equal(-10, part.Points);
        Assert.Equal("身高不符：启事 180 厘米，站内 158 厘米，相差 22 厘米。", part.Sentence);
    }

    [Fact]
    public void A_childs_height_says_nothing_of_the_adult()
    {
        var part = Part(Pairs.Notice, Pairs.Person, ScoreKind.Height);

        Assert.Equal(0, part.Points);
        Assert.Equal("走失时 8 岁，儿时身高不能说明成年身高。", part.Sentence);
    }

    [Fact]
    public void Disabilities_named_and_observed_agree()
    {
        var notice = Pairs.Notice with { Disabilities = DisabilityFlags.Intellectual | DisabilityFlags.Speech };
        var person = Pairs.Person with { ObservedDisabilities = DisabilityFlags.Intellectual | DisabilityFlags.Speech };

        var part = Part(notice, person, ScoreKind.Disabilities);

        Assert.Equal(18, part.Points);
        Assert.Equal("残疾情况：智力残疾、言语残疾相符。", part.Sentence);
    }

    [Fact]
    public void A_clear_disability_the_notice_does_not_name_counts_mildly_against()
    {
        var part = Part(Pairs.Notice, Pairs.Person with { ObservedDisabilities = DisabilityFlags.Intellectual }, ScoreKind.Disabilities);

        Assert.Equal(-4, part.Points);
        Assert.Equal("残疾情况：站内观察到智力残疾，启事未提及。", part.Sentence);
    }

    [Fact]
    public void A_named_disability_not_observed_is_said_but_not_counted()
    {
        var part = Part(Pairs.Notice with { Disabilities = DisabilityFlags.Mental }, Pairs.Person, ScoreKind.Disabilities);

        Assert.Equal(0, part.Points);
        Assert.Equal("残疾情况：启事称精神障碍，站内未观察到。", part.Sentence);
    }

    [Fact]
    public void Found_after_the_last_seen_date_is_consistent()
    {
        var part = Part(Pairs.Notice, Pairs.Person, ScoreKind.Time);

        Assert.Equal(0, part.Points);
        Assert.Equal("走失约 18 年后被发现，时间相符。", part.Sentence);
    }

    [Fact]
    public void Found_soon_after_disappearing_counts_a_little_for()
    {
        var part = Part(Pairs.Notice with { LastSeenOn = new DateOnly(2024, 5, 8) }, Pairs.Person, ScoreKind.Time);

        Assert.Equal(3, part.Points);
        Assert.Equal("走失 20 天后被发现，时间相符。", part.Sentence);
    }

    [Fact]
    public void Found_before_the_last_seen_date_excludes_the_pair()
    {
        var score = Pairs.Score(Pairs.Notice with { LastSeenOn = new DateOnly(2024, 6, 1), AgeAtDisappearance = 26 }, Pairs.Person);

        Assert.Equal(ScoreKind.Time, score.Excluded?.Kind);
        Assert.Equal("发现于 2024-05-28，早于走失日期 2024-06-01，排除。", score.Excluded!.Sentence);
    }
}
