using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public partial class AdmissionTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Admission_from_a_report_gets_a_case_number_and_the_liaison_sees_what_became_of_it()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var report = await (await liaison.PostAsJsonAsync("/api/v1/reports", ReportTests.ValidReport(app.Clock, "火车站广场"))).Content.ReadAsAsync<JsonElement>();
        var reportId = report.GetProperty("id").GetGuid();
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var response = await staff.PostAsJsonAsync("/api/v1/admissions", new
        {
            reportId,
            name = new { value = "刘某", quality = "Partial" },
            sex = "Male",
            estimatedAgeMin = 60,
            estimatedAgeMax = 70,
            marks = new[] { new { bodyLocation = "左手背", kind = "疤痕" } },
            belongings = new[] { new { item = "手机", quantity = 1 } },
        });
        var admission = await response.Content.ReadAsAsync<JsonElement>();
        var reportAfter = await liaison.GetAsAsync<JsonElement>($"/api/v1/reports/{reportId}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var caseNumber = admission.GetProperty("caseNumber").GetString()!;
        Assert.Matches(CaseNumber(), caseNumber);
        Assert.Equal("Admitted", reportAfter.GetProperty("status").GetString());
        Assert.Equal(caseNumber, reportAfter.GetProperty("caseNumber").GetString());
    }

    [Fact]
    public async Task A_report_is_admitted_once()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var reportId = (await (await liaison.PostAsJsonAsync("/api/v1/reports", ReportTests.ValidReport(app.Clock))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        var staff = await app.SignedInAsync(Roles.StationStaff);
        await staff.PostAsJsonAsync("/api/v1/admissions", new { reportId });

        var second = await staff.PostAsJsonAsync("/api/v1/admissions", new { reportId });

        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.True((await second.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reportId", out _));
    }

    [Fact]
    public async Task Concurrent_admissions_get_distinct_consecutive_case_numbers()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Female" })));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadAsAsync<JsonElement>()).GetProperty("caseNumber").GetString()!));

        Assert.Equal(8, numbers.Distinct().Count());
        var sequence = numbers.Select(n => int.Parse(n[^6..])).Order().ToList();
        Assert.Equal(Enumerable.Range(sequence[0], 8), sequence);
    }

    [Fact]
    public async Task Repeat_admission_links_to_the_same_person()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var first = await (await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Male" })).Content.ReadAsAsync<JsonElement>();

        var second = await (await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Male", personId = first.GetProperty("personId").GetGuid() })).Content.ReadAsAsync<JsonElement>();

        Assert.Equal(first.GetProperty("personId").GetGuid(), second.GetProperty("personId").GetGuid());
        Assert.Equal(1, second.GetProperty("earlierAdmissions").GetInt32());
    }

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("11010519491331002X", false)]
    public async Task Id_number_marked_known_must_pass_its_check_character(string idNumber, bool accepted)
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var response = await staff.PostAsJsonAsync("/api/v1/admissions", new { idNumber = new { value = idNumber, quality = "Known" } });

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("1949-12-31", (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("dateOfBirth").GetString());
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("idNumber.value", out _));
        }
    }

    [Fact]
    public async Task Quality_mark_and_value_must_agree()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var refusedWithValue = await staff.PostAsJsonAsync("/api/v1/admissions", new { name = new { value = "王某", quality = "Refused" } });
        var knownWithout = await staff.PostAsJsonAsync("/api/v1/admissions", new { hukouPlace = new { quality = "Known" } });

        Assert.True((await refusedWithValue.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name.value", out _));
        Assert.True((await knownWithout.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("hukouPlace.value", out _));
    }

    [Fact]
    public async Task Young_estimated_age_marks_a_minor()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var admission = await (await staff.PostAsJsonAsync("/api/v1/admissions", new { estimatedAgeMin = 12, estimatedAgeMax = 15 })).Content.ReadAsAsync<JsonElement>();

        Assert.True(admission.GetProperty("minor").GetBoolean());
    }

    [Fact]
    public async Task Every_create_read_and_update_of_an_admission_is_audited_with_who_and_from_where()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var id = (await (await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Male" })).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();

        await staff.GetAsync($"/api/v1/admissions/{id}");
        await staff.PutAsJsonAsync($"/api/v1/admissions/{id}", new { sex = "Male", heightCm = 170 });

        await using var scope = app.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog
            .Where(a => a.Subject == "Admission" && a.SubjectId == id.ToString()).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditAction.Create, AuditAction.Read, AuditAction.Update], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(Demo.User(Roles.StationStaff).DisplayName, e.ActorName));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.CorrelationId)));
    }

    [Fact]
    public async Task Admissions_list_finds_by_case_number_and_name()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/admissions", new { name = new { value = "欧阳修远", quality = "Known" } })).Content.ReadAsAsync<JsonElement>();

        var byName = await staff.GetAsAsync<List<JsonElement>>("/api/v1/admissions?q=欧阳");
        var byNumber = await staff.GetAsAsync<List<JsonElement>>($"/api/v1/admissions?q={created.GetProperty("caseNumber").GetString()}");

        Assert.Contains(byName!, a => a.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
        Assert.Single(byNumber!);
    }

    [Fact]
    public async Task Photos_taken_after_registration_are_added_and_queued_for_faces_and_a_bad_one_adds_nothing()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var id = (await (await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Male" })).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();

        var added = await staff.PostAsync($"/api/v1/admissions/{id}/photos", new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.Jpeg(640, 480, SkiaSharp.SKColors.Brown)), "photos", "later.jpg" },
        });
        var bad = await staff.PostAsync($"/api/v1/admissions/{id}/photos", new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.Jpeg(640, 480, SkiaSharp.SKColors.Khaki)), "photos", "good.jpg" },
            { new ByteArrayContent("not a photo"u8.ToArray()), "photos", "bad.jpg" },
        });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var photoId = (await added.Content.ReadAsAsync<JsonElement>()).GetProperty("photos")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("photos[1]", out _));
        var after = await staff.GetAsAsync<JsonElement>($"/api/v1/admissions/{id}");
        Assert.Equal(1, after.GetProperty("photos").GetArrayLength());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        // Queued for faces, or already done by the background worker.
        Assert.True(await db.FaceJobs.AnyAsync(j => j.PhotoId == photoId)
            || (await db.Photos.SingleAsync(p => p.Id == photoId)).FaceStatus != Rescue.Web.Features.Photos.FaceStatus.Pending);
    }

    [GeneratedRegex(@"^JZ-\d{4}-\d{6}$")]
    private static partial Regex CaseNumber();
}
