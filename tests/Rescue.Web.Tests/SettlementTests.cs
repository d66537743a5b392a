using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// Settlement (落户安置) on real PostgreSQL with the test clock: the eligibility check names every condition not met;
/// with all met, the application moves the stay to Settlement and each later step needs the one before; the new ID number
/// is in full for case officers only, each such read audited; documents are PDF, JPEG or PNG by their content.
/// </summary>
public class SettlementTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly TimeZoneInfo Station = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_fresh_stay_lists_each_unmet_condition_by_name_and_each_step_is_refused_without_the_one_before()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Male", estimatedAgeMin = 60, estimatedAgeMax = 70 });
        // The face worker and matching run in the background: waited for, so the check does not change under the test.
        await FacePhotoUploads.WaitAsync(app, admission);
        await app.CaughtUpAsync();

        var settlement = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement");
        var conditions = settlement.GetProperty("eligibility").GetProperty("conditions").EnumerateArray()
            .ToDictionary(c => c.GetProperty("code").GetString()!, c => (Met: c.GetProperty("met").GetBoolean(), Name: c.GetProperty("name").GetString()!));
        Assert.Equal(SettlementEligibility.Codes, conditions.Keys);
        Assert.False(settlement.GetProperty("eligibility").GetProperty("eligible").GetBoolean());
        Assert.True(conditions["unidentified"].Met);
        foreach (var unmet in new[] { "stranded", "periodElapsed", "announcementRepublished", "dnaResultReturned" })
        {
            Assert.False(conditions[unmet].Met, unmet);
        }
        Assert.Equal("入站已满落户安置期限", conditions["periodElapsed"].Name);

        var refused = await PostStepAsync(officer, admission, new { kind = "Application", on = app.Today(), office = "示范市民政局" });
        var message = await ErrorAsync(refused, "kind");
        foreach (var unmet in conditions.Values.Where(c => !c.Met)) Assert.Contains(unmet.Name, message);

        foreach (var kind in Enum.GetValues<SettlementStepKind>().Where(k => k != SettlementStepKind.Application))
        {
            var response = await PostStepAsync(officer, admission, StepBody(kind));
            var needed = SettlementSteps.Needs(kind)!.Value;
            Assert.Contains($"需先完成“{Text(needed)}”", await ErrorAsync(response, "kind"));
        }

        // A stay that has ended takes no step at all.
        await WithDbAsync(async db =>
        {
            var stay = await db.Admissions.SingleAsync(a => a.Id == admission);
            stay.Exit(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        Assert.Contains("已离站", await ErrorAsync(await PostStepAsync(officer, admission, new { kind = "Application", on = app.Today(), office = "示范市民政局" }), "kind"));
    }

    [Fact]
    public async Task A_stranded_person_meeting_every_condition_is_settled_step_by_step_and_the_new_id_number_is_read_in_full_by_case_officers_alone_each_read_audited()
    {
        var admission = await app.EligibleForSettlementAsync();
        // Signed in after the clock moved on 91 days: an earlier session would have expired.
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var check = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement");
        var unmet = check.GetProperty("eligibility").GetProperty("conditions").EnumerateArray().Where(c => !c.GetProperty("met").GetBoolean())
            .Select(c => c.GetProperty("code").GetString()).ToList();
        Assert.True(unmet.Count == 0, string.Join(", ", unmet));

        // Staff read the settlement but do not record it.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostStepAsync(staff, admission, new { kind = "Application", on = app.Today(), office = "示范市民政局" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(Roles.Liaison)).GetAsync($"/api/v1/admissions/{admission}/settlement")).StatusCode);

        var application = await PostStepAsync(officer, admission, new { kind = "Application", on = app.Today(), reference = "民申〔2026〕17号", office = "示范市民政局" });
        Assert.Equal(HttpStatusCode.Created, application.StatusCode);
        await WithDbAsync(async db =>
        {
            Assert.Equal(StayStage.Settlement, (await db.Admissions.SingleAsync(a => a.Id == admission)).Stage);
            var task = await db.CaseTasks.SingleAsync(t => t.AdmissionId == admission && t.Kind == CaseTaskKind.SettlementEligibility);
            Assert.NotNull(task.ClosedAt);
            Assert.True(await db.StayEvents.AnyAsync(e => e.AdmissionId == admission && e.ToStage == StayStage.Settlement));
        });
        Assert.Contains("不能重复登记", await ErrorAsync(await PostStepAsync(officer, admission, new { kind = "Application", on = app.Today(), office = "示范市民政局" }), "kind"));

        // The police's approval with its scanned document: a file that only calls itself a PDF is refused, a PDF is kept and served as it was.
        var fake = await PostStepAsync(officer, admission, new { kind = "PoliceApproval", on = app.Today(), office = "城东派出所" }, ("批复.pdf", "not a PDF at all"u8.ToArray()));
        Assert.Contains("PDF", await ErrorAsync(fake, "document"));
        var approval = await PostStepAsync(officer, admission, new { kind = "PoliceApproval", on = app.Today(), reference = "公户批〔2026〕3号", office = "城东派出所" }, ("批复.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Created, approval.StatusCode);
        var document = await officer.GetAsync($"/api/v1/admissions/{admission}/settlement/steps/PoliceApproval/document");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/pdf", document.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await document.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/v1/admissions/{admission}/settlement/steps/PoliceApproval/document")).StatusCode);

        var bornOn = new DateOnly(1962, 5, 1);
        var hukouRefused = await PostStepAsync(officer, admission, new { kind = "HukouRegistered", on = app.Today(), office = "城东派出所户籍室" });
        await ErrorAsync(hukouRefused, "hukouName");
        var hukou = await PostStepAsync(officer, admission, new { kind = "HukouRegistered", on = app.Today(), office = "城东派出所户籍室", hukouName = "党新民", hukouDateOfBirth = bornOn });
        Assert.Equal(HttpStatusCode.Created, hukou.StatusCode);
        await WithDbAsync(async db => Assert.Equal(StayStage.Settled, (await db.Admissions.SingleAsync(a => a.Id == admission)).Stage));
        // The next day's sweep leaves a settled stay where it is (stages are stored by name, not compared by order).
        await app.MoveToAsync(app.Today().AddDays(1));
        await WithDbAsync(async db => Assert.Equal(StayStage.Settled, (await db.Admissions.SingleAsync(a => a.Id == admission)).Stage));
        (staff, officer) = (await app.SignedInAsync(Roles.StationStaff), await app.SignedInAsync(Roles.CaseOfficer));

        var number = Cases.ResidentIdNumber("110105", bornOn, "031");
        var mistyped = number[..16] + (number[16] == '1' ? '2' : '1') + number[17];
        await ErrorAsync(await PostStepAsync(officer, admission, new { kind = "IdCardIssued", on = app.Today(), office = "城东派出所", idNumber = mistyped, idValidUntil = app.Today().AddYears(20) }), "idNumber");
        var card = await PostStepAsync(officer, admission, new { kind = "IdCardIssued", on = app.Today(), office = "城东派出所", idNumber = number, idValidUntil = app.Today().AddYears(20) });
        Assert.Equal(HttpStatusCode.Created, card.StatusCode);
        // Sealed at rest (Hosting/SealedFields): the row holds ciphertext, never the number.
        var storedNumber = await WithDbAsync(db => db.SettlementSteps.Where(s => s.AdmissionId == admission && s.Kind == SettlementStepKind.IdCardIssued).Select(s => s.SealedIdNumber!).SingleAsync());
        Assert.StartsWith(Rescue.Web.Hosting.SealedFields.SealedPrefix, storedNumber);
        Assert.DoesNotContain(number, storedNumber);

        var cardStep = await WithDbAsync(db => db.SettlementSteps.Where(s => s.AdmissionId == admission && s.Kind == SettlementStepKind.IdCardIssued).Select(s => s.Id).SingleAsync());
        var readsBefore = await ReadsAsync(cardStep);
        var asStaff = IdCard(await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement"));
        Assert.Equal(number[..4] + new string('*', 10) + number[^4..], asStaff.GetProperty("idNumber").GetString());
        Assert.True(asStaff.GetProperty("idNumberMasked").GetBoolean());
        Assert.Equal(readsBefore, await ReadsAsync(cardStep));
        var asOfficer = IdCard(await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement"));
        Assert.Equal(number, asOfficer.GetProperty("idNumber").GetString());
        Assert.Equal(readsBefore + 1, await ReadsAsync(cardStep));
        await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement");
        Assert.Equal(readsBefore + 2, await ReadsAsync(cardStep));
        // The pages follow the same rule: staff see it masked, a case officer in full (audited).
        Assert.DoesNotContain(number, await staff.GetStringAsync($"/admissions/{admission}/settlement"));
        Assert.Contains(number, await officer.GetStringAsync($"/admissions/{admission}/settlement"));
        Assert.Equal(readsBefore + 3, await ReadsAsync(cardStep));

        await ErrorAsync(await PostStepAsync(officer, admission, new { kind = "MedicalInsurance", on = app.Today(), office = "示范市医保局" }), "insuranceNumber");
        Assert.Equal(HttpStatusCode.Created, (await PostStepAsync(officer, admission, new { kind = "MedicalInsurance", on = app.Today(), office = "示范市医保局", insuranceNumber = "YB-3301-0098", insuranceYear = app.Today().Year })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostStepAsync(officer, admission, new { kind = "Dibao", on = app.Today(), office = "示范市民政局" })).StatusCode);
        Assert.Contains("二者只能择一", await ErrorAsync(await PostStepAsync(officer, admission, new { kind = "Tekun", on = app.Today(), office = "示范市民政局" }), "kind"));

        var done = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/settlement");
        Assert.Equal(["Application", "PoliceApproval", "HukouRegistered", "IdCardIssued", "MedicalInsurance", "Dibao"],
            done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()!).ToArray());
        Assert.Empty(done.GetProperty("next").EnumerateArray());
        // The audit log holds who recorded each step, never the number itself.
        await WithDbAsync(async db => Assert.False(await db.AuditLog.AnyAsync(e => e.Detail != null && e.Detail.Contains(number))));
    }

    [Fact]
    public async Task The_steps_form_keeps_what_was_typed_and_the_chosen_document_when_a_rule_refuses_it()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (admission, _) = await app.AdmitAsync(staff, new { sex = "Female", estimatedAgeMin = 30, estimatedAgeMax = 40 });
        var path = $"/admissions/{admission}/settlement";

        var staffPage = await staff.GetStringAsync(path);
        Assert.Contains("data-condition=\"periodElapsed\" data-met=\"no\"", staffPage);
        Assert.DoesNotContain("id=\"settlement-step\"", staffPage);

        var page = await officer.GetStringAsync(path);
        var form = new MultipartFormDataContent
        {
            { new StringContent("settlement-step"), "_handler" },
            { new StringContent(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("Application"), "Step.Kind" },
            { new StringContent(app.Today().ToString("yyyy-MM-dd")), "Step.On" },
            { new StringContent("民申〔2026〕88号"), "Step.Reference" },
            { new StringContent("示范市民政局"), "Step.Office" },
            { new ByteArrayContent(Pdf), "Document", "入户申请审批表.pdf" },
        };
        var response = await officer.PostAsync(path, form);
        var refused = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("尚不符合落户安置条件", refused);
        Assert.Contains("value=\"民申〔2026〕88号\"", System.Net.WebUtility.HtmlDecode(refused));
        Assert.Contains("value=\"示范市民政局\"", System.Net.WebUtility.HtmlDecode(refused));
        Assert.Contains("data-kept=\"入户申请审批表.pdf\"", System.Net.WebUtility.HtmlDecode(refused));
        await WithDbAsync(async db => Assert.False(await db.SettlementSteps.AnyAsync(s => s.AdmissionId == admission)));

        // With the application on file (written here: eligibility is the other tests'), the police's approval is submitted
        // with the document kept from the refused post, not chosen again.
        await WithDbAsync(async db =>
        {
            db.SettlementSteps.Add(new SettlementStep
            {
                Id = Guid.NewGuid(),
                AdmissionId = admission,
                Kind = SettlementStepKind.Application,
                On = app.Today(),
                Office = "示范市民政局",
                CreatedBy = "test",
                CreatedAt = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });
        var again = await officer.PostAsync(path, new MultipartFormDataContent
        {
            { new StringContent("settlement-step"), "_handler" },
            { new StringContent(Regex.Match(refused, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent(Regex.Match(refused, "name=\"Kept.Token\" value=\"([^\"]+)\"").Groups[1].Value), "Kept.Token" },
            { new StringContent("PoliceApproval"), "Step.Kind" },
            { new StringContent(app.Today().ToString("yyyy-MM-dd")), "Step.On" },
            { new StringContent("城东派出所"), "Step.Office" },
        });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var document = await officer.GetAsync($"/api/v1/admissions/{admission}/settlement/steps/PoliceApproval/document");
        Assert.Equal(Pdf, await document.Content.ReadAsByteArrayAsync());
        Assert.Contains("入户申请审批表.pdf", document.Content.Headers.ContentDisposition?.FileNameStar ?? document.Content.Headers.ContentDisposition?.FileName ?? "");
    }

    private static JsonElement IdCard(JsonElement settlement) =>
        settlement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "IdCardIssued");

    private Task<int> ReadsAsync(Guid step) =>
        WithDbAsync(db => db.AuditLog.CountAsync(e => e.Subject == nameof(SettlementStep) && e.SubjectId == step.ToString() && e.Action == AuditAction.Read));

    /// <summary>A body for <paramref name="kind"/> with every field its kind needs, so only the order of steps can refuse it.</summary>
    private object StepBody(SettlementStepKind kind) => new
    {
        kind = kind.ToString(),
        on = app.Today(),
        office = "示范市民政局",
        hukouName = "党新民",
        hukouDateOfBirth = new DateOnly(1962, 5, 1),
        idNumber = Cases.ResidentIdNumber("110105", new DateOnly(1962, 5, 1), "031"),
        idValidUntil = app.Today().AddYears(20),
        insuranceNumber = "YB-1",
        insuranceYear = 2026,
    };

    private static Task<HttpResponseMessage> PostStepAsync(HttpClient client, Guid admission, object step, (string Name, byte[] Content)? document = null)
    {
        var url = $"/api/v1/admissions/{admission}/settlement/steps";
        if (document is not { } file) return client.PostAsJsonAsync(url, step);
        return client.PostAsync(url, new MultipartFormDataContent { { JsonContent.Create(step), "step" }, { new ByteArrayContent(file.Content), "document", file.Name } });
    }

    /// <summary>The messages of a 400 for <paramref name="field"/>, joined; fails unless the answer is that 400.</summary>
    private static async Task<string> ErrorAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {text}");
        return string.Join("\n", messages.EnumerateArray().Select(m => m.GetString()));
    }

    private static string Text(SettlementStepKind kind) => kind switch
    {
        SettlementStepKind.Application => "入户申请",
        SettlementStepKind.PoliceApproval => "公安审批",
        SettlementStepKind.HukouRegistered => "户口登记",
        SettlementStepKind.IdCardIssued => "身份证办理",
        _ => kind.ToString(),
    };

    private async Task WithDbAsync(Func<RescueDbContext, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<RescueDbContext>());
    }

    private async Task<T> WithDbAsync<T>(Func<RescueDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RescueDbContext>());
    }
}
