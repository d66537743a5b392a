using Rescue.Search.Names;

namespace Rescue.Search.Tests.Names;

public class ChineseNameTests
{
    [Fact]
    public void A_full_name_splits_into_surname_and_given_name()
    {
        var name = ChineseName.Parse("王建国");

        Assert.Equal(NameForm.FullName, name.Primary!.Form);
        Assert.Equal("王", name.Surname);
        Assert.Equal("建国", name.GivenName);
    }

    [Theory]
    [InlineData("欧阳娜娜", "欧阳", "娜娜")]
    [InlineData("歐陽娜娜", "欧阳", "娜娜")]
    [InlineData("司马光", "司马", "光")]
    [InlineData("诸葛亮", "诸葛", "亮")]
    [InlineData("尉迟恭", "尉迟", "恭")]
    public void Compound_surnames_are_recognised(string text, string surname, string givenName)
    {
        var name = ChineseName.Parse(text);

        Assert.Equal(surname, name.Surname);
        Assert.Equal(givenName, name.GivenName);
    }

    [Theory]
    [InlineData("小军", NameForm.Nickname, "军")]
    [InlineData("阿军", NameForm.Nickname, "军")]
    [InlineData("军娃", NameForm.Nickname, "军")]
    [InlineData("军子", NameForm.Nickname, "军")]
    [InlineData("军军", NameForm.Nickname, "军")]
    [InlineData("大军", NameForm.Nickname, "军")]
    [InlineData("老王", NameForm.AddressBySurname, "王")]
    public void Nicknames_and_forms_of_address_keep_their_core(string text, NameForm form, string core)
    {
        var reading = ChineseName.Parse(text).Readings.First(r => r.Form == form);

        Assert.Equal(core, reading.Core!.Value.Text);
    }

    [Fact]
    public void A_given_name_told_alone_is_read_as_one()
    {
        Assert.Equal(NameForm.GivenNameOnly, ChineseName.Parse("建国").Primary!.Form);
        Assert.DoesNotContain(ChineseName.Parse("王芳").Readings, r => r.Form == NameForm.GivenNameOnly);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("·")]
    [InlineData("？")]
    public void Empty_or_blank_names_are_empty(string? text)
    {
        Assert.True(ChineseName.Parse(text).IsEmpty);
    }

    [Fact]
    public void A_name_with_a_middle_dot_keeps_its_parts()
    {
        var name = ChineseName.Parse("买买提·艾力");

        Assert.Equal(NameForm.Transcribed, name.Primary!.Form);
        Assert.Equal("买买提", name.GivenName);
        Assert.Equal("maimaitiaili", name.Primary.Key);
    }

    [Fact]
    public void Latin_letters_in_a_name_do_not_break_parsing()
    {
        var mixed = ChineseName.Parse("王A军");
        var latin = ChineseName.Parse("Zhang Wei");

        Assert.Equal("王", mixed.Surname);
        Assert.Equal(NameForm.Transcribed, latin.Primary!.Form);
        Assert.Equal("zhangwei", latin.Primary.Key);
    }
}
