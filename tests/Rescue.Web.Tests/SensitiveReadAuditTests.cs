using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// Every read of sensitive data leaves one audit entry per request, naming what was read and never the value. The
/// reads covered elsewhere: tips (TipTests), photo files (PhotoStoreTests), faces (BiometricRetentionTests), settlement
/// ID numbers and documents (SettlementTests), printed forms (CaseFormTests), candidates (CandidatePageTests).
/// </summary>
public class SensitiveReadAuditTests(RescueApp app) : IClassFixture<RescueApp>
{
    private const string Health = "糖尿病，每日胰岛素";

    [Fact]
    public async Task Reading_an_admission_through_the_api_names_the_id_number_and_health_notes_it_showed_not_their_values()
    {
        var (staff, id, number) = await AdmissionWithIdNumberAndHealthAsync();

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/admissions/{id}")).StatusCode);

        var read = Assert.Single(await ReadsAsync("Admission", id));
        Assert.Equal("details, ID number, health notes", read.Detail);
        Assert.DoesNotContain(number, read.Detail);
        Assert.DoesNotContain(Health, read.Detail);
    }

    [Fact]
    public async Task The_admission_page_is_one_audited_read()
    {
        var (staff, id, _) = await AdmissionWithIdNumberAndHealthAsync();

        var page = await staff.GetAsync($"/admissions/{id}");

        Assert.True(page.IsSuccessStatusCode, await page.Content.ReadAsStringAsync());
        Assert.Equal(["details, ID number, health notes"], (await ReadsAsync("Admission", id)).Select(e => e.Detail));
    }

    [Fact]
    public async Task Reading_a_stays_dna_requests_and_results_is_audited()
    {
        var (_, id, _) = await AdmissionWithIdNumberAndHealthAsync();
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/api/v1/admissions/{id}/dna")).StatusCode);

        Assert.Single(await ReadsAsync("DnaRequest", id));
    }

    private async Task<(HttpClient Staff, Guid Id, string IdNumber)> AdmissionWithIdNumberAndHealthAsync()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var number = Cases.ResidentIdNumber("110105", new DateOnly(1962, 5, 1), "031");
        var response = await staff.PostAsJsonAsync("/api/v1/admissions", new { idNumber = new { value = number, quality = "Known" }, healthNotes = Health });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (staff, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), number);
    }

    private async Task<List<AuditEntry>> ReadsAsync(string subject, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog.AsNoTracking()
            .Where(e => e.Subject == subject && e.SubjectId == id.ToString() && e.Action == AuditAction.Read).OrderBy(e => e.Sequence).ToListAsync();
    }
}
