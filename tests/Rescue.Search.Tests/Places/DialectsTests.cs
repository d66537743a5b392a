using Rescue.Search.Places;

namespace Rescue.Search.Tests.Places;

public class DialectsTests
{
    private static DialectAgreement Compare(string dialect, string place) =>
        Dialects.Shared.Compare(dialect, Divisions.Shared.Resolve(place)).Level;

    [Fact]
    public void The_shipped_table_names_the_dialects_staff_hear_most()
    {
        var names = Dialects.Shared.All.Select(d => d.Name).ToHashSet();

        Assert.Subset(names, new[] { "湖南话", "四川话", "重庆话", "粤语", "闽南话", "客家话", "东北话", "河南话",
            "山东话", "陕西话", "上海话", "吴语", "温州话", "江西话", "贵州话", "云南话", "广西话", "湖北话", "安徽话",
            "普通话", "蒙古语", "维吾尔语", "藏语" }.ToHashSet());
    }

    [Theory]
    [InlineData("湘语", "湖南话")]
    [InlineData("一口湖南口音", "湖南话")]
    [InlineData("川话", "四川话")]
    [InlineData("白话", "粤语")]
    [InlineData("广东话", "粤语")]
    [InlineData("东北口音", "东北话")]
    [InlineData("赣语", "江西话")]
    [InlineData("沪语", "上海话")]
    [InlineData("维语", "维吾尔语")]
    public void Aliases_find_their_dialect(string told, string dialect) =>
        Assert.Equal(dialect, Dialects.Shared.Find(told)!.Name);

    [Fact]
    public void A_place_followed_by_hua_is_a_dialect_spoken_there()
    {
        var dialect = Dialects.Shared.Find("邵阳话")!;

        Assert.Equal("430500", Assert.Single(dialect.Regions).Code);
        Assert.Equal(DialectAgreement.SpokenThere, Compare("隆回口音", "湖南省邵阳市隆回县"));
    }

    [Theory]
    [InlineData("银川话", "640100")]
    [InlineData("铜川口音", "610200")]
    public void A_place_whose_name_ends_in_an_alias_names_its_own_speech(string told, string region) =>
        Assert.Equal(region, Assert.Single(Dialects.Shared.Find(told)!.Regions).Code);

    [Theory]
    [InlineData("湖南话", "湖南邵阳隆回", DialectAgreement.SpokenThere)]
    [InlineData("湖南话", "湖南", DialectAgreement.SpokenThere)]
    [InlineData("长沙话", "湖南", DialectAgreement.SpokenThere)]
    [InlineData("长沙话", "邵阳", DialectAgreement.SpokenNearby)]
    [InlineData("湖南话", "广东韶关", DialectAgreement.SpokenNearby)]
    [InlineData("湖南话", "黑龙江", DialectAgreement.NotSpokenThere)]
    [InlineData("四川话", "重庆", DialectAgreement.SpokenThere)]
    [InlineData("粤语", "广州", DialectAgreement.SpokenThere)]
    [InlineData("粤语", "梅州", DialectAgreement.SpokenNearby)]
    [InlineData("闽南话", "厦门", DialectAgreement.SpokenThere)]
    [InlineData("藏语", "甘孜", DialectAgreement.SpokenThere)]
    [InlineData("东北口音", "辽宁", DialectAgreement.SpokenThere)]
    [InlineData("普通话", "湖南", DialectAgreement.Unknown)]
    [InlineData("听不懂", "湖南", DialectAgreement.Unknown)]
    [InlineData("湖南话", "不知道", DialectAgreement.Unknown)]
    public void A_told_dialect_is_compared_with_a_place(string dialect, string place, DialectAgreement level) =>
        Assert.Equal(level, Compare(dialect, place));

    [Fact]
    public void Every_region_in_the_table_is_a_known_division()
    {
        using var reader = new StringReader("测试话\t\t999999\n");

        Assert.Throws<FormatException>(() => Dialects.Load(reader, Divisions.Shared));
        Assert.All(Dialects.Shared.All.Where(d => !d.SpokenEverywhere), d => Assert.NotEmpty(d.Regions));
    }
}
