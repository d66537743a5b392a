using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The station's announcement pages over HTTP, as a browser posts them: the home page's due list with the hours left,
/// publishing, approving, editing and withdrawing on an announcement's page. Tests of this class move the shared clock.
/// </summary>
public class AnnouncementPageTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task The_home_page_shows_a_due_announcement_with_its_hours_left_and_25_hours_later_overdue_in_red()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50 });
        var id = announcement!.Value;

        var due = Row(await staff.GetStringAsync("/"), id);
        Assert.Contains("data-timing=\"Due\"", due);
        Assert.Contains("还剩 24 小时", due);
        Assert.Contains($"href=\"/announcements/{id}\"", due);

        app.Clock.Advance(TimeSpan.FromHours(25));
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var home = await officer.GetStringAsync("/");
        var overdue = Row(home, id);
        Assert.Contains("data-timing=\"Overdue\"", overdue);
        Assert.Contains("class=\"due overdue\"", overdue);
        Assert.Contains("已逾期 1 小时", overdue);
        Assert.Contains("id=\"nav-overdue\"", home);
        Assert.Contains("data-tile=\"announcements-overdue\"", home);

        await officer.GetAsync("/culture/en?returnUrl=/");
        Assert.Contains("1 h overdue", Row(await officer.GetStringAsync("/"), id));
        // The officers' list puts it first among the due, overdue.
        var list = await officer.GetStringAsync("/announcements?list=Due");
        Assert.Contains("h overdue", Row(list, id));
    }

    [Fact]
    public async Task An_officer_publishes_from_the_page_and_it_is_published_on_the_board_and_the_channel_ticked()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (admission, announcement) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 60, estimatedAgeMax = 70 });
        var page = $"/announcements/{announcement}";
        Assert.DoesNotContain("id=\"publish\"", await staff.GetStringAsync(page));
        Assert.Contains($"href=\"/announcements/{announcement}\"", await staff.GetStringAsync($"/admissions/{admission}"));

        var published = WebUtility.HtmlDecode(await (await officer.PostFormAsync(page, "publish", ("Channels", "NationalSite"))).Content.ReadAsStringAsync());

        Assert.Contains("id=\"announcement-status\" data-status=\"Published\"", published);
        Assert.Contains("公告已发布", published);
        Assert.Contains("本站公告栏、全国救助寻亲网", published);
        var code = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{announcement}")).GetProperty("summary").GetProperty("code").GetString();
        Assert.Contains($"href=\"/gg/{code}\"", published);
        Assert.Contains($"href=\"/gg/{code}/poster.pdf\"", published);
        Assert.Contains("data-action=\"Published\"", published);
    }

    [Fact]
    public async Task A_minors_announcement_waits_for_a_second_officer_its_preparer_is_refused_on_the_page_and_the_second_approves()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 13, estimatedAgeMax = 15 });
        var page = $"/announcements/{announcement}";
        Assert.Contains("需第二位寻亲专员审批", await officer.GetStringAsync(page));

        var waiting = await (await officer.PostFormAsync(page, "publish")).Content.ReadAsStringAsync();
        Assert.Contains("data-status=\"AwaitingApproval\"", waiting);
        Assert.Contains("等待另一位寻亲专员审批", waiting);

        var own = await officer.PostFormAsync(page, "approve");
        var refused = await own.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("id=\"error-summary\"", refused);
        Assert.Matches("data-field=\"status\">不能审批自己准备的公告", refused);
        Assert.Contains("data-status=\"AwaitingApproval\"", refused);

        var second = await app.SignedInAsOtherAsync(Roles.CaseOfficer, "second-officer");
        var secondPage = await second.GetStringAsync(page);
        Assert.DoesNotContain("id=\"own-approval\"", secondPage);
        var approved = await (await second.PostFormAsync(page, "approve")).Content.ReadAsStringAsync();
        Assert.Contains("data-status=\"Published\"", approved);
        Assert.Contains("data-action=\"Approved\"", approved);
    }

    [Fact]
    public async Task Editing_with_only_the_required_fields_saves_the_text_and_a_1_MB_value_is_refused_under_its_field_keeping_the_others()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 30, estimatedAgeMax = 40 });
        var page = $"/announcements/{announcement}";
        var foundOn = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{announcement}")).GetProperty("text").GetProperty("foundOn").GetString()!;

        var saved = WebUtility.HtmlDecode(await (await staff.PostFormAsync(page, "edit",
            ("Form.FoundOn", foundOn), ("Form.FoundPlace", "人民路天桥下"), ("Form.Contact", "示范市救助管理站 0000-12345678"))).Content.ReadAsStringAsync());

        Assert.Contains("已保存", saved);
        Assert.DoesNotContain("id=\"error-summary\"", saved);
        Assert.Contains("人民路天桥下", saved);
        Assert.Contains("data-action=\"Edited\"", saved);
        var text = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{announcement}")).GetProperty("text");
        Assert.Equal(("人民路天桥下", 0), (text.GetProperty("foundPlace").GetString(), text.GetProperty("photoIds").GetArrayLength()));

        var huge = await staff.PostFormAsync(page, "edit",
            ("Form.FoundOn", foundOn), ("Form.FoundPlace", "保留的地点"), ("Form.Contact", "示范市救助管理站"), ("Form.Description", new string('x', 1_000_000)));
        var refused = await huge.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, huge.StatusCode);
        Assert.Contains("data-field=\"description\"", refused);
        Assert.Contains("保留的地点", refused);
    }

    [Fact]
    public async Task Withdrawing_needs_a_reason_and_with_one_the_announcement_is_withdrawn_with_its_note_in_the_history()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 50, estimatedAgeMax = 60 });
        var page = $"/announcements/{announcement}";

        var noReason = await (await officer.PostFormAsync(page, "withdraw", ("Reason", ""), ("Note", "家属已接回"))).Content.ReadAsStringAsync();
        Assert.Contains("data-field=\"reason\"", noReason);
        Assert.Contains("data-status=\"Draft\"", noReason);

        var withdrawn = await (await officer.PostFormAsync(page, "withdraw", ("Reason", "Reunited"), ("Note", "家属已接回"))).Content.ReadAsStringAsync();

        Assert.Contains("data-status=\"Withdrawn\"", withdrawn);
        Assert.Contains("亲属接领", withdrawn);
        Assert.Contains("家属已接回", withdrawn);
        Assert.DoesNotContain("id=\"publish\"", withdrawn);
        Assert.Contains($"data-announcement=\"{announcement}\"", await officer.GetStringAsync("/announcements?list=Withdrawn"));
    }

    [Fact]
    public async Task A_NUL_in_a_text_field_is_refused_under_its_field()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (_, announcement) = await app.AdmitAsync(staff, new { sex = "Male" });
        var page = $"/announcements/{announcement}";
        var foundOn = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{announcement}")).GetProperty("text").GetProperty("foundOn").GetString()!;

        var response = await staff.PostFormAsync(page, "edit", ("Form.FoundOn", foundOn), ("Form.FoundPlace", "保留的地点"), ("Form.Contact", "示范市救助管理站"), ("Form.Health", "a\0b"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-field=\"health\"", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The table row of one announcement in a list page.</summary>
    private static string Row(string page, Guid id)
    {
        var match = Regex.Match(page, $"<tr data-announcement=\"{id}\"[\\s\\S]*?</tr>");
        Assert.True(match.Success, $"no row for {id}");
        return WebUtility.HtmlDecode(match.Value);
    }
}
