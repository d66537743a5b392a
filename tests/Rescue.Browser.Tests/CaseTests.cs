using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Users;

namespace Rescue.Browser.Tests;

/// <summary>
/// A stay's way through the pages: staff from reception to self-departure; a case officer from stranded through
/// settlement to 医保; and the inbox as the fake clock moves.
/// </summary>
public class CaseTests(RescueApp app, Chromium chromium) : IClassFixture<RescueApp>, IClassFixture<Chromium>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task Staff_take_a_person_from_reception_to_self_departure_with_the_belongings_handed_back()
    {
        var api = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(api, new
        {
            sex = "Male", dateOfBirth = app.Today().AddYears(-45),
            belongings = new[] { new { item = "身份证复印件", quantity = 1 }, new { item = "旧手机", quantity = 1 } },
        });
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var staff = await context.NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await staff.GotoAsync($"/admissions/{admission}");
        await Assertions.Expect(staff.Locator("#stay")).ToHaveAttributeAsync("data-stage", "Reception");

        await staff.Locator("#reception-check input[value=Register]").CheckAsync();
        await staff.Locator("#reception-check button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator("#stay")).ToHaveAttributeAsync("data-stage", "Registered");
        await Assertions.Expect(staff.Locator("#stay-tasks tr[data-task=ReceptionCheck] .tag")).ToContainTextAsync("已完成");
        await staff.Locator("#start-care button[type=submit]").ClickAsync();
        await Assertions.Expect(staff.Locator("#stay")).ToHaveAttributeAsync("data-stage", "InCare");

        await staff.Locator("a[data-action=exit]").ClickAsync();
        await staff.Locator("#exit-kinds a[data-kind=SelfDeparture]").ClickAsync();
        await Assertions.Expect(staff.Locator("#exit")).ToHaveAttributeAsync("data-kind", "SelfDeparture");
        await staff.Locator("#exit input[name='Form.Ticket']").FillAsync("K1234 次 本站—石家庄");
        await staff.Locator("#exit input[name='Form.Cash']").FillAsync("20");
        await staff.Locator("#exit input[name='Form.CashReceipt']").FillAsync("SJ-2026-0042");
        await staff.Locator("#belongings-returned input").First.CheckAsync();
        await staff.Locator("#exit button[type=submit]").ClickAsync();

        // Refused, each rule named, nothing typed lost.
        await Assertions.Expect(staff.Locator("#exit")).ToContainTextAsync("自行离站声明书");
        await Assertions.Expect(staff.Locator("#exit")).ToContainTextAsync("旧手机");
        await Assertions.Expect(staff.Locator("#exit input[name='Form.Ticket']")).ToHaveValueAsync("K1234 次 本站—石家庄");
        await staff.Locator("#exit input[name='Form.DeclarationSigned']").CheckAsync();
        await staff.Locator("#belongings-returned input").Nth(1).CheckAsync();
        await staff.Locator("#exit button[type=submit]").ClickAsync();

        await Assertions.Expect(staff).ToHaveURLAsync(new Regex($"/admissions/{admission}$"));
        await Assertions.Expect(staff.Locator("#stay")).ToHaveAttributeAsync("data-status", "Exited");
        await Assertions.Expect(staff.Locator("#stay-exit")).ToContainTextAsync("自行离站");
        await Assertions.Expect(staff.Locator("#returned-belongings li[data-returned=yes]")).ToHaveCountAsync(2);
        await Assertions.Expect(staff.Locator("#stay-history li").Last).ToHaveAttributeAsync("data-kind", "Exited");
        // The followers of the outbox withdraw the announcement and cancel the open deadlines.
        await app.CaughtUpAsync();
        await staff.ReloadAsync();
        await Assertions.Expect(staff.Locator("#stay-tasks tr[data-task=DnaRequest] .tag")).ToContainTextAsync("已取消");
        await Chromium.ScreenshotAsync(staff, "stay-self-departure");
    }

    [Fact]
    public async Task A_case_officer_takes_a_stranded_person_through_settlement_to_medical_insurance()
    {
        var admission = await app.EligibleForSettlementAsync();
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl });
        var officer = await context.NewPageAsync();
        await Chromium.SignInAsync(officer, Roles.CaseOfficer);
        await officer.GotoAsync($"/admissions/{admission}");
        await Assertions.Expect(officer.Locator("#stay")).ToHaveAttributeAsync("data-stage", "Stranded");
        await officer.Locator("#stranded-review select[name='Review.Placement']").SelectOptionAsync("InStation");
        await officer.Locator("#stranded-review input[name='Review.Reason']").FillAsync("年老体弱，站内照料");
        await officer.Locator("#stranded-review button[type=submit]").ClickAsync();
        await Assertions.Expect(officer.Locator("#stay-placement")).ToHaveTextAsync("站内照料");
        // The review is a change of the stay: matching searches again (in seconds) before the check counts the search as run.
        await app.CaughtUpAsync();

        await officer.Locator("a[data-action=settlement]").ClickAsync();
        await Assertions.Expect(officer.Locator("#settlement-conditions li[data-met=no]")).ToHaveCountAsync(0);
        var today = app.Today().ToString("yyyy-MM-dd");
        async Task StepAsync(string kind, string office, params (string Field, string Value)[] more)
        {
            await officer.Locator("#settlement-step select[name='Step.Kind']").SelectOptionAsync(kind);
            await officer.Locator("#settlement-step input[name='Step.On']").FillAsync(today);
            await officer.Locator("#settlement-step input[name='Step.Reference']").FillAsync($"{kind}-2026-1");
            await officer.Locator("#settlement-step input[name='Step.Office']").FillAsync(office);
            foreach (var (field, value) in more) await officer.Locator($"#settlement-step input[name='Step.{field}']").FillAsync(value);
            await officer.Locator("#settlement-step button[type=submit]").ClickAsync();
            await Assertions.Expect(officer.Locator($"#settlement-steps tr[data-step={kind}]")).ToHaveCountAsync(1);
        }
        await StepAsync("Application", "示范市民政局");
        await Assertions.Expect(officer.Locator("#settlement")).ToHaveAttributeAsync("data-stage", "Settlement");
        await StepAsync("PoliceApproval", "示范市公安局");
        var born = new DateOnly(1966, 6, 1);
        await StepAsync("HukouRegistered", "城东派出所户籍室", ("HukouName", "党新民"), ("HukouDateOfBirth", born.ToString("yyyy-MM-dd")));
        await Assertions.Expect(officer.Locator("#settlement")).ToHaveAttributeAsync("data-stage", "Settled");
        var idNumber = Cases.ResidentIdNumber("110105", born, "031");
        await StepAsync("IdCardIssued", "城东派出所户籍室", ("IdNumber", idNumber), ("IdValidUntil", app.Today().AddYears(20).ToString("yyyy-MM-dd")));
        await Assertions.Expect(officer.Locator("#settlement-steps tr[data-step=IdCardIssued]")).ToContainTextAsync(idNumber);
        await StepAsync("MedicalInsurance", "示范市医疗保障局", ("InsuranceNumber", "YB-110105-0031"), ("InsuranceYear", app.Today().Year.ToString()));
        await Assertions.Expect(officer.Locator("#settlement-steps tr[data-step=MedicalInsurance]")).ToContainTextAsync("YB-110105-0031");
        await Chromium.ScreenshotAsync(officer, "settlement-insured");

        // Station staff see the same steps with the ID number masked.
        var staff = await (await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl })).NewPageAsync();
        await Chromium.SignInAsync(staff, Roles.StationStaff);
        await staff.GotoAsync($"/admissions/{admission}/settlement");
        await Assertions.Expect(staff.Locator("#settlement-steps tr[data-step=IdCardIssued]")).Not.ToContainTextAsync(idNumber);
    }

    [Fact]
    public async Task The_inbox_shows_each_task_with_its_colour_as_the_clock_moves()
    {
        var api = await app.SignedInAsync(Roles.StationStaff);
        var admittedOn = app.Today();
        var (admission, _) = await app.AdmitAsync(api, new { sex = "Female", estimatedAgeMin = 30, estimatedAgeMax = 40 });
        var caseNumber = (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/admissions/{admission}")).GetProperty("caseNumber").GetString()!;
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = _baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var officer = await context.NewPageAsync();

        // Signed in afresh at each step: the session ends as the clock moves days on.
        async Task<ILocator> RowAsync(string kind)
        {
            await context.ClearCookiesAsync();
            await Chromium.SignInAsync(officer, Roles.CaseOfficer);
            return officer.Locator($"#inbox tr[data-task={kind}]", new() { HasText = caseNumber });
        }

        // Admitted: the DNA request is due in seven working days: not yet coloured.
        var dna = await RowAsync("DnaRequest");
        await Assertions.Expect(dna).ToHaveAttributeAsync("data-standing", "Open");
        await Assertions.Expect(dna.Locator(".due")).ToHaveClassAsync(new Regex("current"));

        await using var scope = app.Services.CreateAsyncScope();
        var calendar = await app.Services.GetRequiredService<WorkingCalendars>().CurrentAsync(scope.ServiceProvider.GetRequiredService<RescueDbContext>(), default);
        var dueOn = calendar.AddWorkingDays(admittedOn, 7);
        await app.MoveToAsync(dueOn.AddDays(-1));
        dna = await RowAsync("DnaRequest");
        await Assertions.Expect(dna).ToHaveAttributeAsync("data-standing", "DueSoon");
        await Assertions.Expect(dna.Locator(".due")).ToHaveClassAsync(new Regex("due-soon"));

        await app.MoveToAsync(dueOn);
        dna = await RowAsync("DnaRequest");
        await Assertions.Expect(dna).ToHaveAttributeAsync("data-standing", "DueToday");
        await Assertions.Expect(dna.Locator(".due")).ToHaveClassAsync(new Regex("due-now"));

        await app.MoveToAsync(dueOn.AddDays(1));
        dna = await RowAsync("DnaRequest");
        await Assertions.Expect(dna).ToHaveAttributeAsync("data-standing", "Overdue");
        await Assertions.Expect(dna.Locator(".due")).ToHaveClassAsync(new Regex("overdue"));
        await Assertions.Expect(dna.Locator(".due")).ToHaveCSSAsync("background-color", "rgb(180, 35, 42)");
        await Chromium.ScreenshotAsync(officer, "inbox");

        // Red on the case's page too.
        await officer.GotoAsync($"/admissions/{admission}");
        await Assertions.Expect(officer.Locator("#stay-tasks tr[data-task=DnaRequest] .due")).ToHaveClassAsync(new Regex("overdue"));
    }
}
