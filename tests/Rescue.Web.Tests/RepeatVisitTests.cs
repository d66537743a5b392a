using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>A person who comes back: a new admission that strongly matches an earlier one is proposed as the same person.</summary>
public class RepeatVisitTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task A_second_admission_of_the_same_person_is_proposed_as_the_earlier_Person_linked_and_unlinked()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var feed = app.Services.GetRequiredService<MatchFeed>();
        var first = await AdmitAsync(staff, "img16.jpg");
        var second = await AdmitAsync(staff, "img17.jpg");
        await app.CaughtUpAsync();

        var candidates = (await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?admissionId={second}"))!;
        var visit = candidates.Single(c => c.GetProperty("kind").GetString() == "RepeatVisit");
        Assert.Equal(first, visit.GetProperty("otherId").GetGuid());
        var id = visit.GetProperty("id").GetGuid();

        (await officer.PostAsJsonAsync($"/api/v1/matching/candidates/{id}/confirm", new { note = "同一人再次入站" })).EnsureSuccessStatusCode();
        Assert.Equal(await PersonOfAsync(first), await PersonOfAsync(second));
        var linked = await officer.GetAsAsync<JsonElement>($"/api/v1/matching/candidates/{id}");
        var link = linked.GetProperty("linkId").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await officer.PostAsync($"/api/v1/matching/links/{link}/undo", null)).StatusCode);
        Assert.NotEqual(await PersonOfAsync(first), await PersonOfAsync(second));
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsync($"/api/v1/matching/links/{link}/undo", null)).StatusCode);
        var undone = await officer.GetAsAsync<JsonElement>($"/api/v1/matching/candidates/{id}");
        Assert.Equal("Rejected", undone.GetProperty("status").GetString());
    }

    private async Task<Guid> AdmitAsync(HttpClient staff, string photo)
    {
        var response = await staff.PostAsJsonAsync("/api/v1/admissions", new
        {
            name = new { value = "刘长江", quality = "Partial" },
            hukouPlace = new { value = "四川省南充市", quality = "Partial" },
            sex = "Male",
            estimatedAgeMin = 55,
            estimatedAgeMax = 65,
        });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, staff, $"/api/v1/admissions/{id}/photos", id, photo);
        return id;
    }

    private async Task<Guid> PersonOfAsync(Guid admission)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        return await db.Admissions.Where(a => a.Id == admission).Select(a => a.PersonId).SingleAsync();
    }
}
