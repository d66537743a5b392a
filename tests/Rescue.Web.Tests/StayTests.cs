using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// A stay from reception to exit on real PostgreSQL with the test clock: the reception check, the exits and the rules
/// that refuse them (each naming its rule), a reunion's effects on the notice, the announcement and the matching
/// engine, and the moves time makes (stranded at day 10, settlement eligibility at day 90).
/// </summary>
public class StayTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly WorkingCalendarTests.DataFile Calendar = WorkingCalendarTests.DataFile.Read();

    private static object Belongings => new[] { new { item = "身份证复印件", quantity = 1, note = (string?)null }, new { item = "手机", quantity = 1, note = (string?)"无电" } };

    [Fact]
    public async Task The_reception_check_registers_the_person_or_refers_them_with_the_reason_and_closes_its_task()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50 });
        Assert.Equal("Reception", (await StayAsync(staff, admission)).GetProperty("stage").GetString());

        var noReason = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/reception-check", new { outcome = "Hospital" });
        await AssertRefusedAsync(noReason, "reason", "destination");

        var registered = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/reception-check", new { outcome = "Register", cannotTravelAlone = true });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var stay = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Registered", true), (stay.GetProperty("stage").GetString(), stay.GetProperty("cannotTravelAlone").GetBoolean()));
        var tasks = await app.TasksAsync(staff, admission);
        Assert.NotEqual(JsonValueKind.Null, tasks["ReceptionCheck"].GetProperty("closedAt").ValueKind);

        var again = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/reception-check", new { outcome = "Register" });
        await AssertRefusedAsync(again, "outcome");
        var care = await staff.PostAsync($"/api/v1/admissions/{admission}/care", null);
        Assert.Equal("InCare", (await care.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());

        var (referred, _) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 30, estimatedAgeMax = 40 });
        var toHospital = await staff.PostAsJsonAsync($"/api/v1/admissions/{referred}/reception-check", new { outcome = "Hospital", reason = "疑似传染病", destination = "市第一人民医院" });
        var ended = await toHospital.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Exited", "Hospital", "市第一人民医院"), (ended.GetProperty("status").GetString(), ended.GetProperty("exit").GetProperty("kind").GetString(), ended.GetProperty("exit").GetProperty("destination").GetString()));
        Assert.Contains(ended.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "ReceptionCheck" && e.GetProperty("reason").GetString()!.Contains("疑似传染病"));
    }

    [Fact]
    public async Task Self_departure_is_refused_under_16_and_without_the_declaration_and_accepted_with_everything_the_belongings_shown_returned()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var today = app.Today();
        var (child, _) = await app.AdmitAsync(staff, new { sex = "Male", dateOfBirth = today.AddYears(-15), belongings = Belongings });
        var everything = new { kind = "SelfDeparture", declarationSigned = true, ticket = "G1234 次 北京西—石家庄", cash = 20, cashReceipt = "SJ-0001", returnedItems = new[] { 0, 1 } };
        var refused = await staff.PostAsJsonAsync($"/api/v1/admissions/{child}/exit", everything);
        var problem = await AssertRefusedAsync(refused, "kind");
        Assert.Contains("16", problem);
        var home = await staff.PostAsJsonAsync($"/api/v1/admissions/{child}/exit", new { kind = "ReturnHome", destination = "河北省石家庄市" });
        Assert.Contains("接送", await AssertRefusedAsync(home, "escorted"));

        var (adult, _) = await app.AdmitAsync(staff, new { sex = "Male", dateOfBirth = today.AddYears(-40), belongings = Belongings });
        var noDeclaration = await staff.PostAsJsonAsync($"/api/v1/admissions/{adult}/exit", new { kind = "SelfDeparture", ticket = "G1234", returnedItems = new[] { 0 }, cash = 50, cashReceipt = "SJ-0002" });
        var reasons = await AssertRefusedAsync(noDeclaration, "declarationSigned", "returnedItems", "cash");
        Assert.Contains("手机", reasons);

        var accepted = await staff.PostAsJsonAsync($"/api/v1/admissions/{adult}/exit", everything);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var stay = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        var exit = stay.GetProperty("exit");
        Assert.Equal(("Exited", "SelfDeparture", 20m, "SJ-0001"), (stay.GetProperty("status").GetString(), exit.GetProperty("kind").GetString(), exit.GetProperty("cash").GetDecimal(), exit.GetProperty("cashReceipt").GetString()));
        Assert.All(exit.GetProperty("belongings").EnumerateArray(), b => Assert.True(b.GetProperty("returned").GetBoolean()));
        Assert.Equal(["身份证复印件", "手机"], exit.GetProperty("belongings").EnumerateArray().Select(b => b.GetProperty("item").GetString()));
        await app.CaughtUpAsync();
        var tasks = await app.TasksAsync(staff, adult);
        Assert.All(tasks.Values, t => Assert.True(t.GetProperty("cancelled").GetBoolean() || t.GetProperty("closedAt").ValueKind != JsonValueKind.Null));

        var twice = await staff.PostAsJsonAsync($"/api/v1/admissions/{adult}/exit", everything);
        await AssertRefusedAsync(twice, "kind");
    }

    [Fact]
    public async Task A_reunion_closes_the_notice_as_found_withdraws_the_announcement_and_takes_the_faces_out_of_the_index()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var created = await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("赵永福"));
        created.EnsureSuccessStatusCode();
        var notice = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (admission, announcement) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 60, estimatedAgeMax = 70 });
        Assert.NotNull(announcement);
        await FacePhotoUploads.WaitAsync(app, admission);
        await app.CaughtUpAsync();
        var engine = app.Services.GetRequiredService<MatchFeed>().Engine;
        Assert.NotNull(engine.Person(admission));

        var incomplete = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/exit", new { kind = "Reunion", relativeName = "赵芳", verifiedBy = "Notice" });
        await AssertRefusedAsync(incomplete, "relationship", "relativeDocumentType", "relativeDocumentNumber", "noticeId");
        var reunion = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/exit", new
        {
            kind = "Reunion", relativeName = "赵芳", relationship = "女儿", relativeDocumentType = "居民身份证",
            relativeDocumentNumber = "11010519791231002x", verifiedBy = "Notice", noticeId = notice, escorted = true, escortedBy = "赵芳",
        });
        Assert.Equal(HttpStatusCode.OK, reunion.StatusCode);
        var masked = (await reunion.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exit").GetProperty("relativeDocumentNumber").GetString();
        Assert.Equal("11**************2X", masked);
        await app.CaughtUpAsync();

        var found = await (await officer.GetAsync($"/api/v1/notices/{notice}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Found", found.GetProperty("status").GetString());
        var withdrawn = await (await officer.GetAsync($"/api/v1/announcements/{announcement}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Withdrawn", withdrawn.GetProperty("summary").GetProperty("status").GetString());
        Assert.Null(engine.Person(admission));
        var forOfficer = await StayAsync(officer, admission);
        Assert.Equal("11010519791231002X", forOfficer.GetProperty("exit").GetProperty("relativeDocumentNumber").GetString());
    }

    [Fact]
    public async Task A_person_unidentified_on_day_10_becomes_stranded_with_a_review_task_and_on_day_90_gets_the_settlement_eligibility_task()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var admittedOn = app.Today();
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 70, estimatedAgeMax = 80 });
        await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/reception-check", new { outcome = "Register" });

        await app.MoveToAsync(admittedOn.AddDays(9));
        staff = await app.SignedInAsync(Roles.StationStaff);
        Assert.Equal("Registered", (await StayAsync(staff, admission)).GetProperty("stage").GetString());
        await app.MoveToAsync(admittedOn.AddDays(10));
        staff = await app.SignedInAsync(Roles.StationStaff);
        var stay = await StayAsync(staff, admission);
        Assert.Equal("Stranded", stay.GetProperty("stage").GetString());
        Assert.Contains(stay.GetProperty("history").EnumerateArray(), e => e.GetProperty("toStage").GetString() == "Stranded" && e.GetProperty("actorId").GetString() == Actor.System.Id);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var review = (await app.TasksAsync(officer, admission))["StrandedReview"];
        Assert.Equal("CaseOfficer", review.GetProperty("role").GetString());
        var reviewDue = Calendar.NthWorkingDayAfter(admittedOn.AddDays(10), 5);
        Assert.Equal(new DateTimeOffset(reviewDue.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), review.GetProperty("dueAt").GetDateTimeOffset());

        var reviewed = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/stranded-review", new { placement = "InStation", reason = "年老体弱，站内照料" });
        Assert.Equal("InStation", (await reviewed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("placement").GetString());
        Assert.NotEqual(JsonValueKind.Null, (await app.TasksAsync(officer, admission))["StrandedReview"].GetProperty("closedAt").ValueKind);

        await app.MoveToAsync(admittedOn.AddDays(89));
        officer = await app.SignedInAsync(Roles.CaseOfficer);
        Assert.False((await app.TasksAsync(officer, admission)).ContainsKey("SettlementEligibility"));
        await app.MoveToAsync(admittedOn.AddDays(90));
        officer = await app.SignedInAsync(Roles.CaseOfficer);
        Assert.True((await app.TasksAsync(officer, admission)).ContainsKey("SettlementEligibility"));
        // Its check names each condition still unmet: the announcement never re-published, no DNA result.
        var check = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement")).GetProperty("eligibility");
        var unmet = check.GetProperty("conditions").EnumerateArray().Where(c => !c.GetProperty("met").GetBoolean()).ToDictionary(c => c.GetProperty("code").GetString()!, c => c.GetProperty("name").GetString());
        Assert.Contains("announcementRepublished", unmet.Keys);
        Assert.Contains("dnaResultReturned", unmet.Keys);
        Assert.DoesNotContain("periodElapsed", unmet.Keys);
        Assert.DoesNotContain("stranded", unmet.Keys);
        Assert.All(unmet.Values, name => Assert.False(string.IsNullOrWhiteSpace(name)));
    }

    [Fact]
    public async Task Two_exits_of_one_stay_at_once_end_it_once_and_refuse_the_other_naming_the_rule()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 30, estimatedAgeMax = 40 });
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/exit", new { kind = "Unauthorised", reason = "夜间自行离开" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK)) await AssertRefusedAsync(refused, "kind");
        Assert.Single((await StayAsync(staff, admission)).GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "Exited");
    }

    [Fact]
    public async Task The_pages_forms_accept_only_their_required_fields_with_every_checkbox_left_empty()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50, belongings = Belongings });
        var page = $"/admissions/{admission}";

        var checkedIn = await staff.PostFormAsync(page, "reception-check", ("Check.Outcome", "Register"));
        Assert.Equal(HttpStatusCode.OK, checkedIn.StatusCode);
        Assert.Equal("Registered", (await StayAsync(staff, admission)).GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.OK, (await staff.PostFormAsync(page, "start-care")).StatusCode);
        Assert.Equal("InCare", (await StayAsync(staff, admission)).GetProperty("stage").GetString());

        // A return home with no time typed (now), no ticket, no cash and no belonging ticked: recorded as not handed back.
        var exit = await staff.PostFormAsync($"{page}/exit?kind=ReturnHome", "exit", ("Form.Kind", "ReturnHome"));
        Assert.Equal(HttpStatusCode.Redirect, exit.StatusCode);
        var stay = await StayAsync(staff, admission);
        Assert.Equal("ReturnHome", stay.GetProperty("exit").GetProperty("kind").GetString());
        Assert.All(stay.GetProperty("exit").GetProperty("belongings").EnumerateArray(), b => Assert.False(b.GetProperty("returned").GetBoolean()));

        var (stranded, _) = await app.AdmitAsync(staff, new { sex = "Female", admittedAt = app.Clock.GetUtcNow().AddDays(-11) });
        await app.MoveToAsync(app.Today());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostFormAsync($"/admissions/{stranded}", "stranded-review", ("Review.Placement", "Outside"))).StatusCode);
        Assert.Equal("Outside", (await StayAsync(officer, stranded)).GetProperty("placement").GetString());
    }

    private static async Task<JsonElement> StayAsync(HttpClient client, Guid admission) =>
        await (await client.GetAsync($"/api/v1/admissions/{admission}/stay")).Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts a 400 naming each of <paramref name="fields"/>; returns the problem's text.</summary>
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {text}");
        return text;
    }
}
