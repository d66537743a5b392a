using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// Tips from the public on announcements ("我可能认识TA"), on real PostgreSQL: received for a current announcement,
/// limited per address and per announcement, a robot's answered alike and kept nowhere, never public, read by case
/// officers alone with every read audited, and turned into a notice or a note.
/// </summary>
public class TipTests(RescueApp app) : IClassFixture<RescueApp>
{
    private static object Tip(string message, string? website = null) =>
        new { name = "李女士", phone = "13912345678", relationship = "邻居", message, website };

    [Fact]
    public async Task A_tip_is_received_with_its_photo_and_nothing_of_it_is_public()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        var visitor = app.CreateBrowserlikeClient();

        var response = await visitor.SendTipAsync(code, Tip("我在火车站见过他，他说自己是河南口音，名叫王建国。"), "img12.jpg");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var tip = await db.Tips.AsNoTracking().SingleAsync(t => t.Message.StartsWith("我在火车站见过他"));
        Assert.Equal((TipStatus.New, "李女士", "13912345678", "邻居"), (tip.Status, tip.Name, tip.Phone, tip.Relationship));
        Assert.Equal(64, tip.SourceHash.Length);
        Assert.True(await db.AuditLog.AnyAsync(a => a.Subject == "Tip" && a.SubjectId == tip.Id.ToString() && a.Action == AuditAction.Create));
        var photo = await db.Photos.AsNoTracking().SingleAsync(p => p.Id == tip.PhotoId);
        Assert.Equal((PhotoOwner.Tip, tip.Id), (photo.OwnerKind, photo.OwnerId));
        // No face work for a tip's photo: the worker never sees it.
        Assert.False(await db.FaceJobs.AnyAsync(j => j.PhotoId == photo.Id));

        // Not in what the public may see of the announcement, nor its photo to anyone but case officers.
        var shown = JsonSerializer.Serialize(await app.PublicAsync(p => p.AllAsync(1000, default)));
        Assert.DoesNotContain("火车站", shown);
        Assert.DoesNotContain("13912345678", shown);
        Assert.DoesNotContain(photo.Id.ToString(), shown);
        var audience = scope.ServiceProvider.GetRequiredService<PhotoAudience>();
        Assert.Empty(await audience.VariantsAsync(new ClaimsPrincipal(), photo, default));
        Assert.Empty(await audience.VariantsAsync(SignedIn(Roles.StationStaff), photo, default));
        Assert.Equal(PhotoAudience.Every, await audience.VariantsAsync(SignedIn(Roles.CaseOfficer), photo, default));
        var board = await visitor.GetAsync($"/gg/{code}");
        Assert.DoesNotContain("火车站", await board.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/photos/{photo.Id}/thumbnail")).StatusCode);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/photos/{photo.Id}/display")).StatusCode);
    }

    [Fact]
    public async Task A_case_officer_reads_the_queue_and_a_tip_and_every_read_is_audited()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateBrowserlikeClient().SendTipAsync(code, Tip("他像我失散多年的舅舅，左手有疤。"))).StatusCode);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var queue = await officer.GetFromJsonAsync<JsonElement>("/api/v1/tips?status=New");
        var item = queue.EnumerateArray().Single(t => t.GetProperty("messageStart").GetString()!.StartsWith("他像我失散多年的舅舅"));
        var id = item.GetProperty("id").GetGuid();
        Assert.Equal(code, item.GetProperty("announcementCode").GetString());
        Assert.False(string.IsNullOrEmpty(item.GetProperty("caseNumber").GetString()));
        var tip = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/tips/{id}");

        Assert.Equal("13912345678", tip.GetProperty("phone").GetString());
        Assert.Equal("他像我失散多年的舅舅，左手有疤。", tip.GetProperty("message").GetString());
        await using var scope = app.Services.CreateAsyncScope();
        var reads = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().AuditLog.AsNoTracking()
            .Where(a => a.Subject == "Tip" && a.SubjectId == id.ToString() && a.Action == AuditAction.Read).OrderBy(a => a.Sequence).Select(a => a.Detail).ToListAsync();
        Assert.Equal(["list", "details"], reads);

        var pageResponse = await officer.GetAsync($"/tips/{id}");
        var page = await pageResponse.Content.ReadAsStringAsync();
        Assert.True(pageResponse.IsSuccessStatusCode, page);
        Assert.Contains("13912345678", page);
        Assert.Contains("data-nav=\"tips\"", page);
        Assert.Contains(code, await officer.GetStringAsync("/tips"));
    }

    [Fact]
    public async Task Nobody_but_a_case_officer_reads_tips()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        await app.CreateBrowserlikeClient().SendTipAsync(code, Tip("只给寻亲专员看。"));
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Tips.Where(t => t.Message == "只给寻亲专员看。").Select(t => t.Id).SingleAsync();
        }

        foreach (var role in new[] { Roles.StationStaff, Roles.Liaison, Roles.Administrator })
        {
            var client = await app.SignedInAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/tips")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/tips/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/tips/{id}/dismiss", new { note = "x" })).StatusCode);
            Assert.DoesNotContain("只给寻亲专员看", await client.GetStringAsync("/"));
        }
        var anonymous = app.CreateBrowserlikeClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/tips/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/tips/{id}")).StatusCode);
    }

    [Fact]
    public async Task Tips_are_limited_per_address_and_per_announcement_and_the_limit_says_so()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        await using var limited = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Rescue:Tips:PerAddress", "2");
            b.UseSetting("Rescue:Tips:PerAnnouncement", "5");
        }).WithClientAddresses();
        HttpClient From(string address) => limited.CreateClient().From(address);
        var first = From("198.51.100.21");

        // A refused form uses up nothing.
        Assert.Equal(HttpStatusCode.BadRequest, (await first.SendTipAsync(code, new { name = "李女士", phone = "电话", message = "x" })).StatusCode);
        var fromFirst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) fromFirst.Add((await first.SendTipAsync(code, Tip($"第一处第{i}条"))).StatusCode);
        // One IPv6 /64 is one sender: a phone may take a new address in it for every post.
        var fromNetwork = new List<HttpStatusCode>();
        foreach (var address in new[] { "2001:db8:1:2::5", "2001:db8:1:2::99", "2001:db8:1:2::abc" })
            fromNetwork.Add((await From(address).SendTipAsync(code, Tip($"网段 {address}"))).StatusCode);
        var fifth = await From("192.0.2.1").SendTipAsync(code, Tip("第五条"));
        var overAnnouncement = await From("192.0.2.2").SendTipAsync(code, Tip("第六条"));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], fromFirst);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], fromNetwork);
        Assert.Equal(HttpStatusCode.Accepted, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, overAnnouncement.StatusCode);
        Assert.NotNull(overAnnouncement.Headers.RetryAfter);
        Assert.Contains("救助站", (await overAnnouncement.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // An hour later the address may send again, but the announcement's day is not over.
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var (_, other) = await app.PublishedAnnouncementAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await first.SendTipAsync(other, Tip("一小时后"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.SendTipAsync(code, Tip("公告当天已满"))).StatusCode);
    }

    [Fact]
    public async Task A_form_that_fills_the_hidden_field_is_answered_as_received_and_nothing_is_kept()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        var robot = app.CreateBrowserlikeClient();

        var response = await robot.SendTipAsync(code, Tip("机器人填写的线索", website: "http://spam.example"), "img12.jpg");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        Assert.False(await db.Tips.AnyAsync(t => t.Message == "机器人填写的线索"));
        Assert.False(await db.Photos.AnyAsync(p => p.OwnerKind == PhotoOwner.Tip && !db.Tips.Any(t => t.Id == p.OwnerId)));
    }

    [Fact]
    public async Task A_withdrawn_announcement_takes_no_tips_and_answers_gone()
    {
        var (id, code) = await app.PublishedAnnouncementAsync();
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/announcements/{id}/withdraw", new { reason = "Reunited", note = "家属已接回" })).StatusCode);
        var visitor = app.CreateBrowserlikeClient();

        Assert.Equal(HttpStatusCode.Gone, (await visitor.SendTipAsync(code, Tip("撤回后的线索"))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync($"/gg/{code}/tip")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.SendTipAsync("ZZZZZZZZ", Tip("没有这条公告"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/gg/ZZZZZZZZ/tip")).StatusCode);
    }

    [Fact]
    public async Task The_tip_page_shows_the_announcement_takes_a_tip_and_thanks_the_sender()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        var visitor = app.CreateBrowserlikeClient();

        var form = await visitor.GetStringAsync($"/gg/{code}/tip");
        var sent = await visitor.PostFormAsync($"/gg/{code}/tip", "tip",
            ("Form.Name", "赵先生"), ("Form.Phone", "13800001111"), ("Form.Message", "网页上提交的线索"), ("Form.Website", ""));

        Assert.Contains(code, form);
        Assert.Contains($"/gg/{code}/photos/0/thumbnail", form);
        Assert.Contains("name=\"Form.Website\"", form);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("id=\"tip-received\"", await sent.Content.ReadAsStringAsync());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Tips.AnyAsync(t => t.Message == "网页上提交的线索" && t.Name == "赵先生"));
    }

    [Fact]
    public async Task The_tip_page_says_when_the_limit_is_reached()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        await using var limited = app.WithWebHostBuilder(b => b.UseSetting("Rescue:Tips:PerAddress", "1")).WithClientAddresses();
        var visitor = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }).From("203.0.113.77");

        await visitor.SendTipAsync(code, Tip("第一条"));
        var refused = await visitor.PostFormAsync($"/gg/{code}/tip", "tip", ("Form.Name", "赵先生"), ("Form.Phone", "13800001111"), ("Form.Message", "第二条"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"tip-form\"", page);
        Assert.Contains("error-summary", page);
    }

    [Fact]
    public async Task A_case_officer_turns_a_tip_into_a_notice_with_the_sender_as_reporter_and_the_photo()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        await app.CreateBrowserlikeClient().SendTipAsync(code, Tip("这是我哥哥张建军，1975年生，2019年在郑州走失。"), "img12.jpg");
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var id = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/tips?status=New")).EnumerateArray()
            .Single(t => t.GetProperty("messageStart").GetString()!.StartsWith("这是我哥哥张建军")).GetProperty("id").GetGuid();

        var created = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/notice", new { missingPersonName = "张建军", sex = "Male" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var notice = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("张建军", "李女士", "13912345678", "邻居", "Open"), (notice.GetProperty("missingPersonName").GetString(), notice.GetProperty("reporterName").GetString(),
            notice.GetProperty("reporterPhone").GetString(), notice.GetProperty("reporterRelationship").GetString(), notice.GetProperty("status").GetString()));
        Assert.StartsWith("这是我哥哥张建军", notice.GetProperty("circumstances").GetString());
        Assert.Equal(1, notice.GetProperty("photos").GetArrayLength());
        var tip = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/tips/{id}");
        Assert.Equal(("BecameNotice", notice.GetProperty("id").GetGuid()), (tip.GetProperty("status").GetString(), tip.GetProperty("noticeId").GetGuid()));
        // Once only.
        var again = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/notice", new { missingPersonName = "张建军" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(1, await NoticesNamedAsync("张建军"));
    }

    [Fact]
    public async Task A_refused_notice_leaves_the_tip_new_and_a_note_or_a_dismissal_settles_it()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        await app.CreateBrowserlikeClient().SendTipAsync(code, Tip("看着眼熟，不太确定。"));
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var id = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/tips?status=New")).EnumerateArray()
            .Single(t => t.GetProperty("messageStart").GetString() == "看着眼熟，不太确定。").GetProperty("id").GetGuid();

        var noName = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/notice", new { missingPersonName = "" });
        var noNote = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/note", new { note = "" });
        var stillNew = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/tips/{id}");
        var noted = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/note", new { note = "已电话联系，提供人不确定" });
        var dismissed = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/dismiss", new { note = (string?)null });
        var again = await officer.PostAsJsonAsync($"/api/v1/tips/{id}/dismiss", new { note = (string?)null });

        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Equal("New", stillNew.GetProperty("status").GetString());
        Assert.Equal("Noted", (await noted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var settled = await dismissed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Dismissed", "已电话联系，提供人不确定"), (settled.GetProperty("status").GetString(), settled.GetProperty("handledNote").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync($"/api/v1/tips/{Guid.NewGuid()}/note", new { note = "x" })).StatusCode);
    }

    private static ClaimsPrincipal SignedIn(string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "someone"), new Claim(ClaimTypes.Role, role)], "test"));

    private async Task<int> NoticesNamedAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.CountAsync(n => n.MissingPersonName == name);
    }
}
