using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using SkiaSharp;

namespace Rescue.Web.Tests;

public class ReportTests(RescueApp app) : IClassFixture<RescueApp>
{
    public static object ValidReport(TimeProvider clock, string place = "人民路天桥下") => new
    {
        officerName = "张警官",
        foundAt = clock.GetUtcNow().AddHours(-1),
        placeText = place,
        howFound = "Patrol",
        disposition = "EscortedToStation",
        sex = "Male",
        estimatedAgeMin = 60,
        estimatedAgeMax = 70,
        description = "老年男性，言语不清",
        needs = "Elderly, Medical",
    };

    [Fact]
    public async Task Report_posted_twice_with_the_same_idempotency_key_gives_one_report_and_the_same_response()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        var body = ValidReport(app.Clock, "幂等测试地点");

        var first = await PostWithKeyAsync(liaison, body, key);
        var second = await PostWithKeyAsync(liaison, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        Assert.Equal(1, await db.Reports.CountAsync(r => r.PlaceText == "幂等测试地点"));
    }

    [Fact]
    public async Task Retry_through_the_intake_is_told_it_replayed_and_names_the_first_report()
    {
        Guid police;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            police = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Agencies.Where(a => a.Name == DemoData.PoliceAgency).Select(a => a.Id).SingleAsync();
        }
        var now = app.Clock.GetUtcNow();
        var report = new ReportIntake.NewReport
        {
            OfficerName = "张警官",
            FoundAt = now.AddHours(-1),
            PlaceText = "服务层幂等地点",
            HowFound = HowFound.Patrol,
            Disposition = ReportDisposition.EscortedToStation,
            Description = "中年男性",
        };
        var key = Guid.NewGuid().ToString();

        async Task<FiledReport> FileAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(report, [], new(police, "test-liaison"), key, default);
        }
        var first = await FileAsync();
        var retry = await FileAsync();

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Report.Id, retry.Report.Id);
        Assert.Equal(first.Receipt, retry.Receipt);
        Assert.Equal($"/api/v1/reports/{first.Report.Id}", first.Receipt.Location);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_make_one_report()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        var body = ValidReport(app.Clock, "并发幂等地点");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostWithKeyAsync(liaison, body, key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Reports.CountAsync(r => r.PlaceText == "并发幂等地点"));
    }

    [Fact]
    public async Task Same_key_with_a_different_report_is_refused_naming_the_key()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        await PostWithKeyAsync(liaison, ValidReport(app.Clock, "第一份"), key);

        var response = await PostWithKeyAsync(liaison, ValidReport(app.Clock, "第二份"), key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Stored_answers_are_forgotten_after_a_week()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var key = Guid.NewGuid().ToString();
        await PostWithKeyAsync(liaison, ValidReport(app.Clock, "一周前"), key);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();

        await IdempotencyCleanup.RemoveExpiredAsync(db, app.Clock.GetUtcNow().AddDays(6), default);
        Assert.True(await db.IdempotencyKeys.AnyAsync(r => r.Key == key));
        await IdempotencyCleanup.RemoveExpiredAsync(db, app.Clock.GetUtcNow().AddDays(8), default);
        Assert.False(await db.IdempotencyKeys.AnyAsync(r => r.Key == key));
    }

    [Fact]
    public async Task Liaison_asking_for_another_agencys_report_gets_404()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var mine = await (await PostWithKeyAsync(liaison, ValidReport(app.Clock), Guid.NewGuid().ToString())).Content.ReadAsAsync<JsonElement>();
        var other = await OtherAgencyLiaisonAsync();

        var response = await other.GetAsync($"/api/v1/reports/{mine.GetProperty("id").GetGuid()}");
        var list = await other.GetAsAsync<List<JsonElement>>("/api/v1/reports");
        var ownView = await liaison.GetAsync($"/api/v1/reports/{mine.GetProperty("id").GetGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(list!, r => r.GetProperty("id").GetGuid() == mine.GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, ownView.StatusCode);
    }

    [Fact]
    public async Task Station_staff_see_every_agencys_reports()
    {
        var other = await OtherAgencyLiaisonAsync();
        var filed = await (await PostWithKeyAsync(other, ValidReport(app.Clock, "城西桥洞"), Guid.NewGuid().ToString())).Content.ReadAsAsync<JsonElement>();
        var staff = await app.SignedInAsync(Roles.StationStaff);

        var list = await staff.GetAsAsync<List<JsonElement>>("/api/v1/reports?q=城西");

        Assert.Contains(list!, r => r.GetProperty("id").GetGuid() == filed.GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("placeText", null, "placeText")]
    [InlineData("howFound", "Teleported", "howFound")]
    [InlineData("foundAt", "yesterday-ish", "foundAt")]
    [InlineData("divisionCode", "12AB", "divisionCode")]
    public async Task Bad_field_is_refused_naming_it_and_nothing_is_stored(string field, string? value, string named)
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var body = JsonSerializer.SerializeToNode(ValidReport(app.Clock, "坏字段测试"))!.AsObject();
        body[field] = value;

        var response = await PostWithKeyAsync(liaison, body, Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty(named, out _), await response.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Reports.CountAsync(r => r.PlaceText == "坏字段测试"));
    }

    [Fact]
    public async Task Found_time_in_the_future_is_refused()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var body = JsonSerializer.SerializeToNode(ValidReport(app.Clock))!.AsObject();
        body["foundAt"] = app.Clock.GetUtcNow().AddDays(2);

        var response = await PostWithKeyAsync(liaison, body, Guid.NewGuid().ToString());

        Assert.True((await Problem(response)).GetProperty("errors").TryGetProperty("foundAt", out _));
    }

    public static TheoryData<string, byte[]> BadPhotos => new()
    {
        { "empty", [] },
        { "truncated JPEG", TestImages.Jpeg(800, 600, SKColors.Olive)[..3000] },
        { "text named .jpg", "this is not a photo, only text with a .jpg name"u8.ToArray() },
        { "30000×30000 PNG", TestImages.PngClaiming(30_000, 30_000) },
    };

    [Theory]
    [MemberData(nameof(BadPhotos))]
    public async Task Bad_photo_is_refused_naming_the_photo_and_nothing_is_stored(string kind, byte[] bytes)
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var place = "坏照片 " + kind;
        var filesBefore = PhotoFiles();

        var response = await liaison.SendAsync(WithPhotos(place, TestImages.Jpeg(320, 240, SKColors.Teal), bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await Problem(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("photos[1]", out _), errors.ToString());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Reports.CountAsync(r => r.PlaceText == place));
        Assert.Equal(filesBefore, PhotoFiles());
    }

    [Fact]
    public async Task Rotated_phone_photo_comes_back_upright_and_without_exif()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        // Stored landscape with EXIF orientation 6: the camera was held upright (portrait).
        var upload = TestImages.WithExifOrientation(TestImages.Jpeg(1600, 1200, SKColors.SteelBlue), 6);

        var report = await (await liaison.SendAsync(WithPhotos("旋转照片", upload))).Content.ReadAsAsync<JsonElement>();
        var photo = report.GetProperty("photos")[0];
        var display = await liaison.GetByteArrayAsync(photo.GetProperty("display").GetString());

        Assert.Equal(1200, photo.GetProperty("width").GetInt32());
        Assert.Equal(1600, photo.GetProperty("height").GetInt32());
        using var codec = SKCodec.Create(SKData.CreateCopy(display));
        Assert.True(codec.Info.Height > codec.Info.Width, $"served {codec.Info.Size}, not upright");
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        Assert.DoesNotContain((byte)0xE1, TestImages.JpegMarkers(display));
    }

    private HttpRequestMessage WithPhotos(string place, params byte[][] photos)
    {
        var form = new MultipartFormDataContent { { JsonContent.Create(ValidReport(app.Clock, place)), "report" } };
        foreach (var bytes in photos) form.Add(new ByteArrayContent(bytes), "photos", "IMG.jpg");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = form };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    private string[] PhotoFiles()
    {
        var root = Path.Combine(app.DataDirectory, "photos");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order().ToArray() : [];
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response) => await response.Content.ReadAsAsync<JsonElement>();

    /// <summary>A second agency's system, through an API key.</summary>
    private async Task<HttpClient> OtherAgencyLiaisonAsync()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var agency = await (await admin.PostAsJsonAsync("/api/v1/agencies", new { name = "城西派出所" + Guid.NewGuid().ToString("N")[..6], kind = "Police" }))
            .Content.ReadAsAsync<UserAdministration.AgencyItem>();
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{agency!.Id}/api-keys", new { name = "test" }))
            .Content.ReadAsAsync<UserAdministration.IssuedApiKey>();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", issued!.Secret);
        return client;
    }
}
