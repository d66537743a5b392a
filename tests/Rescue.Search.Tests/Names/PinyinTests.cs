using Rescue.Search.Names;

namespace Rescue.Search.Tests.Names;

public class PinyinTests
{
    [Fact]
    public void Zeng_reads_zeng_as_a_surname_and_ceng_in_a_word()
    {
        Assert.Equal(["zeng"], Pinyin.OfSurname("曾"));
        Assert.Equal(["ceng", "jing"], Pinyin.Of("曾经"));
        Assert.Equal("zeng", ChineseName.Parse("曾伟").Primary!.Surname[0].Reading);
    }

    [Theory]
    [InlineData("单", "shan", "dan")]
    [InlineData("仇", "qiu", "chou")]
    [InlineData("解", "xie", "jie")]
    [InlineData("查", "zha", "cha")]
    public void Polyphone_surnames_take_their_surname_reading_only_as_surnames(string character, string asSurname, string ordinary)
    {
        Assert.Equal([asSurname], Pinyin.OfSurname(character));
        Assert.Equal([ordinary], Pinyin.Of(character));
    }

    [Fact]
    public void The_surname_reading_is_not_applied_to_the_given_name()
    {
        var name = ChineseName.Parse("曾曾");

        Assert.Equal("曾", name.Surname);
        Assert.Equal(["zeng", "ceng"], name.Primary!.Whole.Select(s => s.Reading));
    }

    [Fact]
    public void Compound_surnames_read_as_two_syllables()
    {
        Assert.Equal(["yu", "chi"], Pinyin.OfSurname("尉迟"));
        Assert.Equal(["mo", "qi"], Pinyin.OfSurname("万俟"));
        Assert.Equal(["ou", "yang"], Pinyin.OfSurname("欧阳"));
    }

    [Fact]
    public void Syllables_are_toneless_lower_case_and_keep_u_umlaut_apart_as_v()
    {
        Assert.Equal(["zhang", "wei"], Pinyin.Of("张伟"));
        Assert.Equal(["lv"], Pinyin.OfSurname("吕"));
        Assert.Equal(["lu"], Pinyin.OfSurname("卢"));
        Assert.Equal("zhangwei", Pinyin.Key(Pinyin.Of("章伟")));
    }

    [Fact]
    public void Latin_words_read_as_themselves()
    {
        Assert.Equal(["wang", "a", "jun"], Pinyin.Of("王A军"));
        Assert.Equal(["zhang", "wei"], Pinyin.Of("Zhang Wei"));
        Assert.Equal(["ab"], Pinyin.Of("ＡＢ"));
    }

    [Fact]
    public void Near_readings_join_sounds_that_are_often_confused()
    {
        Assert.Equal(Pinyin.NearKey(["zhang"]), Pinyin.NearKey(["zan"]));
        Assert.Equal(Pinyin.NearKey(["liu"]), Pinyin.NearKey(["niu"]));
        Assert.Equal(Pinyin.NearKey(["qin"]), Pinyin.NearKey(["qing"]));
        Assert.NotEqual(Pinyin.NearKey(["dong"]), Pinyin.NearKey(["don"]));
    }

    [Fact]
    public void Traditional_characters_fold_to_simplified()
    {
        Assert.Equal("单", ChineseScript.ToSimplified("單"));
        Assert.Equal("刘德华", ChineseScript.ToSimplified("劉德華"));
        Assert.Equal("Zhang Wei", ChineseScript.ToSimplified("Zhang Wei"));
    }

    [Fact]
    public void The_icu_version_is_found_at_run_time()
    {
        // The same ICU that .NET loaded for globalization, whatever its version on this machine.
        Assert.Matches(@"libicui18n\.so\.(\d+) \(ICU \1\)$", Pinyin.Source);
    }

    [Fact]
    public void Readings_agree_across_threads()
    {
        var expected = Pinyin.Of("欧阳娜娜");
        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = string.Join(' ', Pinyin.Of(i % 2 == 0 ? "欧阳娜娜" : "歐陽娜娜")));

        Assert.All(results, r => Assert.Equal(string.Join(' ', expected), r));
    }
}
