using Rescue.Search.Places;

namespace Rescue.Search.Tests.Places;

public class DivisionsTests
{
    private static readonly Divisions s_divisions = Divisions.Shared;

    [Fact]
    public void The_shipped_table_holds_every_province_prefecture_and_county()
    {
        var byLevel = s_divisions.All.GroupBy(d => d.Level).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(34, byLevel[DivisionLevel.Province]);
        Assert.InRange(byLevel[DivisionLevel.Prefecture], 330, 345);
        Assert.InRange(byLevel[DivisionLevel.County], 2800, 3000);
        Assert.Equal("湖南省邵阳市隆回县", s_divisions.Find("430524")!.FullName);
    }

    [Theory]
    [InlineData("湖南邵阳隆回")]
    [InlineData("邵阳市隆回县")]
    [InlineData("湖南省邵阳市隆回县")]
    [InlineData("隆回")]
    [InlineData("隆回县")]
    [InlineData("430524")]
    [InlineData("户籍 430524199001011234")]
    [InlineData("湖南邵阳隆回县六都寨镇某村")]
    [InlineData("湖南 邵阳 隆回")]
    public void Free_text_naming_Longhui_resolves_to_its_county(string text)
    {
        var place = s_divisions.Resolve(text);

        Assert.Equal(PlaceResolution.Resolved, place.Resolution);
        Assert.Equal("430524", place.Division!.Code);
    }

    [Theory]
    [InlineData("邵阳", "430500")]
    [InlineData("邵阳市", "430500")]
    [InlineData("湖南邵阳", "430500")]
    [InlineData("邵阳县", "430523")]
    [InlineData("湖南邵阳邵阳", "430523")]
    [InlineData("湖南", "430000")]
    [InlineData("湖南省", "430000")]
    [InlineData("广西", "450000")]
    [InlineData("内蒙古", "150000")]
    [InlineData("内蒙", "150000")]
    [InlineData("新疆", "650000")]
    [InlineData("黑龙江", "230000")]
    [InlineData("吉林", "220000")]
    [InlineData("吉林长春", "220100")]
    [InlineData("湘西", "433100")]
    [InlineData("恩施州", "422800")]
    [InlineData("化隆", "630224")]
    [InlineData("青海化隆回族自治县", "630224")]
    [InlineData("北京朝阳", "110105")]
    [InlineData("北京市朝阳区", "110105")]
    [InlineData("长春市朝阳区", "220104")]
    [InlineData("福州鼓楼区", "350102")]
    [InlineData("济南市中区", "370103")]
    [InlineData("湖北仙桃", "429004")]
    [InlineData("东莞", "441900")]
    public void Names_with_and_without_suffixes_resolve_to_the_division_meant(string text, string code)
    {
        var place = s_divisions.Resolve(text);

        Assert.True(place.IsResolved, $"{text}: {place.Resolution} {string.Join(",", place.Candidates)}");
        Assert.Equal(code, place.Division!.Code);
    }

    [Theory]
    [InlineData("朝阳区", 2)]
    [InlineData("鼓楼区", 4)]
    [InlineData("鼓楼", 4)]
    [InlineData("新华区", 3)]
    public void A_county_name_shared_by_several_places_is_reported_ambiguous_without_a_parent(string text, int places)
    {
        var place = s_divisions.Resolve(text);

        Assert.Equal(PlaceResolution.Ambiguous, place.Resolution);
        Assert.Null(place.Division);
        Assert.Equal(places, place.Candidates.Count);
        Assert.All(place.Candidates, c => Assert.Equal(DivisionLevel.County, c.Level));
    }

    [Fact]
    public void Two_unrelated_places_side_by_side_are_ambiguous_rather_than_a_guess()
    {
        var place = s_divisions.Resolve("湖南人，在广州找到");

        Assert.Equal(PlaceResolution.Ambiguous, place.Resolution);
        Assert.Equal(["430000", "440100"], place.Candidates.Select(c => c.Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("不知道")]
    [InlineData("说不清楚")]
    [InlineData("asdf 123")]
    [InlineData("999999")]
    public void Text_that_names_no_place_is_unknown(string? text)
    {
        var place = s_divisions.Resolve(text);

        Assert.Equal(PlaceResolution.Unknown, place.Resolution);
        Assert.Empty(place.Candidates);
    }

    [Fact]
    public void Province_borders_go_both_ways()
    {
        var hunan = s_divisions.Find("430000")!;
        var guangdong = s_divisions.Find("440000")!;
        var heilongjiang = s_divisions.Find("230000")!;

        Assert.True(s_divisions.AreNeighbouringProvinces(hunan, guangdong));
        Assert.True(s_divisions.AreNeighbouringProvinces(guangdong, hunan));
        Assert.False(s_divisions.AreNeighbouringProvinces(hunan, heilongjiang));
        Assert.All(s_divisions.All.Where(d => d.Level == DivisionLevel.Province && d.Code != "710000"),
            p => Assert.Contains(s_divisions.All, q => q.Level == DivisionLevel.Province && s_divisions.AreNeighbouringProvinces(p, q)));
    }
}
