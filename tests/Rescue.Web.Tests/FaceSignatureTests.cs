using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Vision;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using SkiaSharp;

namespace Rescue.Web.Tests;

public class FaceSignatureTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static byte[] Photo(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", name));

    [Fact]
    public async Task Upload_does_not_wait_for_faces_and_the_queued_work_survives_a_restart()
    {
        Guid photoId;
        // First an app whose face worker is off, as if it stopped right after the upload.
        await using (var stopped = app.WithWebHostBuilder(b => b.UseSetting("Rescue:Faces:Enabled", "false")))
        {
            var staff = await stopped.SignedInAsync(Roles.StationStaff);
            var admission = await (await staff.SendAsync(AdmissionWithPhoto(Photo("img12.jpg")))).Content.ReadAsAsync<JsonElement>();
            photoId = admission.GetProperty("photos")[0].GetProperty("id").GetGuid();

            await using var scope = stopped.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            Assert.Equal(FaceStatus.Pending, (await db.Photos.SingleAsync(p => p.Id == photoId)).FaceStatus);
            Assert.True(await db.FaceJobs.AnyAsync(j => j.PhotoId == photoId));
        }

        await using var restarted = app.WithWebHostBuilder(_ => { });
        var faces = await WaitForFacesAsync(await restarted.SignedInAsync(Roles.StationStaff), photoId);

        Assert.Equal(FaceStatus.Found, faces.Status);
        var face = Assert.Single(faces.Faces);
        Assert.True(face.IsPerson);
        Assert.StartsWith("fr:", face.ModelVersion);
        await using var check = restarted.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<RescueDbContext>().FaceSignatures.SingleAsync(f => f.PhotoId == photoId);
        Assert.Equal(512, stored.Embedding.Length);
        Assert.False(await check.ServiceProvider.GetRequiredService<RescueDbContext>().FaceJobs.AnyAsync(j => j.PhotoId == photoId));
    }

    [Fact]
    public async Task Photo_with_two_faces_waits_for_staff_to_choose_the_person()
    {
        await using var running = app.WithWebHostBuilder(_ => { });
        var staff = await running.SignedInAsync(Roles.StationStaff);
        var admission = await (await staff.SendAsync(AdmissionWithPhoto(Photo("couple.jpg")))).Content.ReadAsAsync<JsonElement>();
        var photoId = admission.GetProperty("photos")[0].GetProperty("id").GetGuid();

        var faces = await WaitForFacesAsync(staff, photoId);
        Assert.Equal(FaceStatus.ChooseFace, faces.Status);
        Assert.True(faces.Faces.Count(f => f.Usable) >= 2);
        Assert.DoesNotContain(faces.Faces, f => f.IsPerson);

        var wrong = await staff.PutAsJsonAsync($"/api/v1/photos/{photoId}/person-face", new { faceId = Guid.NewGuid() });
        var chosen = await (await staff.PutAsJsonAsync($"/api/v1/photos/{photoId}/person-face", new { faceId = faces.Faces[1].Id })).Content.ReadAsAsync<PhotoFaces>();

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("faceId", out _));
        Assert.Equal(FaceStatus.Found, chosen!.Status);
        Assert.Equal([faces.Faces[1].Id], chosen.Faces.Where(f => f.IsPerson).Select(f => f.Id));
    }

    [Fact]
    public async Task Photo_with_a_small_face_on_a_poster_behind_the_person_finds_the_person_without_asking()
    {
        await using var running = app.WithWebHostBuilder(_ => { });
        var pipeline = running.Services.GetRequiredService<Lazy<FacePipeline>>().Value;
        var portrait = Photo("img12.jpg");
        var person = pipeline.Analyze(portrait).BestFace!.Box;
        var couple = Photo("couple.jpg");
        var other = pipeline.Analyze(couple).Faces[0].Box;
        // The other face at a fifth of the person's, in the top-left corner, with some hair around it.
        var margin = other.Width * 0.3f;
        var scale = person.Width / 5 / other.Width;
        var crop = SKRect.Create(other.X - margin, other.Y - margin, other.Width + 2 * margin, other.Height + 2 * margin);
        var withPoster = TestImages.WithPasted(portrait, couple, crop, SKRect.Create(8, 8, crop.Width * scale, crop.Height * scale));
        var staff = await running.SignedInAsync(Roles.StationStaff);

        var admission = await (await staff.SendAsync(AdmissionWithPhoto(withPoster))).Content.ReadAsAsync<JsonElement>();
        var faces = await WaitForFacesAsync(staff, admission.GetProperty("photos")[0].GetProperty("id").GetGuid());

        Assert.Equal(FaceStatus.Found, faces.Status);
        Assert.Equal(2, faces.Faces.Count(f => f.Usable));
        var chosen = Assert.Single(faces.Faces, f => f.IsPerson);
        Assert.Equal(faces.Faces.Max(f => f.Side), chosen.Side);
    }

    [Fact]
    public async Task Faces_are_for_the_station_only_and_never_carry_the_embedding()
    {
        await using var running = app.WithWebHostBuilder(_ => { });
        var staff = await running.SignedInAsync(Roles.StationStaff);
        var admission = await (await staff.SendAsync(AdmissionWithPhoto(Photo("img12.jpg")))).Content.ReadAsAsync<JsonElement>();
        var photoId = admission.GetProperty("photos")[0].GetProperty("id").GetGuid();
        await WaitForFacesAsync(staff, photoId);

        var asAdmin = await (await running.SignedInAsync(Roles.Administrator)).GetAsync($"/api/v1/photos/{photoId}/faces");
        var asLiaison = await (await running.SignedInAsync(Roles.Liaison)).GetAsync($"/api/v1/photos/{photoId}/faces");
        var body = await staff.GetStringAsync($"/api/v1/photos/{photoId}/faces");

        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asLiaison.StatusCode);
        Assert.DoesNotContain("embedding", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_corrupt_model_file_stops_the_app_at_start_naming_the_file()
    {
        var models = Directory.CreateTempSubdirectory("rescue-models-").FullName;
        try
        {
            var source = VisionOptions.FindModelsDirectory(AppContext.BaseDirectory)!;
            foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(models, Path.GetFileName(file)));
            var feature = Path.Combine(models, "fr_feature.onnx");
            File.WriteAllBytes(feature, File.ReadAllBytes(feature)[..1000]);
            using var broken = app.WithWebHostBuilder(b => b.UseSetting("Rescue:ModelsDirectory", models));

            var error = Record.Exception(() => broken.CreateClient());

            Assert.NotNull(error);
            Assert.Contains("fr_feature.onnx", error.ToString());
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    private static async Task<PhotoFaces> WaitForFacesAsync(HttpClient client, Guid photoId)
    {
        // A wall-clock wait for the worker, not the app's time: measured by a stopwatch.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var faces = await client.GetAsAsync<PhotoFaces>($"/api/v1/photos/{photoId}/faces");
            if (faces!.Status != FaceStatus.Pending) return faces;
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"photo {photoId} still has no faces");
            await Task.Delay(200);
        }
    }

    private static HttpRequestMessage AdmissionWithPhoto(byte[] photo)
    {
        var content = new ByteArrayContent(photo);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var form = new MultipartFormDataContent { { JsonContent.Create(new { sex = "Male" }), "admission" }, { content, "photos", "photo.jpg" } };
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/admissions") { Content = form };
    }

}
