using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using SkiaSharp;

namespace Rescue.Web.Tests;

public class PhotoStoreTests(RescueApp app) : IClassFixture<RescueApp>
{
    private const string Field = "photos[0]";

    private PhotoStore Store => app.Services.GetRequiredService<PhotoStore>();

    [Fact]
    public async Task Empty_file_is_refused()
    {
        await AssertRefusedAsync(new MemoryStream(), "empty");
    }

    [Fact]
    public async Task Truncated_jpeg_is_refused()
    {
        var jpeg = TestImages.Jpeg(640, 480, SKColors.SteelBlue);

        await AssertRefusedAsync(new MemoryStream(jpeg[..(jpeg.Length / 2)]), "cut off");
    }

    [Fact]
    public async Task Text_file_named_jpg_is_refused_whatever_its_name()
    {
        // The store is never told a file name: "notes.jpg" arrives as its bytes only.
        var text = Encoding.UTF8.GetBytes("这不是照片 — this is not a photo, whatever notes.jpg says.\n");

        await AssertRefusedAsync(new MemoryStream(text), "not an image");
    }

    [Fact]
    public async Task Png_claiming_30000_by_30000_pixels_is_refused_from_its_header()
    {
        var bomb = TestImages.PngClaiming(30_000, 30_000);
        using (var codec = SKCodec.Create(SKData.CreateCopy(bomb)))
        {
            // A well-formed header, so the refusal is for the size and not for a broken file.
            Assert.Equal(new SKSizeI(30_000, 30_000), codec.Info.Size);
        }
        Assert.True(bomb.Length < 1000, $"{bomb.Length} bytes");

        await AssertRefusedAsync(new MemoryStream(bomb), "too many pixels");
    }

    [Fact]
    public async Task Upload_over_the_size_limit_is_refused_without_reading_the_rest()
    {
        var endless = new EndlessStream();

        await AssertRefusedAsync(endless, "larger than 20 MB");
        Assert.InRange(endless.BytesRead, PhotoStore.MaxBytes, PhotoStore.MaxBytes + 1024 * 1024);
    }

    [Fact]
    public async Task Jpeg_is_stored_as_evidence_with_full_display_and_thumbnail_derivatives()
    {
        var jpeg = TestImages.Jpeg(2000, 1500, SKColors.Olive);

        var photo = await AcceptAsync(jpeg);

        Assert.Equal(new AcceptedPhoto(Sha256Of(jpeg), "image/jpeg", 2000, 1500, jpeg.Length), photo);
        Assert.Equal(jpeg, await File.ReadAllBytesAsync(Path.Combine(Store.Root, photo.Sha256[..2], photo.Sha256[2..4], photo.Sha256)));
        Assert.Equal(new SKSizeI(2000, 1500), SizeOf(Variant(photo, PhotoVariant.Full)));
        Assert.Equal(new SKSizeI(1280, 960), SizeOf(Variant(photo, PhotoVariant.Display)));
        Assert.Equal(new SKSizeI(320, 240), SizeOf(Variant(photo, PhotoVariant.Thumbnail)));
        Assert.Empty(Directory.GetFiles(Store.Root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Transparent_png_is_accepted_and_served_as_jpeg_on_white()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(200, 100, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(SKColors.Transparent);
        using (var canvas = new SKCanvas(bitmap)) canvas.DrawRect(0, 0, 100, 100, new SKPaint { Color = SKColors.Red });
        var png = TestImages.Encode(bitmap, SKEncodedImageFormat.Png);

        var photo = await AcceptAsync(png);

        Assert.Equal("image/png", photo.ContentType);
        var display = Variant(photo, PhotoVariant.Display);
        using var codec = SKCodec.Create(SKData.CreateCopy(display));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        using var served = SKBitmap.Decode(display);
        AssertColour(SKColors.Red, served.GetPixel(50, 50));
        AssertColour(SKColors.White, served.GetPixel(150, 50));
    }

    [Theory]
    [InlineData(1600, 1200)]
    [InlineData(800, 600)]
    public async Task Phone_photo_with_exif_orientation_6_keeps_its_image_data_and_only_its_orientation_tag(int width, int height)
    {
        // As a phone held upright stores it: landscape pixels and "rotate 90° clockwise to show".
        // The red mark is in the stored top-left corner, so it shows in the upright top-right corner.
        using var stored = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(stored))
        {
            canvas.Clear(SKColors.Blue);
            canvas.DrawRect(0, 0, width / 5f, width / 5f, new SKPaint { Color = SKColors.Red });
        }
        var original = TestImages.Encode(stored, SKEncodedImageFormat.Jpeg);
        var upload = TestImages.WithExifOrientation(original, 6);
        using (var codec = SKCodec.Create(SKData.CreateCopy(upload)))
        {
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        }

        var photo = await AcceptAsync(upload);

        Assert.Equal((height, width), (photo.Width, photo.Height));
        // The full file is the upload's picture, not encoded again, with an EXIF segment that holds the
        // orientation and nothing else.
        var full = Variant(photo, PhotoVariant.Full);
        Assert.Equal(TestImages.JpegPicture(original), TestImages.JpegPicture(full));
        Assert.Equal([0xE0, 0xE1], TestImages.JpegMarkers(full).Where(m => m is >= 0xE0 and <= 0xEF or 0xFE));
        var exif = Assert.Single(TestImages.JpegSegments(full, 0xE1));
        // "Exif", a big-endian TIFF header, one IFD with one entry: Orientation (0x0112), SHORT, 1 value: 6.
        byte[] orientationOnly = [.. "Exif\0\0"u8, (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        Assert.Equal(orientationOnly, exif);
        using (var codec = SKCodec.Create(SKData.CreateCopy(full)))
        {
            Assert.Equal((SKEncodedOrigin.RightTop, new SKSizeI(width, height)), (codec.EncodedOrigin, codec.Info.Size));
        }

        // The display and thumbnail files hold upright pixels and no EXIF at all.
        var displaySize = width > PhotoStore.DisplaySide ? new SKSizeI(960, 1280) : new SKSizeI(height, width);
        foreach (var (variant, size) in new[] { (PhotoVariant.Display, displaySize), (PhotoVariant.Thumbnail, new SKSizeI(240, 320)) })
        {
            var served = Variant(photo, variant);
            Assert.DoesNotContain((byte)0xE1, TestImages.JpegMarkers(served));
            Assert.Equal(-1, served.AsSpan().IndexOf("Exif\0\0"u8));
            using var image = SKBitmap.Decode(served);
            Assert.Equal(size, new SKSizeI(image.Width, image.Height));
            var (w, h) = (image.Width, image.Height);
            AssertColour(SKColors.Red, image.GetPixel(w - w / 10, h / 20));
            AssertColour(SKColors.Blue, image.GetPixel(w / 10, h / 20));
            AssertColour(SKColors.Blue, image.GetPixel(w - w / 10, h - h / 20));
        }
        // The evidence is the upload itself, metadata and all.
        Assert.Equal(upload, await File.ReadAllBytesAsync(Path.Combine(Store.Root, photo.Sha256[..2], photo.Sha256[2..4], photo.Sha256)));
    }

    [Fact]
    public async Task Display_p3_phone_photo_keeps_its_image_data_and_its_colours_in_a_profile_of_our_own()
    {
        // An iPhone photo: EXIF, Photoshop (IPTC) and Apple's Display P3 ICC profile.
        var upload = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Images", "couple.jpg"));
        Assert.NotEqual(-1, upload.AsSpan().IndexOf("Apple"u8));

        var photo = await AcceptAsync(upload);
        var full = Variant(photo, PhotoVariant.Full);

        Assert.Equal(TestImages.JpegPicture(upload), TestImages.JpegPicture(full));
        Assert.Equal([0xE0, 0xE2], TestImages.JpegMarkers(full).Where(m => m is >= 0xE0 and <= 0xEF or 0xFE));
        Assert.Equal(-1, full.AsSpan().IndexOf("Apple"u8));
        using var uploaded = SKCodec.Create(SKData.CreateCopy(upload));
        using var served = SKCodec.Create(SKData.CreateCopy(full));
        Assert.False(served.Info.ColorSpace!.IsSrgb);
        Assert.True(uploaded.Info.ColorSpace!.ToColorSpaceXyz(out var expected) & served.Info.ColorSpace.ToColorSpaceXyz(out var actual));
        Assert.All(expected.Values.Zip(actual.Values), p => Assert.Equal(p.First, p.Second, 0.001f));
    }

    [Fact]
    public async Task Photo_with_html_in_app0_and_in_comments_is_served_without_it()
    {
        var html = "<html><script>alert(document.cookie)</script></html>"u8.ToArray();
        var picture = TestImages.Jpeg(640, 480, SKColors.DarkKhaki);
        // HTML in an APP0 of its own and in comments: before the picture, between its scan and its
        // end-of-image marker (the last two bytes), and after that.
        var withHeaders = TestImages.WithSegment(TestImages.WithSegment(picture, 0xFE, html), 0xE0, html);
        byte[] upload = [.. withHeaders[..^2], 0xFF, 0xFE, 0, (byte)(html.Length + 2), .. html, 0xFF, 0xD9, .. html];
        using (var codec = SKCodec.Create(SKData.CreateCopy(upload)))
        {
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        }
        var accepted = await AcceptAsync(upload);
        var id = await AddRowAsync(accepted, PhotoOwner.Admission, Guid.CreateVersion7());
        var staff = await SignedInAsync(Roles.StationStaff);

        foreach (var variant in new[] { "full", "display", "thumbnail" })
        {
            var response = await staff.GetAsync($"/api/v1/photos/{id}/{variant}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            var served = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(-1, served.AsSpan().IndexOf("<html"u8));
            Assert.Equal(-1, served.AsSpan().IndexOf("<script"u8));
            Assert.DoesNotContain((byte)0xFE, TestImages.JpegMarkers(served));
            Assert.Equal(new SKSizeI(variant == "thumbnail" ? 320 : 640, variant == "thumbnail" ? 240 : 480), SizeOf(served));
        }
        // The picture itself is kept as it was.
        Assert.Equal(TestImages.JpegPicture(picture), TestImages.JpegPicture(Variant(accepted, PhotoVariant.Full)));
    }

    [Fact]
    public async Task Png_text_chunks_are_not_served()
    {
        using var bitmap = SKBitmap.Decode(TestImages.Jpeg(400, 300, SKColors.CadetBlue));
        var png = TestImages.Encode(bitmap, SKEncodedImageFormat.Png);
        // A tEXt chunk right after the header (8 bytes of signature, 25 of IHDR).
        using var withText = new MemoryStream();
        withText.Write(png.AsSpan(0, 33));
        TestImages.WriteChunk(withText, "tEXt", [.. "Comment\0"u8, .. "<html><script>alert(1)</script>"u8]);
        withText.Write(png.AsSpan(33));

        var photo = await AcceptAsync(withText.ToArray());

        Assert.Equal("image/png", photo.ContentType);
        foreach (var variant in Enum.GetValues<PhotoVariant>())
        {
            var served = Variant(photo, variant);
            Assert.Equal(-1, served.AsSpan().IndexOf("<html"u8));
            Assert.Equal(-1, served.AsSpan().IndexOf("Comment"u8));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Photo_files_and_folders_are_for_the_apps_user_only()
    {
        var photo = await AcceptAsync(TestImages.Jpeg(1600, 1200, SKColors.RosyBrown));

        var folder = Path.Combine(Store.Root, photo.Sha256[..2], photo.Sha256[2..4]);
        // Each file was its temporary file, renamed: the mode it has now is the mode it was created with.
        var files = Directory.GetFiles(folder, photo.Sha256 + "*");
        Assert.Equal(4, files.Length);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.All([Store.Root, Path.GetDirectoryName(folder)!, folder],
            d => Assert.Equal((d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), (d, File.GetUnixFileMode(d))));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Start_up_makes_photo_files_left_readable_by_every_account_private()
    {
        var photo = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Chocolate));
        var folder = Path.Combine(Store.Root, photo.Sha256[..2], photo.Sha256[2..4]);
        var worldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var files = Directory.GetFiles(folder, photo.Sha256 + "*");
        foreach (var file in files) File.SetUnixFileMode(file, worldReadable);
        File.SetUnixFileMode(folder, worldReadable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        await Store.RemoveOrphansAsync(ShasOnDisk(), CancellationToken.None);

        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public async Task Same_photo_uploaded_twice_is_stored_once()
    {
        var jpeg = TestImages.Jpeg(300, 200, SKColors.Teal);

        var first = await AcceptAsync(jpeg);
        var second = await AcceptAsync(jpeg);

        Assert.Equal(first, second);
        var folder = Path.Combine(Store.Root, first.Sha256[..2], first.Sha256[2..4]);
        Assert.Equal(
            [first.Sha256, first.Sha256 + ".display.jpg", first.Sha256 + ".full.jpg", first.Sha256 + ".thumbnail.jpg"],
            Directory.GetFiles(folder, first.Sha256 + "*").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Remove_orphans_deletes_the_files_of_unknown_photos_and_stray_temporary_files()
    {
        var kept = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Maroon));
        var orphan = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Navy));
        var stray = Path.Combine(Store.Root, kept.Sha256[..2], kept.Sha256[2..4], kept.Sha256 + ".full.jpg.0123456789abcdef.tmp");
        await File.WriteAllTextAsync(stray, "half a photo");
        var notOurs = Path.Combine(Store.Root, "README");
        await File.WriteAllTextAsync(notOurs, "left alone");
        // Every photo on disk is known except the orphan, so other tests' photos stay.
        var known = ShasOnDisk().Where(s => s != orphan.Sha256).ToHashSet();

        var removed = await Store.RemoveOrphansAsync(known, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.DoesNotContain(orphan.Sha256, ShasOnDisk());
        Assert.Null(Store.OpenVariant(orphan.Sha256, PhotoVariant.Thumbnail));
        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(notOurs));
        Assert.All(Enum.GetValues<PhotoVariant>(), v => Assert.NotEmpty(Variant(kept, v)));
    }

    [Fact]
    public async Task The_hourly_sweep_removes_files_without_a_row_written_over_an_hour_before_and_keeps_newer_ones()
    {
        // A commit that failed while the app kept running (the database died) leaves files that no row names.
        var old = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Olive));
        var fresh = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Navy));
        // The file system's own time: the fresh photo was written just now.
        var now = File.GetLastWriteTimeUtc(Path.Combine(Store.Root, fresh.Sha256[..2], fresh.Sha256[2..4], fresh.Sha256));
        foreach (var file in Directory.GetFiles(Path.Combine(Store.Root, old.Sha256[..2], old.Sha256[2..4]), old.Sha256 + "*")) File.SetLastWriteTimeUtc(file, now.AddHours(-2));

        await app.Services.RemoveOrphanPhotosAsync(default, new DateTimeOffset(now) - PhotoStartup.InFlight);

        Assert.DoesNotContain(old.Sha256, ShasOnDisk());
        Assert.Contains(fresh.Sha256, ShasOnDisk());
    }

    [Fact]
    public async Task Start_up_keeps_the_photos_the_database_names_and_removes_the_others()
    {
        var named = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Gold));
        var unnamed = await AcceptAsync(TestImages.Jpeg(300, 200, SKColors.Purple));
        await AddRowAsync(named, PhotoOwner.Admission, Guid.CreateVersion7());

        await app.Services.RemoveOrphanPhotosAsync();

        Assert.Contains(named.Sha256, ShasOnDisk());
        Assert.DoesNotContain(unnamed.Sha256, ShasOnDisk());
    }

    [Fact]
    public void Open_variant_refuses_a_name_that_is_not_a_sha256()
    {
        Assert.Throws<ArgumentException>(() => Store.OpenVariant("../../keys/key-1", PhotoVariant.Full));
        Assert.Throws<ArgumentException>(() => Store.OpenVariant(new string('A', 64), PhotoVariant.Full));
        Assert.Null(Store.OpenVariant(new string('0', 64), PhotoVariant.Full));
    }

    [Fact]
    public async Task Staff_and_case_officers_are_served_every_variant_as_uncached_jpeg()
    {
        var id = await AddPhotoRowAsync(PhotoOwner.Admission, Guid.CreateVersion7());

        foreach (var role in new[] { Roles.StationStaff, Roles.CaseOfficer })
        {
            foreach (var (variant, size) in new[] { ("full", new SKSizeI(640, 480)), ("display", new SKSizeI(640, 480)), ("thumbnail", new SKSizeI(320, 240)) })
            {
                var response = await (await SignedInAsync(role)).GetAsync($"/api/v1/photos/{id}/{variant}");

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
                Assert.Equal(size, SizeOf(await response.Content.ReadAsByteArrayAsync()));
            }
        }
    }

    [Fact]
    public async Task Liaison_sees_display_and_thumbnail_of_their_agencys_report_photos_and_nothing_else()
    {
        Guid ownReport;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var police = await db.Agencies.Where(a => a.Name == DemoData.PoliceAgency).Select(a => a.Id).SingleAsync();
            ownReport = await db.Reports.Where(r => r.AgencyId == police).Select(r => r.Id).FirstAsync();
        }
        var own = await AddPhotoRowAsync(PhotoOwner.Report, ownReport);
        var othersReport = await AddPhotoRowAsync(PhotoOwner.Report, Guid.CreateVersion7());
        var admission = await AddPhotoRowAsync(PhotoOwner.Admission, Guid.CreateVersion7());
        var liaison = await SignedInAsync(Roles.Liaison);

        Assert.Equal(HttpStatusCode.OK, (await liaison.GetAsync($"/api/v1/photos/{own}/display")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await liaison.GetAsync($"/api/v1/photos/{own}/thumbnail")).StatusCode);
        // Not found rather than forbidden: a liaison cannot tell a hidden photo from a missing one.
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/v1/photos/{own}/full")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/v1/photos/{othersReport}/display")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await liaison.GetAsync($"/api/v1/photos/{admission}/thumbnail")).StatusCode);
    }

    [Fact]
    public async Task Unknown_photo_or_variant_is_not_found_and_other_callers_are_refused()
    {
        var id = await AddPhotoRowAsync(PhotoOwner.Admission, Guid.CreateVersion7());
        var staff = await SignedInAsync(Roles.StationStaff);

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/photos/{Guid.CreateVersion7()}/display")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/photos/{id}/original")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/photos/{id}/0")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await SignedInAsync(Roles.Administrator)).GetAsync($"/api/v1/photos/{id}/display")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowserlikeClient().GetAsync($"/api/v1/photos/{id}/display")).StatusCode);
    }

    [Fact]
    public async Task Every_serve_of_a_photo_is_audited_with_its_variant()
    {
        var id = await AddPhotoRowAsync(PhotoOwner.Admission, Guid.CreateVersion7());
        var officer = await SignedInAsync(Roles.CaseOfficer);

        await officer.GetAsync($"/api/v1/photos/{id}/thumbnail");
        await officer.GetAsync($"/api/v1/photos/{id}/full");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var entries = await db.AuditLog.Where(a => a.Subject == "Photo" && a.SubjectId == id.ToString()).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["thumbnail", "full"], entries.Select(e => e.Detail));
        Assert.All(entries, e => Assert.Equal((AuditAction.Read, Demo.User(Roles.CaseOfficer).DisplayName), (e.Action, e.ActorName)));
    }

    private readonly Dictionary<string, HttpClient> _clients = [];

    [Fact]
    public async Task Upright_jpeg_keeps_its_image_data_and_loses_its_metadata()
    {
        var original = TestImages.Jpeg(900, 600, SKColors.Coral);
        var upload = TestImages.WithSegment(TestImages.WithExifOrientation(original, 1), 0xFE, "Canon EOS, 39.9042N 116.4074E"u8.ToArray());

        var accepted = await AcceptAsync(upload);
        var full = Variant(accepted, PhotoVariant.Full);

        // Metadata of our own making: a plain JFIF header and nothing else before the picture.
        Assert.Equal([0xE0], TestImages.JpegMarkers(full).Where(m => m is >= 0xE0 and <= 0xEF or 0xFE));
        Assert.Equal([.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0], Assert.Single(TestImages.JpegSegments(full, 0xE0)));
        // No re-encoding: the served picture is the original's byte for byte.
        Assert.Equal(TestImages.JpegPicture(original), TestImages.JpegPicture(full));
        Assert.Equal(full, Variant(accepted, PhotoVariant.Display));
        Assert.Equal(new SKSizeI(320, 213), SizeOf(Variant(accepted, PhotoVariant.Thumbnail)));
    }

    private async Task<HttpClient> SignedInAsync(string role)
    {
        if (_clients.TryGetValue(role, out var client)) return client;
        return _clients[role] = await app.SignedInAsync(role);
    }

    /// <summary>Stores a 640 × 480 photo and adds its row, as an upload through a feature would.</summary>
    private async Task<Guid> AddPhotoRowAsync(PhotoOwner kind, Guid ownerId) =>
        await AddRowAsync(await AcceptAsync(TestImages.Jpeg(640, 480, SKColors.Sienna)), kind, ownerId);

    private async Task<Guid> AddRowAsync(AcceptedPhoto accepted, PhotoOwner kind, Guid ownerId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var photo = new Photo
        {
            Id = Guid.CreateVersion7(),
            Sha256 = accepted.Sha256,
            ContentType = accepted.ContentType,
            Width = accepted.Width,
            Height = accepted.Height,
            ByteSize = accepted.ByteSize,
            OwnerKind = kind,
            OwnerId = ownerId,
            UploadedBy = "test",
            UploadedAt = app.Clock.GetUtcNow(),
        };
        db.Photos.Add(photo);
        await db.SaveChangesAsync();
        return photo.Id;
    }

    private Task<AcceptedPhoto> AcceptAsync(byte[] bytes) => Store.AcceptAsync(new MemoryStream(bytes), Field, CancellationToken.None);

    private async Task AssertRefusedAsync(Stream upload, string reason)
    {
        var before = FilesOnDisk();
        // The reasons are checked in English; a request's culture chooses the language in the app.
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");

        var refusal = await Assert.ThrowsAsync<ValidationFailedException>(() => Store.AcceptAsync(upload, Field, CancellationToken.None));

        var message = Assert.Single(Assert.Contains(Field, refusal.Errors));
        Assert.Contains(reason, message);
        Assert.Equal(before, FilesOnDisk());
    }

    private byte[] Variant(AcceptedPhoto photo, PhotoVariant variant)
    {
        using var file = Store.OpenVariant(photo.Sha256, variant) ?? throw new FileNotFoundException($"{variant} of {photo.Sha256}");
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    private string[] FilesOnDisk() => Directory.Exists(Store.Root)
        ? Directory.GetFiles(Store.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
        : [];

    private HashSet<string> ShasOnDisk() =>
        FilesOnDisk().Select(f => Path.GetFileName(f)).Where(n => n.Length >= 64).Select(n => n[..64]).ToHashSet();

    private static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static SKSizeI SizeOf(byte[] image)
    {
        using var codec = SKCodec.Create(SKData.CreateCopy(image));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        return codec.Info.Size;
    }

    private static void AssertColour(SKColor expected, SKColor actual)
    {
        // JPEG moves colours a little; a wrong corner is off by far more.
        var close = Math.Abs(expected.Red - actual.Red) < 40 && Math.Abs(expected.Green - actual.Green) < 40 && Math.Abs(expected.Blue - actual.Blue) < 40;
        Assert.True(close, $"expected about {expected}, found {actual}");
    }

    /// <summary>An upload that never ends, counting what was read of it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(0xFF);
            BytesRead += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
