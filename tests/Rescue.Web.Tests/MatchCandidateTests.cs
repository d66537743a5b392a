using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Search.Population;
using Rescue.Search.Scoring;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The matching feature end to end on real PostgreSQL and real photos: a family's notice among a thousand others,
/// an admission whose photo is another photo of the same person, the candidate the engine proposes, and the
/// officer's decisions on it.
/// </summary>
public class MatchCandidateTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task An_admission_whose_photo_is_another_photo_of_a_notices_person_ranks_that_notice_first_among_a_thousand_and_is_explained()
    {
        var (notice, admission) = await FamilyAndPersonAsync("鲁建国", "img17.jpg", "img16.jpg");

        var feed = app.Services.GetRequiredService<MatchFeed>();
        Assert.True(feed.Engine.NoticeCount >= 1_000, $"{feed.Engine.NoticeCount} notices held");
        var ranked = feed.Engine.CandidatesFor(feed.Engine.Person(admission)!, 20);
        Assert.Equal(notice, ranked[0].NoticeId);

        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var queue = (await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?admissionId={admission}"))!;
        var best = queue[0];
        Assert.Equal(notice, best.GetProperty("otherId").GetGuid());
        var details = await officer.GetAsAsync<JsonElement>($"/api/v1/matching/candidates/{best.GetProperty("id").GetGuid()}");
        var parts = details.GetProperty("parts").EnumerateArray().ToDictionary(p => p.GetProperty("kind").GetString()!);
        foreach (var kind in new[] { ScoreKind.Face, ScoreKind.Age, ScoreKind.Name })
        {
            Assert.False(string.IsNullOrWhiteSpace(parts[kind.ToString()].GetProperty("sentence").GetString()), $"{kind} has no sentence");
            Assert.False(string.IsNullOrWhiteSpace(parts[kind.ToString()].GetProperty("english").GetString()), $"{kind} has no English sentence");
        }
        Assert.True(parts["Face"].GetProperty("points").GetDouble() > 10, "the same person's face counts for the pair");
        Assert.NotEmpty(details.GetProperty("admission").GetProperty("photoIds").EnumerateArray());
        Assert.NotEmpty(details.GetProperty("other").GetProperty("photoIds").EnumerateArray());
    }

    [Fact]
    public async Task Confirming_marks_the_notice_found_identifies_the_person_and_takes_both_out_of_the_engine()
    {
        var (notice, admission) = await FamilyAndPersonAsync("鲁秀英", "img12.jpg", "img12.jpg", sex: "Female");
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var candidate = ((await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?noticeId={notice}"))!)
            .Single(c => c.GetProperty("admissionId").GetGuid() == admission).GetProperty("id").GetGuid();

        var confirmed = await officer.PostAsJsonAsync($"/api/v1/matching/candidates/{candidate}/confirm", new { note = "家属视频确认" });
        await app.CaughtUpAsync();

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var stored = await officer.GetAsAsync<JsonElement>($"/api/v1/notices/{notice}");
        Assert.Equal("Found", stored.GetProperty("status").GetString());
        var engine = app.Services.GetRequiredService<MatchFeed>().Engine;
        Assert.Null(engine.Notice(notice));
        Assert.Null(engine.Person(admission));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var person = await db.Admissions.Where(a => a.Id == admission).Select(a => a.Person).SingleAsync();
        Assert.Equal(notice, person.IdentifiedByNoticeId);
        Assert.Contains(await db.AuditLog.Where(e => e.Subject == "MatchCandidate" && e.SubjectId == candidate.ToString()).Select(e => e.Detail).ToListAsync(),
            d => d!.StartsWith("confirmed"));

        var again = await officer.PostAsJsonAsync($"/api/v1/matching/candidates/{candidate}/confirm", new { });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_rejected_pair_is_not_proposed_again_and_changing_the_admissions_estimated_age_scores_it_again()
    {
        var (notice, admission) = await FamilyAndPersonAsync("鲁长生", "img21.jpg", "img21.jpg");
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var feed = app.Services.GetRequiredService<MatchFeed>();
        var candidate = await CandidateAsync(officer, admission, notice);
        var before = candidate.GetProperty("total").GetDouble();

        var noReason = await officer.PostAsJsonAsync($"/api/v1/matching/candidates/{candidate.GetProperty("id")}/reject", new { note = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("note", await noReason.Content.ReadAsStringAsync());
        (await officer.PostAsJsonAsync($"/api/v1/matching/candidates/{candidate.GetProperty("id")}/reject", new { note = "家属称其左眉无痣" })).EnsureSuccessStatusCode();

        // The notice saved again as it was: a search runs, and the rejected pair stays rejected.
        var stored = await officer.GetAsAsync<JsonElement>($"/api/v1/notices/{notice}");
        (await officer.PutAsJsonAsync($"/api/v1/notices/{notice}", NoticeTests.ValidNotice("鲁长生"))).EnsureSuccessStatusCode();
        await app.CaughtUpAsync();
        Assert.Equal("Rejected", (await CandidateAsync(officer, admission, notice, "Rejected")).GetProperty("status").GetString());
        Assert.DoesNotContain((await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?admissionId={admission}"))!,
            c => c.GetProperty("otherId").GetGuid() == notice);

        // The estimated age changes: the pair is scored again and comes back for review.
        var form = await staff.GetAsAsync<JsonElement>($"/api/v1/admissions/{admission}");
        (await staff.PutAsJsonAsync($"/api/v1/admissions/{admission}", Admission("鲁长生", "Male", 70, 74))).EnsureSuccessStatusCode();
        await app.CaughtUpAsync();
        var rescored = await CandidateAsync(officer, admission, notice);
        Assert.Equal("New", rescored.GetProperty("status").GetString());
        Assert.NotEqual(before, rescored.GetProperty("total").GetDouble());
        Assert.NotNull(stored.GetProperty("id").GetString());
        Assert.NotNull(form.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Deciding_needs_a_case_officer_and_a_liaison_sees_no_candidate()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync($"/api/v1/matching/candidates/{id}/confirm", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await liaison.GetAsync("/api/v1/matching/candidates")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/matching/candidates")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/matching/candidates")).StatusCode);
    }

    /// <summary>
    /// A thousand generated notices, then a family's notice with one photo and an admission with another photo of
    /// the same person; returns both ids once the engine has searched them.
    /// </summary>
    private async Task<(Guid Notice, Guid Admission)> FamilyAndPersonAsync(string name, string noticePhoto, string admissionPhoto, string sex = "Male")
    {
        await Readiness.WaitAsync(app.CreateClient());
        await ThousandNoticesAsync();
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var family = NoticeTests.ValidNotice(name);
        var created = await officer.PostAsJsonAsync("/api/v1/notices", sex == "Male" ? family : WithSex(family, sex));
        created.EnsureSuccessStatusCode();
        var notice = (await created.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, officer, $"/api/v1/notices/{notice}/photos", notice, noticePhoto);

        var response = await staff.PostAsJsonAsync("/api/v1/admissions", Admission(name[..1] + "某", sex, 66, 78));
        response.EnsureSuccessStatusCode();
        var admission = (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, staff, $"/api/v1/admissions/{admission}/photos", admission, admissionPhoto);
        await app.CaughtUpAsync();
        return (notice, admission);
    }

    private static object Admission(string name, string sex, int ageMin, int ageMax) => new
    {
        name = new { value = name, quality = "Partial" },
        hukouPlace = new { value = "河南周口", quality = "Partial" },
        dialect = new { value = "河南话", quality = "Known" },
        sex,
        estimatedAgeMin = ageMin,
        estimatedAgeMax = ageMax,
        heightCm = 164,
    };

    private static Dictionary<string, object?> WithSex(object notice, string sex)
    {
        var fields = JsonSerializer.SerializeToElement(notice).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["sex"] = sex;
        return fields;
    }

    private static async Task<JsonElement> CandidateAsync(HttpClient officer, Guid admission, Guid notice, string status = "New") =>
        ((await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?admissionId={admission}&status={status}"))!)
            .Single(c => c.GetProperty("otherId").GetGuid() == notice);

    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>A thousand generated notices through the importer, once per database.</summary>
    private async Task ThousandNoticesAsync()
    {
        await Once.WaitAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            if (await db.Notices.CountAsync(n => n.SourceName == "人口生成器") >= 1_000) return;
            var notices = new StringWriter();
            new PopulationGenerator(new PopulationOptions(1_000, 0, 0)).Write(notices, TextWriter.Null, TextWriter.Null);
            var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
            var summary = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(notices.ToString())), new ImportRequest("population.csv", false, null), "test", null, default);
            Assert.Equal(1_000, summary.Accepted);
            await app.CaughtUpAsync();
        }
        finally
        {
            Once.Release();
        }
    }
}
