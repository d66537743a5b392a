using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Retention;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// Seven years after a person left, their stay is de-identified: on real PostgreSQL and real photo files, what
/// identifies them is gone, what the monthly statistics count is not, and the purge is audited. The test moves its
/// own app's clock by years.
/// </summary>
public class DeidentificationTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task A_stay_that_ended_seven_years_ago_loses_its_personal_data_photos_and_faces_but_not_its_statistics()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
                var (admission, _) = await app.AdmitAsync(staff, new
        {
            sex = "Female",
            name = new { value = "罗秀英", quality = "Known" },
            dateOfBirth = "1961-03-08",
            healthNotes = "高血压，每日服药",
            clothing = "蓝色棉袄",
        });
        await FacePhotoUploads.WaitAsync(app, admission);
        var requested = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/dna", new { policeUnit = "城东派出所", requestedOn = app.Today() });
        var request = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/dna/{request}/result", new { result = "NoMatch", resultOn = app.Today() })).StatusCode);
        var exit = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/exit", new { kind = "Unauthorised", reason = "夜间从后门离开，罗秀英说去找女儿" });
        Assert.Equal(HttpStatusCode.OK, exit.StatusCode);
        await app.CaughtUpAsync();
        var month = app.Today().ToString("yyyy-MM");
        var (shas, ageThen) = await WithDbAsync(async db =>
        {
            var a = await db.Admissions.AsNoTracking().SingleAsync(a => a.Id == admission);
            return (await db.Photos.Where(p => p.OwnerId == admission).Select(p => p.Sha256).ToListAsync(), Admission.AgeOn(a.DateOfBirth!.Value, app.Today()));
        });
        Assert.NotEmpty(shas);

        app.Clock.Advance(TimeSpan.FromDays(365 * 7 - 1));
        Assert.Equal(0, (await RunAsync()).Stays);
        app.Clock.Advance(TimeSpan.FromDays(3));
        // Seven years on, the morning's sign-ins have long expired; the month's figures as they stand then.
        staff = await app.SignedInAsync(Roles.StationStaff);
        var admin = await app.SignedInAsync(Roles.Administrator);
        var figures = await admin.GetStringAsync($"/api/v1/statistics/{month}");
        var result = await RunAsync();

        Assert.Equal(1, result.Stays);
        Assert.True(result.Photos >= 1 && result.FaceSignatures >= 1, $"{result}");
        await WithDbAsync(async db =>
        {
            var a = await db.Admissions.AsNoTracking().SingleAsync(a => a.Id == admission);
            Assert.Null(a.Name.Value);
            Assert.Null(a.SealedHealthNotes);
            Assert.Null(a.Clothing);
            Assert.Null(a.DateOfBirth);
            Assert.Equal(((int?)ageThen, (int?)ageThen), (a.EstimatedAgeMin, a.EstimatedAgeMax));
            Assert.NotNull(a.DeidentifiedAt);
            Assert.Null((await db.StayExits.AsNoTracking().SingleAsync(e => e.AdmissionId == admission)).Reason);
            Assert.Null((await db.DnaRequests.AsNoTracking().SingleAsync(d => d.AdmissionId == admission)).SealedResult);
            Assert.False(await db.StayEvents.AnyAsync(e => e.AdmissionId == admission && e.Reason != null));
            Assert.False(await db.Photos.AnyAsync(p => p.OwnerId == admission));
            Assert.False(await db.FaceSignatures.AnyAsync(f => db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == admission)));
            var entry = Assert.Single(await db.AuditLog.Where(e => e.SubjectId == admission.ToString() && e.Action == AuditAction.Purge).ToListAsync());
            Assert.StartsWith("de-identified 7 years after the exit", entry.Detail);
            return 0;
        });
        var root = app.Services.GetRequiredService<PhotoStore>().Root;
        foreach (var sha in shas) Assert.Empty(Directory.Exists(Path.Combine(root, sha[..2], sha[2..4])) ? Directory.GetFiles(Path.Combine(root, sha[..2], sha[2..4]), sha + "*") : []);
        var after = await admin.GetStringAsync($"/api/v1/statistics/{month}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(figures), JsonNode.Parse(after)), $"the month's statistics changed:\n{figures}\n{after}");
        var page = await staff.GetStringAsync($"/admissions/{admission}");
        Assert.DoesNotContain("罗秀英", page);
        Assert.DoesNotContain("高血压", page);

        Assert.Equal(0, (await RunAsync()).Stays);
    }

    private async Task<DeidentificationResult> RunAsync() => await app.Services.GetRequiredService<Deidentification>().RunAsync(default);

    private async Task<T> WithDbAsync<T>(Func<RescueDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RescueDbContext>());
    }
}
