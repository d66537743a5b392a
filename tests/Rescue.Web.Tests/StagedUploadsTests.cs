using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Rescue.Testing;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;

namespace Rescue.Web.Tests;

/// <summary>Files kept between a refused submit and the next one: private, found only by who kept them, forgotten after a day.</summary>
public sealed class StagedUploadsTests : IDisposable
{
    private const string AntiforgeryCookie = ".AspNetCore.Antiforgery.test";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rescue-staged-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
    private readonly StagedUploads _staged;

    public StagedUploadsTests()
    {
        var antiforgery = new AntiforgeryOptions();
        antiforgery.Cookie.Name = AntiforgeryCookie;
        _staged = new StagedUploads(Options.Create(new RescueOptions { DataDirectory = _dataDirectory }), Options.Create(antiforgery), _clock, NullLogger<StagedUploads>.Instance);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Kept_photo_is_a_file_only_the_app_reads_and_comes_back_with_its_token()
    {
        var staff = User("staff-1");

        var kept = await _staged.ReceiveAsync(staff, null, null, [File("IMG_0001.jpg", TestImages.Jpeg(640, 480, TestImages.Colour(1)))], single: false, default);
        var again = await _staged.ReceiveAsync(staff, kept.Token, null, null, single: false, default);

        var file = Assert.Single(again.Files);
        Assert.Equal("IMG_0001.jpg", file.Name);
        var path = Path.Combine(_staged.Root, "user", kept.Token, file.Id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, System.IO.File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.StartsWith("data:image/jpeg;base64,", await _staged.ThumbnailAsync(again, file, default));
        await using var content = _staged.Open(again, file);
        Assert.Equal(TestImages.Jpeg(640, 480, TestImages.Colour(1)), ReadAll(content));
    }

    [Fact]
    public async Task Someone_else_with_the_token_finds_nothing()
    {
        var kept = await _staged.ReceiveAsync(User("staff-1"), null, null, [File("a.jpg", [1, 2, 3])], single: false, default);

        var other = await _staged.ReceiveAsync(User("staff-2"), kept.Token, null, null, single: false, default);
        var anonymous = await _staged.ReceiveAsync(Visitor("another browser"), kept.Token, null, null, single: false, default);

        Assert.Empty(other.Files);
        Assert.Empty(anonymous.Files);
        Assert.NotEqual(kept.Token, other.Token);
    }

    [Fact]
    public async Task Public_form_finds_its_photos_again_by_the_browsers_antiforgery_cookie()
    {
        var kept = await _staged.ReceiveAsync(Visitor("cookie-1"), null, null, [File("dad.jpg", [1, 2, 3])], single: false, default);

        var same = await _staged.ReceiveAsync(Visitor("cookie-1"), kept.Token, null, null, single: false, default);
        var other = await _staged.ReceiveAsync(Visitor("cookie-2"), kept.Token, null, null, single: false, default);

        Assert.Single(same.Files);
        Assert.Empty(other.Files);
    }

    [Theory]
    [InlineData("../../keys")]
    [InlineData("")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_token_that_was_not_given_reaches_no_file(string token)
    {
        var batch = await _staged.ReceiveAsync(User("staff-1"), token, null, null, single: false, default);

        Assert.Empty(batch.Files);
        Assert.NotEqual(token, batch.Token);
    }

    [Fact]
    public async Task Unticked_photo_is_dropped_and_new_ones_follow_the_kept()
    {
        var staff = User("staff-1");
        var kept = await _staged.ReceiveAsync(staff, null, null, [File("1.jpg", [1]), File("2.jpg", [2])], single: false, default);

        var next = await _staged.ReceiveAsync(staff, kept.Token, [kept.Files[0].Id], [File("3.jpg", [3])], single: false, default);

        Assert.Equal(["2.jpg", "3.jpg"], next.Files.Select(f => f.Name));
        Assert.Equal(["photos[0]", "photos[1]"], _staged.Photos(next).Select(p => p.Field));
    }

    [Fact]
    public async Task An_import_keeps_only_the_last_file_chosen()
    {
        var officer = User("officer-1");
        var kept = await _staged.ReceiveAsync(officer, null, null, [File("old.csv", [1])], single: true, default);

        var next = await _staged.ReceiveAsync(officer, kept.Token, null, [File("new.csv", [2])], single: true, default);

        Assert.Equal("new.csv", Assert.Single(next.Files).Name);
    }

    [Fact]
    public async Task A_batch_is_forgotten_a_day_after_it_last_changed()
    {
        var staff = User("staff-1");
        var kept = await _staged.ReceiveAsync(staff, null, null, [File("a.jpg", [1])], single: false, default);

        _clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, _staged.Sweep());
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, _staged.Sweep());

        Assert.Empty((await _staged.ReceiveAsync(staff, kept.Token, null, null, single: false, default)).Files);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_staged.Root, "user")));
    }

    [Fact]
    public async Task A_post_without_files_leaves_nothing_on_disk()
    {
        await _staged.ReceiveAsync(User("staff-1"), null, null, null, single: false, default);

        Assert.False(Directory.Exists(Path.Combine(_staged.Root, "user")) && Directory.EnumerateFileSystemEntries(Path.Combine(_staged.Root, "user")).Any());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private static DefaultHttpContext User(string id) =>
        new() { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "test")) };

    private static DefaultHttpContext Visitor(string cookie)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = $"{AntiforgeryCookie}={Uri.EscapeDataString(cookie)}";
        return http;
    }

    private static FormFile File(string name, byte[] content) => new(new MemoryStream(content), 0, content.Length, "Photos", name);

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
