using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>Exports served by Kestrel, which refuses synchronous writes to a response, on a database of their own.</summary>
public class NoticeExportTests(RescueApp app) : IClassFixture<RescueApp>
{
    private readonly string _baseUrl = app.StartOnKestrel();

    [Fact]
    public async Task A_notice_with_twenty_thousand_other_names_exports_whole_over_http_as_csv_and_pfif()
    {
        const int otherNames = 20_000;
        var id = await NoticeWithOtherNamesAsync("一万个名字", otherNames);
        var officer = await SignedInOverKestrelAsync(Roles.CaseOfficer);

        var csvResponse = await officer.GetAsync("/api/v1/notices/export?format=csv");
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var pfifResponse = await officer.GetAsync("/api/v1/notices/export?format=pfif");
        var pfif = await pfifResponse.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (csvResponse.StatusCode, pfifResponse.StatusCode));
        var row = csv.Split("\r\n").Single(line => line.Contains("一万个名字"));
        Assert.Contains($"别名{otherNames}", row);
        Assert.EndsWith("\r\n", csv);
        XNamespace ns = "http://zesty.ca/pfif/1.4";
        var person = XDocument.Parse(pfif).Root!.Elements(ns + "person").Single(p => p.Element(ns + "full_name")?.Value == "一万个名字");
        Assert.Equal(otherNames, person.Element(ns + "alternate_names")!.Value.Split('\n').Length);
        Assert.EndsWith(id.ToString(), person.Element(ns + "person_record_id")!.Value);
    }

    /// <summary>An open notice stored with more other names than the form and the import allow, as an older version or a direct SQL change could leave it.</summary>
    private async Task<Guid> NoticeWithOtherNamesAsync(string name, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var notice = new MissingPersonNotice { Id = Guid.CreateVersion7(), MissingPersonName = name, Status = NoticeStatus.Open, CreatedBy = "test", CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() };
        db.Notices.Add(notice);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlAsync($"""UPDATE "Notices" SET "OtherNames" = ARRAY(SELECT '别名' || g FROM generate_series(1, {count}) AS g) WHERE "Id" = {notice.Id}""");
        return notice.Id;
    }

    private async Task<HttpClient> SignedInOverKestrelAsync(string role)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = new Uri(_baseUrl) };
        var user = DemoData.Users.Single(u => u.Role == role);
        await client.SignInAsync(user.Email, user.Password);
        return client;
    }
}
