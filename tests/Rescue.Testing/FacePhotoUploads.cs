using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Data;

namespace Rescue.Testing;

/// <summary>
/// Real face photos added to records through the API, waited for until the face worker has their signature. The photo
/// is read from the test project's Images folder (linked from tests/Rescue.Vision.Tests/Images).
/// </summary>
public static class FacePhotoUploads
{
    /// <summary>Adds a photo from the test images to a record and waits for its person's face signature; returns it.</summary>
    public static async Task<float[]> AddAndWaitAsync(RescueApp app, HttpClient client, string path, Guid owner, string image)
    {
        var photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", image));
        var response = await client.PostAsync(path, new MultipartFormDataContent { { new ByteArrayContent(photo), "photos", image } });
        response.EnsureSuccessStatusCode();
        return await WaitAsync(app, owner);
    }

    /// <summary>Waits until the face worker has the signature of the person in a record's photos; returns it.</summary>
    public static async Task<float[]> WaitAsync(RescueApp app, Guid owner)
    {
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
