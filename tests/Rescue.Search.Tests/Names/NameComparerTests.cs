using Rescue.Search.Names;

namespace Rescue.Search.Tests.Names;

public class NameComparerTests
{
    [Theory]
    [InlineData("张伟", "章伟")]
    [InlineData("刘德华", "刘得华")]
    public void Names_that_sound_the_same_are_homophones(string name, string other)
    {
        var match = NameComparer.Compare(name, other);

        Assert.Equal(NameLevel.Homophone, match.Level);
        Assert.Equal(match.Form, match.OtherForm);
    }

    [Fact]
    public void Homophone_explanation_shows_the_pinyin_both_read()
    {
        var match = NameComparer.Compare("张伟", "章伟");

        Assert.Equal("zhang wei", match.Form);
        Assert.Equal("张伟 and 章伟 sound the same (zhang wei).", match.Explain());
    }

    [Fact]
    public void Zeng_as_a_surname_is_heard_as_zeng()
    {
        // A family writes what they hear: 曾 as a surname sounds zeng, so 曾伟 and 增伟 (zeng wei) are homophones
        // while the word reading ceng would miss it.
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("曾伟", "增伟").Level);
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("单丽", "善丽").Level);
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("仇平", "秋平").Level);
    }

    [Fact]
    public void Traditional_and_simplified_forms_are_the_same_after_folding()
    {
        Assert.Equal(NameLevel.SameAfterFolding, NameComparer.Compare("單", "单").Level);

        var match = NameComparer.Compare("劉德華", "刘德华");
        Assert.Equal(NameLevel.SameAfterFolding, match.Level);
        Assert.Equal("刘德华", match.Form);
    }

    [Fact]
    public void Same_characters_are_the_strongest_level()
    {
        Assert.Equal(NameLevel.SameCharacters, NameComparer.Compare("王军", "王军").Level);
        Assert.Equal(NameLevel.SameCharacters, NameComparer.Compare("王 军", "王军").Level);
    }

    [Theory]
    [InlineData("小军", "王军")]
    [InlineData("阿军", "王军")]
    [InlineData("军娃", "李军")]
    [InlineData("军军", "李建军")]
    [InlineData("老王", "王建国")]
    [InlineData("小王", "王建国")]
    [InlineData("小军", "军娃")]
    public void Nicknames_and_forms_of_address_match_the_name_they_come_from(string nickname, string name)
    {
        Assert.Equal(NameLevel.Nickname, NameComparer.Compare(nickname, name).Level);
        Assert.Equal(NameLevel.Nickname, NameComparer.Compare(name, nickname).Level);
    }

    [Fact]
    public void A_nickname_explanation_shows_the_character_it_is_built_on()
    {
        var match = NameComparer.Compare("小军", "王军");

        Assert.Equal("小军 → 军", match.Form);
        Assert.Equal("王军 → 军", match.OtherForm);
    }

    [Fact]
    public void A_nickname_core_that_sounds_the_same_still_matches()
    {
        var match = NameComparer.Compare("小君", "王军");

        Assert.Equal(NameLevel.Nickname, match.Level);
        Assert.Equal("小君 → 君 jun", match.Form);
    }

    [Fact]
    public void Address_by_surname_does_not_match_the_given_name()
    {
        // 老军 would address someone surnamed 军, not 王军.
        Assert.Equal(NameLevel.None, NameComparer.Compare("老军", "王军").Level);
        Assert.Equal(NameLevel.Nickname, NameComparer.Compare("老王", "王军").Level);
    }

    [Fact]
    public void Address_by_surname_hears_the_surname_reading()
    {
        // 老增 is what a neighbour who only heard "lao zeng" might write for 曾伟.
        var match = NameComparer.Compare("老增", "曾伟");

        Assert.Equal(NameLevel.Nickname, match.Level);
        Assert.Equal("老增 → 增 zeng", match.Form);
    }

    [Fact]
    public void Parsed_names_compare_like_names_as_text()
    {
        var notice = ChineseName.Parse("刘德华");

        Assert.Equal(NameComparer.Compare("刘德华", "刘得华"), NameComparer.Compare(notice, ChineseName.Parse("刘得华")));
        Assert.Equal(NameLevel.None, NameComparer.Compare(notice, ChineseName.Empty).Level);
    }

    [Fact]
    public void A_given_name_told_alone_matches_the_full_name()
    {
        var match = NameComparer.Compare("建国", "王建国");

        Assert.Equal(NameLevel.GivenNameOnly, match.Level);
        Assert.Equal("建国", match.OtherForm);
        Assert.Equal(NameLevel.GivenNameOnly, NameComparer.Compare("买买提", "买买提·艾力").Level);
    }

    [Fact]
    public void A_nickname_that_is_the_whole_given_name_says_so()
    {
        // 小军 is both a nickname and the given name of 王小军: the explanation names the given name.
        var match = NameComparer.Compare("小军", "王小军");

        Assert.Equal(NameLevel.Nickname, match.Level);
        Assert.Equal("小军", match.Form);
        Assert.Equal("王小军 → 小军", match.OtherForm);
    }

    [Theory]
    [InlineData("刘德华", "刘德明")]
    [InlineData("刘德华", "刘华")]
    [InlineData("劉德華", "刘德明")]
    public void Same_surname_and_a_given_name_one_syllable_off(string name, string other)
    {
        var match = NameComparer.Compare(name, other);

        Assert.Equal(NameLevel.OneSyllableOff, match.Level);
    }

    [Theory]
    [InlineData("王芳", "李娜")]
    [InlineData("王军", "王明")]
    [InlineData("王建国", "李建国")]
    [InlineData("刘德华", "刘明军")]
    public void Unrelated_names_match_at_no_level(string name, string other)
    {
        Assert.Equal(NameLevel.None, NameComparer.Compare(name, other).Level);
    }

    [Theory]
    [InlineData(null, "王芳")]
    [InlineData("", "王芳")]
    [InlineData("  ", "王芳")]
    [InlineData("", "")]
    public void A_missing_name_matches_at_no_level(string? name, string? other)
    {
        var match = NameComparer.Compare(name, other);

        Assert.Equal(NameLevel.None, match.Level);
        Assert.Equal("A name is missing.", match.Explain());
    }

    [Fact]
    public void Compound_surnames_compare_as_one_surname()
    {
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("欧阳娜娜", "欧杨娜娜").Level);
        Assert.Equal(NameLevel.OneSyllableOff, NameComparer.Compare("欧阳娜娜", "欧阳娜").Level);
        Assert.Equal(NameLevel.None, NameComparer.Compare("欧阳娜娜", "阳娜娜").Level);
    }

    [Fact]
    public void Names_with_a_middle_dot_compare_without_crashing()
    {
        Assert.Equal(NameLevel.SameAfterFolding, NameComparer.Compare("买买提·艾力", "买买提艾力").Level);
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("买买提·艾力", "麦麦提·艾力").Level);
        Assert.Equal(NameLevel.None, NameComparer.Compare("买买提·艾力", "王芳").Level);
    }

    [Fact]
    public void Names_in_latin_letters_compare_by_sound()
    {
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("Zhang Wei", "张伟").Level);
        Assert.Equal(NameLevel.Homophone, NameComparer.Compare("Wei Zhang", "章伟").Level);
        Assert.Equal(NameLevel.SameAfterFolding, NameComparer.Compare("ZHANG WEI", "zhang wei").Level);
        Assert.Equal(NameLevel.None, NameComparer.Compare("王A军", "李娜").Level);
    }

    [Fact]
    public void Commonly_confused_sounds_are_a_near_homophone()
    {
        var match = NameComparer.Compare("刘德华", "牛德华");

        Assert.Equal(NameLevel.NearHomophone, match.Level);
        Assert.Equal("liu de hua", match.Form);
        Assert.Equal("niu de hua", match.OtherForm);
        Assert.Equal(NameLevel.NearHomophone, NameComparer.Compare("张晓琴", "詹晓青").Level);
    }

    [Fact]
    public void A_notice_with_other_names_takes_the_best_level()
    {
        var match = NameComparer.CompareBest(["李建军", "军娃", "李军"], ["李军"]);

        Assert.Equal(NameLevel.SameCharacters, match.Level);
        Assert.Equal(NameLevel.Nickname, NameComparer.CompareBest(["李建国", "军娃"], ["王军"]).Level);
        Assert.Equal(NameLevel.None, NameComparer.CompareBest(["", null], ["王军"]).Level);
    }

    [Fact]
    public void Levels_are_ordered_strongest_last()
    {
        NameLevel[] expected =
        [
            NameLevel.None, NameLevel.OneSyllableOff, NameLevel.GivenNameOnly, NameLevel.Nickname,
            NameLevel.NearHomophone, NameLevel.Homophone, NameLevel.SameAfterFolding, NameLevel.SameCharacters,
        ];

        Assert.Equal(expected, Enum.GetValues<NameLevel>().Order());
    }
}
