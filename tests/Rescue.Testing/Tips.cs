using System.Net.Http.Json;
using System.Text.Json;
using Rescue.Web.Features.Users;

namespace Rescue.Testing;

/// <summary>A published announcement to send tips on, and sending them, as the tips tests and the hostile-input table need.</summary>
public static class Tips
{
    /// <summary>Admits a person (with a photo), publishes the announcement and returns its id and its public code.</summary>
    public static async Task<(Guid Id, string Code)> PublishedAnnouncementAsync(this RescueApp app, object? admission = null)
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (_, id) = await app.AdmitAsync(staff, admission ?? new { sex = "Male", estimatedAgeMin = 40, estimatedAgeMax = 50 });
        var published = await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/publish", new { channels = new[] { "NationalSite" } });
        if (!published.IsSuccessStatusCode) throw new InvalidOperationException($"publishing failed: {await published.Content.ReadAsStringAsync()}");
        var details = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}");
        return (id!.Value, details.GetProperty("summary").GetProperty("code").GetString()!);
    }

    /// <summary>Sends a tip through the public API: JSON, or multipart with one photo from the test images.</summary>
    public static Task<HttpResponseMessage> SendTipAsync(this HttpClient client, string code, object tip, string? image = null)
    {
        var url = $"/api/v1/public/announcements/{code}/tips";
        if (image is null) return client.PostAsJsonAsync(url, tip);
        return client.PostAsync(url, new MultipartFormDataContent
        {
            { JsonContent.Create(tip), "tip" },
            { new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", image))), "photos", image },
        });
    }
}
