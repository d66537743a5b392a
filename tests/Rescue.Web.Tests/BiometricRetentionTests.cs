using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Biometrics;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// Face signatures of closed notices and identified people are deleted once the retention period has passed, on real
/// PostgreSQL and real photos; the face worker computes none for them, an import restores none, and every read of a
/// photo's faces is audited. Tests of this class move the shared clock forward, each from wherever it stands.
/// </summary>
public class BiometricRetentionTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task A_notice_closed_as_found_loses_its_face_signatures_after_30_days_with_an_audit_entry_and_a_reimport_of_its_export_restores_none()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = await NoticeWithFaceAsync(officer, "岳晓光");
        var export = await ExportPfifAsync();
        var found = await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Found", note = "家属已接回" });
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);

        await PurgeAsync();
        Assert.Equal(1, await SignaturesOfAsync(notice));
        app.Clock.Advance(30 * Day + TimeSpan.FromMinutes(1));
        var purged = await PurgeAsync();

        Assert.True(purged >= 1, $"{purged} signatures deleted");
        Assert.Equal(0, await SignaturesOfAsync(notice));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var photo = await db.Photos.AsNoTracking().SingleAsync(p => p.OwnerId == notice);
            Assert.Equal(FaceStatus.NotKept, photo.FaceStatus);
            Assert.False(await db.FaceJobs.AnyAsync(j => j.PhotoId == photo.Id));
            var entry = Assert.Single(await db.AuditLog.Where(a => a.SubjectId == notice.ToString() && a.Action == AuditAction.Purge).ToListAsync());
            Assert.Equal((nameof(MissingPersonNotice), "1 face signatures of 1 photos deleted, 30 days after the notice closed"), (entry.Subject, entry.Detail));
        }

        // The export as it was (the station's own domain, left alone) and as a partner's copy of it (new notices).
        var partner = "partner-" + Guid.NewGuid().ToString("N")[..8] + ".example.org";
        var signaturesBefore = await CountAsync(db => db.FaceSignatures.CountAsync());
        var own = await ImportAsync(export);
        var copy = await ImportAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(export).Replace("rescue.local", partner)));

        Assert.Equal(0, own.Accepted);
        Assert.True(copy.Accepted >= 1, $"{copy.Accepted} notices copied");
        Assert.Equal(0, await SignaturesOfAsync(notice));
        Assert.Equal(signaturesBefore, await CountAsync(db => db.FaceSignatures.CountAsync()));
        Assert.Equal(0, await CountAsync(db => db.Photos.CountAsync(p => db.Notices.Any(n => n.Id == p.OwnerId && n.SourceName == partner))));
        Assert.Equal(1, await CountAsync(db => db.Notices.CountAsync(n => n.SourceName == partner && n.MissingPersonName == "岳晓光")));
    }

    [Fact]
    public async Task A_notice_closed_29_days_ago_keeps_its_signatures_and_loses_them_two_days_later()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = await NoticeWithFaceAsync(officer, "岳二十九");
        await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Withdrawn" });

        app.Clock.Advance(29 * Day);
        await PurgeAsync();
        Assert.Equal(1, await SignaturesOfAsync(notice));

        app.Clock.Advance(2 * Day);
        await PurgeAsync();
        Assert.Equal(0, await SignaturesOfAsync(notice));
    }

    [Fact]
    public async Task A_reopened_notice_keeps_its_signatures()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = await NoticeWithFaceAsync(officer, "岳重开");
        await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Found" });
        var reopened = await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Open", note = "认错人了" });
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);

        app.Clock.Advance(60 * Day);
        await PurgeAsync();

        Assert.Equal(1, await SignaturesOfAsync(notice));
    }

    [Fact]
    public async Task A_person_identified_31_days_ago_loses_the_signatures_of_every_admission_photo()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var admission = await AdmissionWithFaceAsync(staff);
        await IdentifyAsync(admission);

        app.Clock.Advance(31 * Day);
        await PurgeAsync();

        Assert.Equal(0, await SignaturesOfAsync(admission));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var entry = Assert.Single(await db.AuditLog.Where(a => a.SubjectId == admission.ToString() && a.Action == AuditAction.Purge).ToListAsync());
        Assert.Equal("Admission", entry.Subject);
        Assert.EndsWith("30 days after the person was identified", entry.Detail);
    }

    [Fact]
    public async Task With_a_retention_of_0_days_the_next_purge_deletes_them()
    {
        await using var noRetention = app.WithWebHostBuilder(b => b.UseSetting("Rescue:Biometrics:RetentionDays", "0"));
        var officer = await noRetention.SignedInAsync(Roles.CaseOfficer);
        var notice = await NoticeWithFaceAsync(officer, "岳即删");
        await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Withdrawn" });

        var purged = await noRetention.Services.GetRequiredService<BiometricRetention>().PurgeAsync(default);

        Assert.True(purged >= 1);
        Assert.Equal(0, await SignaturesOfAsync(notice));
    }

    [Fact]
    public async Task The_face_worker_computes_no_signature_for_a_photo_of_a_closed_notice_or_an_identified_person()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("岳已结"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Found" });
        var admission = await AdmissionWithFaceAsync(staff);
        await IdentifyAsync(admission);

        var late = await officer.PostAsync($"/api/v1/notices/{notice}/photos", Photo("img17.jpg"));
        var later = await staff.PostAsync($"/api/v1/admissions/{admission}/photos", Photo("img16.jpg"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (late.StatusCode, later.StatusCode));

        var noticePhoto = await PhotoOfAsync(notice, position: 0);
        var admissionPhoto = await PhotoOfAsync(admission, position: 1);
        Assert.Equal(FaceStatus.NotKept, (await WaitForWorkerAsync(noticePhoto)).FaceStatus);
        Assert.Equal(FaceStatus.NotKept, (await WaitForWorkerAsync(admissionPhoto)).FaceStatus);
        Assert.Equal(0, await CountAsync(db => db.FaceSignatures.CountAsync(f => f.PhotoId == noticePhoto || f.PhotoId == admissionPhoto)));
        Assert.Equal(0, await CountAsync(db => db.FaceJobs.CountAsync(j => j.PhotoId == noticePhoto || j.PhotoId == admissionPhoto)));
        // The first photo, from before the identification, keeps its signature until the retention period ends.
        Assert.Equal(1, await SignaturesOfAsync(admission));
    }

    [Fact]
    public async Task Every_read_of_a_photos_faces_by_a_user_is_audited()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = await NoticeWithFaceAsync(officer, "岳审计");
        var photo = await PhotoOfAsync(notice, position: 0);
        var before = await FaceReadsAsync(photo);

        var api = await officer.GetAsync($"/api/v1/photos/{photo}/faces");
        var afterApi = await FaceReadsAsync(photo);
        var page = await officer.GetAsync($"/notices/{notice}");
        var afterPage = await FaceReadsAsync(photo);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (api.StatusCode, page.StatusCode));
        Assert.Equal(before + 1, afterApi);
        Assert.Equal(afterApi + 1, afterPage);
        await using var scope = app.Services.CreateAsyncScope();
        var last = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog.AsNoTracking()
            .Where(a => a.Subject == "Photo" && a.SubjectId == photo.ToString()).OrderByDescending(a => a.Id).FirstAsync();
        Assert.Equal(DemoData.Users.Single(u => u.Role == Roles.CaseOfficer).DisplayName, last.ActorName);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3651")]
    [InlineData("thirty")]
    public void A_bad_retention_stops_the_app_at_start_naming_the_setting(string days)
    {
        using var broken = app.WithWebHostBuilder(b => b.UseSetting("Rescue:Biometrics:RetentionDays", days));

        var error = Record.Exception(() => broken.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Rescue:Biometrics:RetentionDays", error.ToString());
    }

    private Task<int> PurgeAsync() => app.Services.GetRequiredService<BiometricRetention>().PurgeAsync(default);

    private async Task<Guid> NoticeWithFaceAsync(HttpClient officer, string name)
    {
        var created = await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice(name));
        created.EnsureSuccessStatusCode();
        var notice = (await created.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, officer, $"/api/v1/notices/{notice}/photos", notice, "img12.jpg");
        return notice;
    }

    private async Task<Guid> AdmissionWithFaceAsync(HttpClient staff)
    {
        var created = await staff.PostAsJsonAsync("/api/v1/admissions", new { sex = "Male" });
        created.EnsureSuccessStatusCode();
        var admission = (await created.Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await FacePhotoUploads.AddAndWaitAsync(app, staff, $"/api/v1/admissions/{admission}/photos", admission, "img12.jpg");
        return admission;
    }

    /// <summary>
    /// Establishes the admission's person's identity now, as confirming a candidate does (MatchCandidateTests confirms
    /// through the API; here only the instant matters).
    /// </summary>
    private async Task IdentifyAsync(Guid admission)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var now = app.Clock.GetUtcNow();
        await db.People.Where(p => db.Admissions.Any(a => a.Id == admission && a.PersonId == p.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IdentifiedAt, now));
    }

    private async Task<byte[]> ExportPfifAsync()
    {
        using var export = new MemoryStream();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NoticeExporter>().WriteAsync(ExportFormat.Pfif, export, default);
        return export.ToArray();
    }

    private async Task<ImportSummary> ImportAsync(byte[] file)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeImporter>().ImportAsync(new MemoryStream(file), new ImportRequest("export.xml"), "test", null, default);
    }

    private Task<int> SignaturesOfAsync(Guid owner) =>
        CountAsync(db => db.FaceSignatures.CountAsync(f => db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == owner)));

    private Task<int> FaceReadsAsync(Guid photo) =>
        CountAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditAction.Read && a.Subject == "Photo" && a.SubjectId == photo.ToString() && a.Detail == "faces"));

    private async Task<Guid> PhotoOfAsync(Guid owner, int position)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Photos
            .Where(p => p.OwnerId == owner && p.Position == position).Select(p => p.Id).SingleAsync();
    }

    private async Task<T> CountAsync<T>(Func<RescueDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RescueDbContext>());
    }

    private async Task<Photo> WaitForWorkerAsync(Guid photoId)
    {
        // A wall-clock wait for the worker, not the app's time: measured by a stopwatch.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var photo = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Photos.AsNoTracking().SingleAsync(p => p.Id == photoId);
            if (photo.FaceStatus != FaceStatus.Pending) return photo;
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"photo {photoId} is still pending");
            await Task.Delay(200);
        }
    }

    private static MultipartFormDataContent Photo(string image) =>
        new() { { new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", image))), "photos", image } };
}
