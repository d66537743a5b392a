using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Search.Scoring;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>The review page of a candidate the engine proposed from two real photos of one person.</summary>
public class CandidatePageTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task The_review_page_opens_for_staff_and_case_officers_is_denied_to_a_liaison_and_each_opening_is_audited()
    {
        var (candidate, _, _) = await CandidateAsync(app);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var before = await ReadsAsync(candidate);

        var asOfficer = await officer.GetAsync($"/matching/{candidate}");
        var asStaff = await staff.GetAsync($"/matching/{candidate}");
        var asLiaison = await liaison.GetAsync($"/matching/{candidate}");

        Assert.Equal(HttpStatusCode.OK, asOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asStaff.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, asLiaison.StatusCode);
        Assert.StartsWith("/access-denied", asLiaison.Headers.Location!.PathAndQuery);
        Assert.Equal(before + 2, await ReadsAsync(candidate));
        var officerPage = await asOfficer.Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm\"", officerPage);
        Assert.Contains("data-kind=\"Face\"", officerPage);
        var staffPage = await asStaff.Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"confirm\"", staffPage);
        Assert.DoesNotContain("id=\"reject\"", staffPage);

        // Each part's sentence is shown in the reader's language.
        var face = (await officer.GetAsAsync<CandidateDetails>($"/api/v1/matching/candidates/{candidate}"))!.Parts.Single(p => p.Kind == ScoreKind.Face);
        Assert.Contains(face.Sentence, WebUtility.HtmlDecode(officerPage));
        await staff.GetAsync("/culture/en?returnUrl=/");
        var english = WebUtility.HtmlDecode(await staff.GetStringAsync($"/matching/{candidate}"));
        Assert.Contains(face.English, english);
        Assert.DoesNotContain(face.Sentence, english);
    }

    [Fact]
    public async Task The_hand_search_from_an_admission_lists_the_notice_with_its_explained_total_and_refuses_an_unreadable_filter()
    {
        var (_, notice, admission) = await CandidateAsync(app);
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var page = WebUtility.HtmlDecode(await staff.GetStringAsync($"/matching/search?admissionId={admission}&sex=Male&from=10"));
        var unreadable = await staff.GetAsync($"/matching/search?admissionId={admission}&from=ten");

        Assert.Contains($"data-notice=\"{notice}\"", page);
        Assert.Contains("鲁建国", page);
        Assert.Contains("data-kind=\"Face\"", page);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("data-parameter=\"from\"", await unreadable.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Rejecting_without_a_reason_shows_the_message_keeps_the_candidate_new_and_a_reason_rejects_it()
    {
        var (candidate, notice, admission) = await CandidateAsync(app);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var refused = await officer.PostFormAsync($"/matching/{candidate}", "reject", ("Reason", "  "));
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("排除比对结果时请写明理由", page);
        Assert.Contains("id=\"error-summary\"", page);
        Assert.Contains("data-status=\"New\"", page);
        Assert.Contains($"/matching/{candidate}", await officer.GetStringAsync($"/notices/{notice}"));
        var staffAdmission = await (await app.SignedInAsync(Roles.StationStaff)).GetStringAsync($"/admissions/{admission}");
        Assert.Contains($"/matching/{candidate}", staffAdmission);
        Assert.Contains($"/matching/search?admissionId={admission}", staffAdmission);

        var rejected = await (await officer.PostFormAsync($"/matching/{candidate}", "reject", ("Reason", "家属称其左眉无痣"))).Content.ReadAsStringAsync();

        Assert.Contains("data-status=\"Rejected\"", rejected);
        Assert.Contains("家属称其左眉无痣", rejected);
        Assert.Contains("id=\"decided\"", rejected);
    }

    [Fact]
    public async Task Confirming_on_the_page_with_only_what_it_requires_confirms()
    {
        var (candidate, notice, _) = await CandidateAsync(app);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var confirmed = await (await officer.PostFormAsync($"/matching/{candidate}", "confirm")).Content.ReadAsStringAsync();

        Assert.Contains("data-status=\"Confirmed\"", confirmed);
        Assert.Equal("Found", (await officer.GetAsAsync<JsonElement>($"/api/v1/notices/{notice}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("NUL", "含有不允许的控制字符", "contains control characters that are not allowed")]
    [InlineData("1 MB", "最多 1000 个字", "at most 1000 characters")]
    public async Task A_reason_that_cannot_be_kept_is_refused_under_its_field_and_changes_nothing(string kind, string chinese, string english)
    {
        var (candidate, _, _) = await CandidateAsync(app);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var reason = kind == "NUL" ? "家属称\0其左眉无痣" : new string('x', 1_000_000);

        var refused = await officer.PostFormAsync($"/matching/{candidate}", "reject", ("Reason", reason));
        var page = await refused.Content.ReadAsStringAsync();
        await officer.GetAsync("/culture/en?returnUrl=/");
        var inEnglish = await (await officer.PostFormAsync($"/matching/{candidate}", "reject", ("Reason", reason))).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"error-summary\"", page);
        Assert.Contains("data-status=\"New\"", page);
        // Under the reject form's reason, not elsewhere.
        Assert.Matches($"id=\"reject\"[\\s\\S]*data-field=\"note\">{chinese}</p>", page);
        Assert.Matches($"id=\"reject\"[\\s\\S]*data-field=\"note\">{english}</p>", inEnglish);
        var now = await officer.GetAsAsync<JsonElement>($"/api/v1/matching/candidates/{candidate}");
        Assert.Equal("New", now.GetProperty("status").GetString());
    }

    private async Task<int> ReadsAsync(Guid candidate)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        return await db.AuditLog.CountAsync(e => e.Subject == "MatchCandidate" && e.SubjectId == candidate.ToString() && e.Action == AuditAction.Read);
    }

    /// <summary>A family's notice with one photo and an admission with another photo of the same person, and the candidate the engine proposed.</summary>
    internal static async Task<(Guid Candidate, Guid Notice, Guid Admission)> CandidateAsync(RescueApp app)
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var created = await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁建国"));
        created.EnsureSuccessStatusCode();
        var notice = (await created.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, officer, $"/api/v1/notices/{notice}/photos", notice, "img17.jpg");
        var admitted = await staff.PostAsJsonAsync("/api/v1/admissions", new
        {
            name = new { value = "鲁某", quality = "Partial" },
            hukouPlace = new { value = "河南周口", quality = "Partial" },
            dialect = new { value = "河南话", quality = "Known" },
            sex = "Male",
            estimatedAgeMin = 66,
            estimatedAgeMax = 78,
            heightCm = 164,
        });
        admitted.EnsureSuccessStatusCode();
        var admission = (await admitted.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, staff, $"/api/v1/admissions/{admission}/photos", admission, "img16.jpg");
        await app.CaughtUpAsync();
        var candidates = (await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?admissionId={admission}"))!;
        var candidate = candidates.Single(c => c.GetProperty("otherId").GetGuid() == notice).GetProperty("id").GetGuid();
        return (candidate, notice, admission);
    }
}
