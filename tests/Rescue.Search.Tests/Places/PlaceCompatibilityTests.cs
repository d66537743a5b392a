using Rescue.Search.Places;

namespace Rescue.Search.Tests.Places;

public class PlaceCompatibilityTests
{
    private static PlaceCompatibility Compare(string a, string b) =>
        PlaceCompatibility.Between(Divisions.Shared.Resolve(a), Divisions.Shared.Resolve(b));

    [Fact]
    public void Longhui_against_a_told_hometown_of_Shaoyang_and_a_Hunan_accent_is_compatible()
    {
        var hometown = Divisions.Shared.Resolve("湖南省邵阳市隆回县");

        var place = PlaceCompatibility.Between(hometown, Divisions.Shared.Resolve("邵阳"));
        var dialect = Dialects.Shared.Compare("湖南话", hometown);

        Assert.Equal(PlaceAgreement.SamePrefecture, place.Level);
        Assert.True(place.IsConsistent);
        Assert.Equal("湖南省邵阳市隆回县位于湖南省邵阳市，两者相符。", place.Explanation);
        Assert.Equal(DialectAgreement.SpokenThere, dialect.Level);
    }

    [Fact]
    public void Longhui_against_Heilongjiang_and_a_northeastern_accent_is_not_compatible()
    {
        var hometown = Divisions.Shared.Resolve("湖南省邵阳市隆回县");

        var place = PlaceCompatibility.Between(hometown, Divisions.Shared.Resolve("黑龙江"));
        var dialect = Dialects.Shared.Compare("东北口音", hometown);

        Assert.Equal(PlaceAgreement.DifferentProvince, place.Level);
        Assert.False(place.IsConsistent);
        Assert.Equal(DialectAgreement.NotSpokenThere, dialect.Level);
    }

    [Theory]
    [InlineData("湖南邵阳隆回", "隆回县", PlaceAgreement.SameCounty, true)]
    [InlineData("隆回", "湖南", PlaceAgreement.SameProvince, true)]
    [InlineData("隆回", "邵东", PlaceAgreement.SamePrefecture, false)]
    [InlineData("隆回", "长沙市", PlaceAgreement.SameProvince, false)]
    [InlineData("隆回", "广东韶关", PlaceAgreement.NeighbouringProvince, false)]
    [InlineData("隆回", "哈尔滨", PlaceAgreement.DifferentProvince, false)]
    [InlineData("北京朝阳", "北京海淀", PlaceAgreement.SamePrefecture, false)]
    [InlineData("北京朝阳", "北京", PlaceAgreement.SamePrefecture, true)]
    [InlineData("隆回", "不知道", PlaceAgreement.Unknown, false)]
    public void Two_places_get_the_level_they_share(string a, string b, PlaceAgreement level, bool consistent)
    {
        var compatibility = Compare(a, b);

        Assert.Equal(level, compatibility.Level);
        Assert.Equal(consistent, compatibility.IsConsistent);
        Assert.False(string.IsNullOrWhiteSpace(compatibility.Explanation));
    }

    [Fact]
    public void An_ambiguous_place_counts_only_as_close_as_its_farthest_candidate()
    {
        var compatibility = Compare("鼓楼区", "福州");

        Assert.Equal(PlaceAgreement.DifferentProvince, compatibility.Level);
        Assert.False(compatibility.IsConsistent);
        Assert.Contains("福建省福州市鼓楼区", compatibility.Explanation);
    }
}
