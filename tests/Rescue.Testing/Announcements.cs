using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Data;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Users;

namespace Rescue.Testing;

/// <summary>Admissions with a photo and their announcements, as the announcement tests and pages' tests need them.</summary>
public static class Announcements
{
    /// <summary>
    /// Admits a person through the API (multipart: the admission and one photo from the test images), waits until the
    /// announcements feed has seen it, and returns the admission's id and its announcement's id (null when it got none).
    /// </summary>
    public static async Task<(Guid Admission, Guid? Announcement)> AdmitAsync(this RescueApp app, HttpClient staff, object admission, string image = "img12.jpg")
    {
        var photo = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", image));
        var body = new MultipartFormDataContent
        {
            { JsonContent.Create(admission), "admission" },
            { new ByteArrayContent(photo), "photos", image },
        };
        var response = await staff.PostAsync("/api/v1/admissions", body);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.CaughtUpAsync();
        return (id, await app.AnnouncementOfAsync(id));
    }

    public static async Task<Guid?> AnnouncementOfAsync(this RescueApp app, Guid admissionId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        return await db.Announcements.Where(a => a.AdmissionId == admissionId).Select(a => (Guid?)a.Id).SingleOrDefaultAsync();
    }

    /// <summary>Runs <paramref name="query"/> on a fresh scope's <see cref="PublicAnnouncements"/>.</summary>
    public static async Task<T> PublicAsync<T>(this RescueApp app, Func<PublicAnnouncements, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PublicAnnouncements>());
    }

    /// <summary>
    /// A client signed in as another user of <paramref name="role"/> (a second case officer, say), created on first use
    /// under <paramref name="name"/>.
    /// </summary>
    public static async Task<HttpClient> SignedInAsOtherAsync(this RescueApp app, string role, string name)
    {
        var email = $"{name}@test.rescue";
        const string password = "test-other-2026";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            if (!(await users.ListUsersAsync(default)).Any(u => u.Email == email))
                await users.CreateUserAsync(new() { Email = email, DisplayName = name, Password = password, Role = role }, default);
        }
        var client = app.CreateBrowserlikeClient();
        await client.SignInAsync(email, password);
        return client;
    }
}
