using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rescue.Testing;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Browser.Tests;

/// <summary>
/// The usual submission of every form: only what is required, and each group of ticks with none, one or all ticked.
/// The liaison's and the public's forms are used on a phone.
/// </summary>
public partial class FormTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly string _baseUrl = app.StartOnKestrel();
    private readonly List<IBrowserContext> _contexts = [];

    public static TheoryData<string[]> Needs => new() { Array.Empty<string>(), new[] { "Medical" }, new[] { "Medical", "Minor", "Disabled", "Elderly", "Pregnant" } };

    public static TheoryData<string[]> Disabilities => new() { Array.Empty<string>(), new[] { "Speech" }, new[] { "Intellectual", "Mental", "Hearing", "Speech" } };

    public static TheoryData<string[]> AdmissionTicks => new() { Array.Empty<string>(), new[] { "Minor" }, new[] { "Minor", "Pregnant", "FingerprintsTaken" } };

    [Theory]
    [MemberData(nameof(Needs))]
    public async Task Liaison_files_a_report_on_a_phone_with_only_the_required_fields(string[] needs)
    {
        var liaison = await PhoneAsync(Roles.Liaison);
        await liaison.GotoAsync("/reports/new");
        // The time found and the officer's name are filled in already: a liaison types the place and what they saw.
        await liaison.Locator("input[name='Form.PlaceText']").FillAsync("建设路公交站");
        await liaison.Locator("textarea[name='Form.Description']").FillAsync("中年男性，独自坐在站台");
        foreach (var need in needs) await liaison.Locator($"input[name='Form.Needs'][value='{need}']").CheckAsync();
        await liaison.Locator("#new-report button[type=submit]").ClickAsync();

        await Assertions.Expect(liaison).ToHaveURLAsync(RecordUrl("reports"));
        await Assertions.Expect(liaison.Locator("dl.facts")).ToContainTextAsync("建设路公交站");
        var words = new Dictionary<string, string> { ["Medical"] = "需要医疗", ["Minor"] = "未成年人", ["Disabled"] = "残疾", ["Elderly"] = "老年人", ["Pregnant"] = "孕妇" };
        var shown = liaison.Locator("dl.facts dt", new() { HasText = "紧急需求" });
        await Assertions.Expect(shown).ToHaveCountAsync(needs.Length == 0 ? 0 : 1);
        foreach (var need in needs) await Assertions.Expect(liaison.Locator("dl.facts")).ToContainTextAsync(words[need]);
        await AssertFitsAsync(liaison);
    }

    [Theory]
    [MemberData(nameof(AdmissionTicks))]
    public async Task Staff_register_and_edit_an_admission_with_only_the_required_fields(string[] ticks)
    {
        var staff = await DeskAsync(Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        foreach (var tick in ticks) await staff.Locator($"input[name='Form.{tick}']").CheckAsync();
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(RecordUrl("admissions"));

        // Editing: untick what was ticked, tick what was not, and add the marks and belongings staff see later.
        await staff.Locator("a[data-action=edit]").ClickAsync();
        foreach (var tick in new[] { "Minor", "Pregnant", "FingerprintsTaken" })
        {
            var box = staff.Locator($"input[name='Form.{tick}']");
            await box.SetCheckedAsync(!ticks.Contains(tick));
        }
        await staff.Locator("input[name='Form.Marks[0].BodyLocation']").FillAsync("左手背");
        await staff.Locator("input[name='Form.Marks[0].Kind']").FillAsync("疤痕");
        await staff.Locator("#edit-admission button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(RecordUrl("admissions"));
        await Assertions.Expect(staff.Locator("dl.facts")).ToContainTextAsync("左手背 疤痕");

        // And back: no marks at all, every box unticked.
        await staff.Locator("a[data-action=edit]").ClickAsync();
        await staff.Locator("input[name='Form.Marks[0].BodyLocation']").FillAsync("");
        await staff.Locator("input[name='Form.Marks[0].Kind']").FillAsync("");
        foreach (var tick in new[] { "Minor", "Pregnant", "FingerprintsTaken" }) await staff.Locator($"input[name='Form.{tick}']").UncheckAsync();
        await staff.Locator("#edit-admission button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(RecordUrl("admissions"));
        await Assertions.Expect(staff.Locator("dl.facts")).Not.ToContainTextAsync("左手背");
    }

    [Theory]
    [MemberData(nameof(Disabilities))]
    public async Task Case_officer_registers_a_notice_with_only_a_name_and_edits_its_disabilities(string[] disabilities)
    {
        var officer = await DeskAsync(Roles.CaseOfficer);
        var name = "极简登记" + disabilities.Length;
        await officer.GotoAsync("/notices/new");
        await officer.Locator("input[name='Form.MissingPersonName']").FillAsync(name);
        foreach (var d in disabilities) await officer.Locator($"input[name='Form.Disabilities'][value='{d}']").CheckAsync();
        await officer.Locator("#new-notice button[type=submit]").ClickAsync();

        await Assertions.Expect(officer).ToHaveURLAsync(RecordUrl("notices"));
        await Assertions.Expect(officer.Locator("h1")).ToContainTextAsync(name);

        // The officer unticks every disability (for one ticked, its last): the notice keeps none.
        await officer.GotoAsync(officer.Url + "/edit");
        foreach (var d in disabilities) await officer.Locator($"input[name='Form.Disabilities'][value='{d}']").UncheckAsync();
        await officer.Locator("#edit-notice button[type=submit]").ClickAsync();

        await Assertions.Expect(officer).ToHaveURLAsync(RecordUrl("notices"));
        await Assertions.Expect(officer.Locator("dl.facts")).Not.ToContainTextAsync("残疾");
    }

    [Theory]
    [MemberData(nameof(Disabilities))]
    public async Task Family_submits_a_notice_on_a_phone_with_only_the_required_fields(string[] disabilities)
    {
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        var family = await phone.NewPageAsync();
        await family.GotoAsync("/public/notices/new");
        await family.Locator("input[name='Form.ReporterName']").FillAsync("林秀");
        await family.Locator("input[name='Form.ReporterPhone']").FillAsync("1370000000" + disabilities.Length);
        await family.Locator("input[name='Form.MissingPersonName']").FillAsync("林国栋" + disabilities.Length);
        foreach (var d in disabilities) await family.Locator($"input[name='Form.Disabilities'][value='{d}']").CheckAsync();
        await family.Locator("#public-notice button[type=submit]").ClickAsync();

        await Assertions.Expect(family.Locator("#receipt")).ToContainTextAsync(Reference());
        await AssertFitsAsync(family);
    }

    [Fact]
    public async Task Forms_use_the_words_of_their_record()
    {
        var officer = await DeskAsync(Roles.CaseOfficer);
        await officer.GotoAsync("/public/notices/new");
        await Assertions.Expect(officer.Locator("#public-notice")).ToContainTextAsync("走失经过");
        await Assertions.Expect(officer.Locator("#public-notice")).Not.ToContainTextAsync("流浪原因");
        await officer.GotoAsync("/notices/new");
        await Assertions.Expect(officer.Locator("#new-notice")).ToContainTextAsync("走失经过");

        var staff = await DeskAsync(Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        await Assertions.Expect(staff.Locator("#new-admission")).ToContainTextAsync("流浪原因及经过");
    }

    [Fact]
    public async Task Case_officer_approves_a_notice_waiting_for_vetting_and_reopens_a_found_one_finding_it_by_its_receipt_number()
    {
        await using var phone = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var family = await phone.NewPageAsync();
        await family.GotoAsync("/public/notices/new");
        await family.Locator("input[name='Form.ReporterName']").FillAsync("孙丽");
        await family.Locator("input[name='Form.ReporterPhone']").FillAsync("13500000009");
        await family.Locator("input[name='Form.MissingPersonName']").FillAsync("孙大海");
        await family.Locator("#public-notice button[type=submit]").ClickAsync();
        var reference = await family.Locator("#receipt .case-number").InnerTextAsync();

        var officer = await DeskAsync(Roles.CaseOfficer);
        await officer.GotoAsync("/notices");
        await officer.Locator("input[name=q]").FillAsync(reference);
        await officer.Locator("form.filters button[type=submit]").ClickAsync();
        await Assertions.Expect(officer.Locator("#notices tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(officer.Locator("#notices")).ToContainTextAsync(reference);
        await officer.Locator("#notices a", new() { HasText = "孙大海" }).ClickAsync();
        await Assertions.Expect(officer.Locator("#reference")).ToHaveTextAsync(reference);

        var open = officer.Locator("#notice-status button[data-status=Open]");
        await Assertions.Expect(open).ToHaveTextAsync("审核通过");
        await open.ClickAsync();
        await officer.Locator("#notice-status button[data-status=Found]").ClickAsync();
        await Assertions.Expect(officer.Locator("#notice-status button[data-status=Open]")).ToHaveTextAsync("重新开启");
    }

    [Fact]
    public async Task Typed_told_values_are_known_unless_staff_say_otherwise_and_belongings_show_each_quantity_once()
    {
        var staff = await DeskAsync(Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        await Assertions.Expect(staff.Locator("select[name='Form.Name.Quality']")).ToHaveValueAsync("");
        await staff.Locator("input[name='Form.Name.Value']").FillAsync("赵某");
        await staff.Locator("input[name='Form.HukouPlace.Value']").FillAsync("湖北");
        await staff.Locator("select[name='Form.HukouPlace.Quality']").SelectOptionAsync("Partial");
        await staff.Locator("select[name='Form.IdNumber.Quality']").SelectOptionAsync("Refused");
        await staff.Locator("textarea[name='Form.Belongings']").FillAsync("手机 ×1（无电）\n现金 ×35\n身份证复印件");
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(RecordUrl("admissions"));
        var facts = staff.Locator("dl.facts");
        await Assertions.Expect(Fact(facts, "赵某")).ToContainTextAsync("确知");
        await Assertions.Expect(Fact(facts, "湖北")).ToContainTextAsync("部分");
        await Assertions.Expect(facts).ToContainTextAsync("拒绝提供");
        await Assertions.Expect(facts).ToContainTextAsync("手机（无电）；现金 ×35；身份证复印件");

        // The edit form shows the same inventory, and saving it unchanged changes nothing.
        await staff.Locator("a[data-action=edit]").ClickAsync();
        await Assertions.Expect(staff.Locator("textarea[name='Form.Belongings']")).ToHaveValueAsync("手机（无电）\n现金 ×35\n身份证复印件");
        await Assertions.Expect(staff.Locator("select[name='Form.Name.Quality']")).ToHaveValueAsync("Known");
        await staff.Locator("#edit-admission button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator("dl.facts")).ToContainTextAsync("手机（无电）；现金 ×35；身份证复印件");
    }

    [Fact]
    public async Task Admissions_list_fits_a_phone_and_case_numbers_stay_on_one_line()
    {
        var staff = await DeskAsync(Roles.StationStaff);
        await staff.GotoAsync("/admissions/new");
        await staff.Locator("input[name='Form.Name.Value']").FillAsync("欧阳长名字测试人员");
        await staff.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "a.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(600, 800, SkiaSharp.SKColors.Olive) });
        await staff.Locator("#new-admission button[type=submit]").ClickAsync();
        await Assertions.Expect(staff).ToHaveURLAsync(RecordUrl("admissions"));

        foreach (var (role, list) in new[] { (Roles.StationStaff, "admissions"), (Roles.StationStaff, "reports"), (Roles.CaseOfficer, "notices") })
        {
            var phone = await PhoneAsync(role);
            await phone.GotoAsync("/" + list);
            await Assertions.Expect(phone.Locator($"#{list} tbody tr").First).ToBeVisibleAsync();
            await AssertFitsAsync(phone);
            var lines = await phone.Locator($"#{list} .case-number").EvaluateAllAsync<int[]>("els => els.filter(e => e.textContent.trim()).map(e => e.getClientRects().length)");
            Assert.All(lines, n => Assert.Equal(1, n));
            if (list == "admissions") await Chromium.ScreenshotAsync(phone, "admissions-on-phone");
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }

    private static ILocator Fact(ILocator facts, string value) => facts.Locator("dd", new() { HasText = value });

    private async Task<IPage> PhoneAsync(string role)
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = Chromium.Phone, IsMobile = true, HasTouch = true });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, role);
        return page;
    }

    private async Task<IPage> DeskAsync(string role)
    {
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, role);
        return page;
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, $"{page.Url} scrolls sideways on a phone");
    }

    private static Regex RecordUrl(string kind) => new($"/{kind}/[0-9a-f-]{{36}}$");

    [GeneratedRegex("XR-[0-9A-F]{8}")]
    private static partial Regex Reference();
}
