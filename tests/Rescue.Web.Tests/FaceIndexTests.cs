using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rescue.Search.Vectors;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class FaceIndexTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static readonly FaceFilter OpenNotices = new() { Kind = RecordKind.Notice, Status = RecordStatus.Open };

    [Fact]
    public async Task The_app_is_ready_only_once_its_face_index_is_loaded()
    {
        var response = await Readiness.WaitAsync(app.CreateClient());

        Assert.Equal("Healthy", response);
        Assert.True(app.Services.GetRequiredService<FaceIndexFeed>().Loaded);
    }

    [Fact]
    public async Task A_notices_face_joins_the_index_and_leaves_it_at_once_when_the_notice_is_found()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁照片"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        var face = await AddPhotoAndWaitForTheFaceAsync(officer, $"/api/v1/notices/{notice}/photos", notice, "img12.jpg");
        var feed = app.Services.GetRequiredService<FaceIndexFeed>();
        var index = app.Services.GetRequiredService<FaceSignatureIndex>();

        await feed.CatchUpAsync(default);
        var found = index.SearchRecords(face, OpenNotices, 5);

        Assert.Equal(notice, found[0].RecordId);
        Assert.Equal(1f, found[0].Score, 0.001f);

        (await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Found", note = "家属已接回" })).EnsureSuccessStatusCode();
        await feed.CatchUpAsync(default);

        Assert.DoesNotContain(index.SearchRecords(face, FaceFilter.Everything, 50), m => m.RecordId == notice);
    }

    [Fact]
    public async Task A_fresh_load_from_the_database_holds_the_faces_the_running_index_holds()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁重载"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        var face = await AddPhotoAndWaitForTheFaceAsync(officer, $"/api/v1/notices/{notice}/photos", notice, "img17.jpg");
        await app.Services.GetRequiredService<FaceIndexFeed>().CatchUpAsync(default);
        var running = app.Services.GetRequiredService<FaceSignatureIndex>();

        using var reloaded = new FaceSignatureIndex();
        var feed = new FaceIndexFeed(app.Services.GetRequiredService<IServiceScopeFactory>(), reloaded, app.Clock, app.Services.GetRequiredService<ILogger<FaceIndexFeed>>());
        await feed.LoadAsync(default);

        Assert.Equal(running.Count, reloaded.Count);
        Assert.Equal(notice, reloaded.SearchRecords(face, OpenNotices, 1)[0].RecordId);
    }

    /// <summary>Adds a real face photo to a record and waits for the background worker's signature; returns the face.</summary>
    private async Task<float[]> AddPhotoAndWaitForTheFaceAsync(HttpClient client, string path, Guid owner, string image)
    {
        var photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", image));
        var response = await client.PostAsync(path, new MultipartFormDataContent { { new ByteArrayContent(photo), "photos", image } });
        response.EnsureSuccessStatusCode();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var face = await db.FaceSignatures
                .Where(f => f.IsPerson && db.Photos.Any(p => p.Id == f.PhotoId && p.OwnerId == owner))
                .Select(f => f.Embedding).FirstOrDefaultAsync();
            if (face is not null) return face;
            if (waited.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException($"no face signature for {owner}");
            await Task.Delay(200);
        }
    }
}
