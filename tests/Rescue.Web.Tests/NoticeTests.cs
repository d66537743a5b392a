using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Users;
using SkiaSharp;

namespace Rescue.Web.Tests;

public class NoticeTests(RescueApp app) : IClassFixture<RescueApp>
{
    public static object ValidNotice(string name = "王建国", string? phone = "13900000000") => new
    {
        reporterName = "王芳",
        reporterRelationship = "女儿",
        reporterPhone = phone,
        missingPersonName = name,
        otherNames = new[] { "王老大" },
        sex = "Male",
        dateOfBirth = "1952-06",
        lastSeenOn = "2021-10-02",
        lastSeenPlace = "河南省周口市川汇区",
        hometown = "河南省周口市",
        dialect = "河南话",
        heightCm = 165,
        disabilities = "Intellectual, Speech",
        marks = new[] { new { bodyLocation = "右眉", kind = "痣" } },
        circumstances = "早上出门买菜后未归",
    };

    [Fact]
    public async Task Case_officer_registers_a_notice_with_a_dated_photo_and_reads_it_back()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var form = new MultipartFormDataContent
        {
            { JsonContent.Create(new Dictionary<string, object?>(JsonSerializer.SerializeToElement(ValidNotice()).EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (object?)p.Value))) { ["photoYears"] = new[] { 2015 } }), "notice" },
            { new ByteArrayContent(TestImages.Jpeg(400, 300, SKColors.Gray)), "photos", "old.jpg" },
        };

        var response = await officer.PostAsync("/api/v1/notices", form);
        var created = await response.Content.ReadAsAsync<JsonElement>();
        var read = await officer.GetAsAsync<JsonElement>($"/api/v1/notices/{created.GetProperty("id").GetGuid()}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Open", read.GetProperty("status").GetString());
        Assert.Equal("WalkIn", read.GetProperty("source").GetString());
        Assert.Equal("1952-06", read.GetProperty("dateOfBirth").GetString());
        Assert.Equal("Intellectual, Speech", read.GetProperty("disabilities").GetString());
        Assert.Equal(2015, read.GetProperty("photos")[0].GetProperty("takenYear").GetInt32());
    }

    [Theory]
    [InlineData("dateOfBirth", "1952-13", "dateOfBirth")]
    [InlineData("dateOfBirth", "sometime in the fifties", "dateOfBirth")]
    [InlineData("missingPersonName", "", "missingPersonName")]
    [InlineData("lastSeenOn", "2999-01-01", "lastSeenOn")]
    public async Task Bad_field_is_refused_naming_it(string field, string value, string named)
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var body = JsonSerializer.SerializeToNode(ValidNotice())!.AsObject();
        body[field] = value;

        var response = await officer.PostAsJsonAsync("/api/v1/notices", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty(named, out _));
    }

    [Fact]
    public async Task Status_follows_the_rules_and_each_change_leaves_a_note()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var id = (await (await officer.PostAsJsonAsync("/api/v1/notices", ValidNotice("李桂兰"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();

        var found = await officer.PostAsJsonAsync($"/api/v1/notices/{id}/status", new { status = "Found", note = "家属已在救助站接回" });
        var expire = await officer.PostAsJsonAsync($"/api/v1/notices/{id}/status", new { status = "Expired" });

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var notice = await found.Content.ReadAsAsync<JsonElement>();
        Assert.Equal("Found", notice.GetProperty("status").GetString());
        Assert.Contains("家属已在救助站接回", notice.GetProperty("notes")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, expire.StatusCode);
        Assert.True((await expire.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Public_submission_waits_for_vetting_and_is_not_open_to_anyone_else()
    {
        var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync("/api/v1/public/notices", ValidNotice("赵小红", "13700000001"));
        var receipt = await response.Content.ReadAsAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("XR-", receipt.GetProperty("reference").GetString());
        Assert.False(receipt.TryGetProperty("id", out _));
        await using var scope = app.Services.CreateAsyncScope();
        var notice = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.SingleAsync(n => n.MissingPersonName == "赵小红");
        Assert.Equal(NoticeStatus.PendingVetting, notice.Status);
        Assert.Equal(NoticeSource.PublicForm, notice.Source);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/notices/{notice.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(Roles.Liaison)).GetAsync($"/api/v1/notices/{notice.Id}")).StatusCode);

        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var vetted = await (await officer.PostAsJsonAsync($"/api/v1/notices/{notice.Id}/status", new { status = "Open", note = "电话核实" })).Content.ReadAsAsync<JsonElement>();
        Assert.Equal("Open", vetted.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_photo_a_family_brings_later_is_added_with_its_year()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var id = (await (await officer.PostAsJsonAsync("/api/v1/notices", ValidNotice("吴大海"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();

        var response = await officer.PostAsync($"/api/v1/notices/{id}/photos", new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.Jpeg(400, 300, SKColors.Olive)), "photos", "1998.jpg" },
            { new StringContent("1998"), "takenYear" },
        });
        var tooOld = await officer.PostAsync($"/api/v1/notices/{id}/photos", new MultipartFormDataContent
        {
            { new ByteArrayContent(TestImages.Jpeg(400, 300, SKColors.Navy)), "photos", "x.jpg" },
            { new StringContent("1850"), "takenYear" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1998, (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("photos")[0].GetProperty("takenYear").GetInt32());
        Assert.True((await tooOld.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("takenYear", out _));
    }

    [Fact]
    public async Task Public_form_refuses_an_exact_repeat()
    {
        var anonymous = app.CreateClient();
        var notice = ValidNotice("孙一鸣", "13700000002");

        var first = await anonymous.PostAsJsonAsync("/api/v1/public/notices", notice);
        var repeat = await anonymous.PostAsJsonAsync("/api/v1/public/notices", notice);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, repeat.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.CountAsync(n => n.MissingPersonName == "孙一鸣"));
    }

}
