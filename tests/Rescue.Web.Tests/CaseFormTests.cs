using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Cases.Forms;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The forms printed from a stay, read back as a reader would (<see cref="PrintedPdf"/>). The exits and settlement steps
/// are written straight to the database: their services are not these tests' subject.
/// </summary>
public class CaseFormTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly object Told = new
    {
        name = new { value = "王建国", quality = "Partial" },
        hukouPlace = new { value = "四川省南充市", quality = "Known" },
        sex = "Male",
        estimatedAgeMin = 50,
        estimatedAgeMax = 60,
        heightCm = 168,
        marks = new[] { new { bodyLocation = "左手背", kind = "疤痕", description = "约3厘米" } },
        belongings = new[] { new { item = "黑色双肩包", quantity = 1, note = (string?)"有破损" }, new { item = "老人手机", quantity = 1, note = (string?)null } },
        circumstances = "自述外出务工多年，钱包丢失后流落街头",
        contacts = "女儿王小红，电话不详",
        fingerprintsTaken = true,
    };

    [Fact]
    public async Task The_registration_form_is_an_A4_PDF_holding_what_was_told_with_its_quality_the_belongings_and_the_photo()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (id, _) = await app.AdmitAsync(staff, Told);
        var caseNumber = await CaseNumberAsync(id);

        using var pdf = await PrintAsync(staff, id, "registration");

        Assert.Equal(1, pdf.AssertA4Pages());
        var text = pdf.Text;
        foreach (var expected in new[] { "入站登记表", caseNumber, "王建国（部分）", "四川省南充市（确知）", "约50–60岁", "左手背疤痕（约3厘米）", "黑色双肩包", "老人手机", "钱包丢失后流落街头", "女儿王小红", "已采集", "受助人员签字" })
        {
            Assert.Contains(expected, text);
        }
        Assert.True(pdf.HasImage);
    }

    [Fact]
    public async Task The_self_departure_declaration_prints_before_the_exit_to_be_signed_and_after_it_as_recorded()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (id, _) = await app.AdmitAsync(staff, Told);

        using (var before = await PrintAsync(staff, id, "self-departure"))
        {
            before.AssertA4Pages(1);
            var text = before.Text;
            Assert.Contains("本人自愿离开救助管理站", text);
            Assert.Contains("黑色双肩包", text);
            Assert.Contains("已归还", text);
            Assert.Contains("□", text);
        }

        await ExitAsync(id, new StayExit
        {
            Kind = ExitKind.SelfDeparture,
            DeclarationSigned = true,
            Ticket = "K1234次 南充",
            Cash = 20m,
            CashReceipt = "SJ-000123",
            Destination = "四川省南充市",
            Belongings = [new() { Item = "黑色双肩包", Returned = true }, new() { Item = "老人手机", Returned = false, Note = "本人自愿留站" }],
        });

        using var after = await PrintAsync(staff, id, "self-departure");
        after.AssertA4Pages(1);
        var printed = after.Text;
        foreach (var expected in new[] { "K1234次南充", "20.00元", "SJ-000123", "√是", "×否", "本人自愿留站" }) Assert.Contains(expected, printed);
        Assert.DoesNotContain("□", printed);
    }

    [Fact]
    public async Task The_service_record_lists_the_history_the_tasks_with_their_closing_and_the_exit()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (id, _) = await app.AdmitAsync(staff, Told);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            db.StayEvents.Add(new StayEvent
            {
                Id = Guid.NewGuid(),
                AdmissionId = id,
                Kind = StayEventKind.StageChanged,
                FromStage = StayStage.Reception,
                ToStage = StayStage.Registered,
                At = app.Clock.GetUtcNow(),
                ActorId = "test",
                ActorName = "李站员",
                Reason = "初检无异常",
            });
            var check = await db.CaseTasks.SingleAsync(t => t.AdmissionId == id && t.Kind == CaseTaskKind.ReceptionCheck);
            check.ClosedAt = app.Clock.GetUtcNow();
            check.ClosedBy = "test";
            await db.SaveChangesAsync();
        }
        await ExitAsync(id, new StayExit { Kind = ExitKind.Reunion, RelativeName = "王小红", Relationship = "女儿", RelativeDocumentType = "居民身份证", RelativeDocumentNumber = "510100199001010011", VerifiedBy = ReunionVerification.Documents });

        using var pdf = await PrintAsync(staff, id, "service-record");
        pdf.AssertA4Pages();
        var text = pdf.Text;
        foreach (var expected in new[] { "在站服务及离站登记表", "入站初检→已登记", "李站员", "初检无异常", "入站初检", "按期办结", "亲属接领", "王小红", "证件核验" })
        {
            Assert.Contains(expected, text);
        }
        // The relative's document number is for case officers alone.
        Assert.DoesNotContain("510100199001010011", text);
    }

    [Fact]
    public async Task The_termination_notice_is_addressed_to_the_person_and_refused_without_a_termination_exit()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (id, _) = await app.AdmitAsync(staff, Told);

        var refused = await staff.GetAsync($"/api/v1/admissions/{id}/forms/termination.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("form", out _), problem.ToString());

        await ExitAsync(id, new StayExit { Kind = ExitKind.Termination, Reason = "本人拒不接受救助安排" });

        using var pdf = await PrintAsync(staff, id, "termination");
        pdf.AssertA4Pages(1);
        var text = pdf.Text;
        foreach (var expected in new[] { "终止救助通知书", "王建国：", "本人拒不接受救助安排", "终止对你的救助", "送达回执" }) Assert.Contains(expected, text);
        // A stay ended otherwise has no self-departure declaration.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync($"/api/v1/admissions/{id}/forms/self-departure.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_hukou_application_holds_the_application_the_chosen_name_and_three_approval_boxes()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (id, _) = await app.AdmitAsync(await app.SignedInAsync(Roles.StationStaff), Told);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            db.SettlementSteps.AddRange(
                Step(id, SettlementStepKind.Application, new DateOnly(2026, 11, 2), "民救〔2026〕17号", "示范市民政局", null),
                Step(id, SettlementStepKind.PoliceApproval, new DateOnly(2026, 11, 20), "公户〔2026〕5号", "城东派出所", null),
                Step(id, SettlementStepKind.HukouRegistered, new DateOnly(2026, 12, 1), null, "城东派出所户籍室", "党新民"));
            await db.SaveChangesAsync();
        }

        using var pdf = await PrintAsync(officer, id, "hukou-application");
        pdf.AssertA4Pages();
        var text = pdf.Text;
        foreach (var expected in new[] { "入户申请审批表", "党新民", "1970年1月1日", "民救〔2026〕17号", "示范市民政局", "公户〔2026〕5号", "救助管理站意见", "民政部门意见", "公安机关意见" })
        {
            Assert.Contains(expected, text);
        }
    }

    [Fact]
    public async Task A_record_at_every_fields_longest_runs_over_numbered_A4_pages_and_never_leaves_the_page()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (id, _) = await app.AdmitAsync(staff, new
        {
            sex = "Female",
            healthNotes = Filled(2000),
            circumstances = Filled(2000),
            contacts = Filled(2000),
            clothing = Filled(500),
            belongings = Enumerable.Range(1, 60).Select(i => new { item = $"物品{i}", quantity = i, note = Filled(60) }).ToArray(),
        });

        using var pdf = await PrintAsync(staff, id, "registration");
        var pages = pdf.AssertA4Pages();
        Assert.InRange(pages, 3, 10);
        var text = pdf.Text;
        Assert.Contains($"第1页共{pages}页", text);
        Assert.Contains($"第{pages}页共{pages}页", text);
        Assert.Contains("物品60", text);
        Assert.All(pdf.Words(), w => Assert.True(w.Left >= 24 && w.Top >= 12 && w.Right <= 595 - 24 && w.Bottom <= 842 - 12, w.Word));

        static string Filled(int length) => string.Concat(Enumerable.Repeat("字数很多的说明，", length / 8 + 1))[..length];
    }

    [Fact]
    public async Task Forms_are_for_the_station_an_unknown_stay_or_form_is_404_and_every_print_is_audited()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var (id, _) = await app.AdmitAsync(staff, Told);
        var path = $"/api/v1/admissions/{id}/forms/registration.pdf";

        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(Roles.Liaison)).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(Roles.Administrator)).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlikeClient().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/admissions/{Guid.NewGuid()}/forms/registration.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/admissions/{id}/forms/passport.pdf")).StatusCode);
        Assert.Equal(0, await PrintsAuditedAsync(id));

        var response = await (await app.SignedInAsync(Roles.CaseOfficer)).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal(1, await PrintsAuditedAsync(id));
    }

    [Fact]
    public void The_forms_that_apply_follow_the_stage_and_the_exit()
    {
        Assert.Equal([CaseForm.Registration, CaseForm.SelfDeparture, CaseForm.ServiceRecord], CaseForms.Apply(StayStage.Reception, null, false));
        Assert.Equal([CaseForm.Registration, CaseForm.ServiceRecord, CaseForm.Termination], CaseForms.Apply(StayStage.InCare, ExitKind.Termination, false));
        Assert.Contains(CaseForm.HukouApplication, CaseForms.Apply(StayStage.Stranded, null, false));
        Assert.Contains(CaseForm.SelfDeparture, CaseForms.Apply(StayStage.Registered, ExitKind.SelfDeparture, false));
        Assert.All(CaseForms.Slugs, s => Assert.Equal(s.Key, CaseForms.FromSlug(s.Value)));
    }

    private static SettlementStep Step(Guid admission, SettlementStepKind kind, DateOnly on, string? reference, string office, string? name) => new()
    {
        Id = Guid.NewGuid(),
        AdmissionId = admission,
        Kind = kind,
        On = on,
        Reference = reference,
        Office = office,
        HukouName = name,
        HukouDateOfBirth = kind == SettlementStepKind.HukouRegistered ? new DateOnly(1970, 1, 1) : null,
        CreatedBy = "test",
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private async Task<PrintedPdf> PrintAsync(HttpClient client, Guid admission, string form)
    {
        var response = await client.GetAsync($"/api/v1/admissions/{admission}/forms/{form}.pdf");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return new PrintedPdf(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Ends the stay as the exits service will: the exit row and the admission marked exited.</summary>
    private async Task ExitAsync(Guid admission, StayExit exit)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        exit.Id = Guid.NewGuid();
        exit.AdmissionId = admission;
        exit.ExitedAt = app.Clock.GetUtcNow();
        exit.CreatedAt = exit.ExitedAt;
        exit.CreatedBy = "test";
        db.StayExits.Add(exit);
        (await db.Admissions.SingleAsync(a => a.Id == admission)).Exit(exit.ExitedAt);
        await db.SaveChangesAsync();
    }

    private async Task<string> CaseNumberAsync(Guid admission)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Admissions.Where(a => a.Id == admission).Select(a => a.CaseNumber).SingleAsync();
    }

    private async Task<int> PrintsAuditedAsync(Guid admission)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog
            .CountAsync(e => e.Action == AuditAction.Read && e.SubjectId == admission.ToString() && e.Detail == "form registration");
    }
}
