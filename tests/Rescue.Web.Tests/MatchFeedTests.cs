using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rescue.Search.Matching;
using Rescue.Search.Scoring;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class MatchFeedTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task The_app_is_ready_only_once_its_matching_engine_is_loaded()
    {
        var response = await Readiness.WaitAsync(app.CreateClient());

        Assert.Equal("Healthy", response);
        Assert.True(app.Services.GetRequiredService<MatchFeed>().Loaded);
    }

    [Fact]
    public async Task The_demo_data_gives_the_review_queue_a_candidate_on_the_first_start()
    {
        await Readiness.WaitAsync(app.CreateClient());
        await app.CaughtUpAsync();
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var queue = (await officer.GetAsAsync<List<JsonElement>>("/api/v1/matching/candidates"))!;

        Assert.Contains(queue, c => c.GetProperty("otherTitle").GetString() == "陈小明" && c.GetProperty("admissionTitle").GetString() == "小明");
    }

    [Fact]
    public async Task The_engine_holds_what_a_notice_says_as_its_form_stored_it()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁所述"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.CaughtUpAsync();

        var side = app.Services.GetRequiredService<MatchFeed>().Engine.Notice(notice)!.Side;

        Assert.Equal("鲁所述", side.Name);
        Assert.Equal(["王老大"], side.OtherNames);
        Assert.Equal(RecordedSex.Male, side.Sex);
        Assert.Equal(new BirthDate(1952, 6), side.DateOfBirth);
        Assert.Equal(new DateOnly(2021, 10, 2), side.LastSeenOn);
        Assert.Equal("河南省周口市川汇区", side.LastSeenPlace);
        Assert.Equal("河南省周口市", side.Hometown);
        Assert.Equal("河南话", side.Dialect);
        Assert.Equal(165, side.HeightCm);
        Assert.Equal(new BodyMark("右眉", "痣"), Assert.Single(side.Marks));
        Assert.Equal(DisabilityFlags.Intellectual | DisabilityFlags.Speech, side.Disabilities);
    }

    [Fact]
    public async Task A_notices_face_joins_the_engine_and_leaves_it_at_once_when_the_notice_is_found()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁照片"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        var face = await FacePhotoUploads.AddAndWaitAsync(app, officer, $"/api/v1/notices/{notice}/photos", notice, "img12.jpg");
        var feed = app.Services.GetRequiredService<MatchFeed>();

        await app.CaughtUpAsync();
        var held = feed.Engine.Notice(notice);

        Assert.NotNull(held);
        Assert.Equal(face, Assert.Single(held.Faces).Signature);
        Assert.Contains(feed.Engine.CandidatesFor(new MatchPerson(Guid.NewGuid(), new() { Name = "鲁照片" }, [new PersonFace(Guid.NewGuid(), face)]), 5), c => c.NoticeId == notice);

        (await officer.PostAsJsonAsync($"/api/v1/notices/{notice}/status", new { status = "Found", note = "家属已接回" })).EnsureSuccessStatusCode();
        await app.CaughtUpAsync();

        Assert.Null(feed.Engine.Notice(notice));
        Assert.DoesNotContain(feed.Engine.CandidatesFor(new MatchPerson(Guid.NewGuid(), new() { Name = "鲁照片" }, [new PersonFace(Guid.NewGuid(), face)]), 50), c => c.NoticeId == notice);
    }

    [Fact]
    public async Task A_fresh_load_from_the_database_holds_what_the_running_engine_holds()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁重载"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        var face = await FacePhotoUploads.AddAndWaitAsync(app, officer, $"/api/v1/notices/{notice}/photos", notice, "img17.jpg");
        var running = app.Services.GetRequiredService<MatchFeed>();
        await app.CaughtUpAsync();

        using var reloaded = new MatchEngine();
        var feed = new MatchFeed(app.Services.GetRequiredService<IServiceScopeFactory>(), reloaded, app.Clock, app.Services.GetRequiredService<ILogger<MatchFeed>>());
        await feed.LoadAsync(default);

        Assert.Equal(running.Engine.NoticeCount, reloaded.NoticeCount);
        Assert.Equal(running.Engine.PersonCount, reloaded.PersonCount);
        Assert.Equal(running.Engine.Notice(notice), reloaded.Notice(notice), NoticeComparer.Instance);
    }

    /// <summary>Two notices held alike: the same side and the same faces.</summary>
    private sealed class NoticeComparer : IEqualityComparer<MatchNotice?>
    {
        public static readonly NoticeComparer Instance = new();

        public bool Equals(MatchNotice? x, MatchNotice? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Side.Name == y.Side.Name
            && x.Faces.Select(f => f.SignatureId).SequenceEqual(y.Faces.Select(f => f.SignatureId));

        public int GetHashCode(MatchNotice? obj) => obj?.Id.GetHashCode() ?? 0;
    }
}
