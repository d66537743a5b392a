using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Rescue.Web.Hosting;
using SkiaSharp;

namespace Rescue.Web.Features.Photos;

/// <summary>
/// Keeps the files a form's post brought (photos, an import file) on the server until the form is submitted, so a
/// refused submit or an import's dry run does not make anyone choose them again. Every post's files go through here:
/// the page submits what is kept, discards it on success, and on failure shows it again with a tick to remove each.
/// A batch is found by an unguessable token in a hidden field, and only by the one who made it: the signed-in user,
/// or for the public form the browser that holds the antiforgery cookie. Files are 0600 under the data directory and
/// are forgotten a day after the batch last changed (<see cref="StagedUploadsSweeper"/>).
/// </summary>
public sealed class StagedUploads(IOptions<RescueOptions> options, IOptions<AntiforgeryOptions> antiforgery, TimeProvider clock, ILogger<StagedUploads> log)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>The most files one batch keeps: twice what one submit takes, so someone who chose too many can untick some.</summary>
    public const int MaxFiles = 2 * PhotoAttachments.MaxPerUpload;

    /// <summary>What every anonymous batch together may hold: the public form must not become a way to fill the disk.</summary>
    public const long MaxVisitorBytes = 512L * 1024 * 1024;

    private const int TokenLength = 43;
    private const string ManifestName = "manifest.json";
    private const string ThumbnailSuffix = ".thumb.jpg";
    private const int ThumbnailSide = 160;

    private static readonly UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UnixFileMode FolderMode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The folder of every batch: <c>staged/user/&lt;token&gt;</c> and <c>staged/visitor/&lt;token&gt;</c>.</summary>
    public string Root { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "staged");

    /// <summary>One kept file: its id in the batch (the value of its remove tick), the name it was chosen under, its size.</summary>
    public sealed record StagedFile(string Id, string Name, long Length);

    /// <summary>A form's kept files, in the order they were chosen; <see cref="NotKept"/> names the files past a limit.</summary>
    public sealed class Batch(string token, string folder, List<StagedFile> files)
    {
        public string Token { get; } = token;

        public IReadOnlyList<StagedFile> Files => files;

        public List<string> NotKept { get; } = [];

        internal string Folder { get; } = folder;

        internal List<StagedFile> Mutable => files;
    }

    /// <summary>
    /// Takes a post's files: the batch of <paramref name="token"/> (a new one when it is missing, expired or someone
    /// else's), without the files in <paramref name="removed"/>, with the newly <paramref name="chosen"/> ones after
    /// them. A <paramref name="single"/> batch (an import file) keeps only the last file chosen.
    /// </summary>
    public async Task<Batch> ReceiveAsync(HttpContext http, string? token, IEnumerable<string>? removed, IEnumerable<IFormFile>? chosen, bool single, CancellationToken ct)
    {
        var (kind, owner) = OwnerOf(http);
        var batch = Load(kind, owner, token) ?? New(kind);
        foreach (var id in removed ?? []) Remove(batch, id);

        // A browser sends an empty part for a file input left empty.
        var files = (chosen ?? []).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        if (single && files.Count > 0)
        {
            foreach (var file in batch.Files.ToList()) Remove(batch, file.Id);
            files = files[^1..];
        }
        var room = kind == Visitor ? MaxVisitorBytes - BytesUnder(Path.Combine(Root, Visitor)) : long.MaxValue;
        foreach (var file in files)
        {
            if (batch.Files.Count >= MaxFiles || file.Length > room)
            {
                batch.NotKept.Add(file.FileName);
                continue;
            }
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            CreateFolder(Path.Combine(Root, kind));
            CreateFolder(batch.Folder);
            await using (var target = Create(Path.Combine(batch.Folder, id)))
            await using (var content = file.OpenReadStream())
            {
                await content.CopyToAsync(target, ct);
            }
            room -= file.Length;
            batch.Mutable.Add(new StagedFile(id, Path.GetFileName(file.FileName), file.Length));
        }
        if (batch.NotKept.Count > 0) log.LogWarning("Did not keep {Count} uploaded files: the batch or the staging area is full", batch.NotKept.Count);
        Save(batch, owner);
        return batch;
    }

    /// <summary>The batch's files as photos to submit, named <c>photos[i]</c> in errors as the API names them.</summary>
    public IReadOnlyList<IncomingPhoto> Photos(Batch batch) =>
        batch.Files.Select((f, i) => new IncomingPhoto($"photos[{i}]", () => Open(batch, f))).ToList();

    public Stream Open(Batch batch, StagedFile file) =>
        new FileStream(Path.Combine(batch.Folder, file.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>A small picture of a kept photo as a data: URL, made on first ask; null when the file is not a picture that can be read.</summary>
    public async Task<string?> ThumbnailAsync(Batch batch, StagedFile file, CancellationToken ct)
    {
        var path = Path.Combine(batch.Folder, file.Id + ThumbnailSuffix);
        if (!File.Exists(path))
        {
            var jpeg = Thumbnail(Path.Combine(batch.Folder, file.Id));
            if (jpeg is null) return null;
            await using var target = Create(path);
            await target.WriteAsync(jpeg, ct);
        }
        return "data:image/jpeg;base64," + Convert.ToBase64String(await File.ReadAllBytesAsync(path, ct));
    }

    /// <summary>Forgets the batch: its files were submitted.</summary>
    public void Discard(Batch batch)
    {
        try
        {
            Directory.Delete(batch.Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Removes every batch that has not changed for <see cref="KeptFor"/>, and anything here that is not a batch; returns how many.</summary>
    public int Sweep()
    {
        var removed = 0;
        foreach (var kind in new[] { User, Visitor })
        {
            var folder = Path.Combine(Root, kind);
            if (!Directory.Exists(folder)) continue;
            foreach (var batch in Directory.EnumerateDirectories(folder))
            {
                var manifest = ReadManifest(batch);
                // A folder without a readable manifest was cut off while being made: its age is that of the folder.
                var changed = manifest?.UpdatedAt ?? Directory.GetLastWriteTimeUtc(batch);
                if (changed + KeptFor > clock.GetUtcNow()) continue;
                Directory.Delete(batch, recursive: true);
                removed++;
            }
        }
        return removed;
    }

    private const string User = "user";
    private const string Visitor = "visitor";

    private sealed record Manifest(string Owner, DateTimeOffset UpdatedAt, List<StagedFile> Files);

    /// <summary>Who the batch belongs to: the signed-in user, or the browser by its antiforgery cookie (checked on every form post).</summary>
    private (string Kind, string Owner) OwnerOf(HttpContext http)
    {
        if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } userId) return (User, Hash(userId));
        var cookie = antiforgery.Value.Cookie.Name is { } name ? http.Request.Cookies[name] : null;
        // Without the cookie nothing could find the batch again: a random owner keeps it to this post.
        return (Visitor, Hash(cookie ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
    }

    private static string Hash(string owner) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(owner)));

    private Batch? Load(string kind, string owner, string? token)
    {
        // The token becomes a path: only the exact form this class makes may reach the file system.
        if (token is not { Length: TokenLength } || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        var folder = Path.Combine(Root, kind, token);
        if (ReadManifest(folder) is not { } manifest || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(manifest.Owner), Convert.FromHexString(owner))) return null;
        if (manifest.UpdatedAt + KeptFor <= clock.GetUtcNow())
        {
            Directory.Delete(folder, recursive: true);
            return null;
        }
        // A file lost since (a double submit that raced) is left out rather than failing the form.
        return new Batch(token, folder, manifest.Files.Where(f => File.Exists(Path.Combine(folder, f.Id))).ToList());
    }

    private Batch New(string kind)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        // The folder is made with the first file: a post without files leaves nothing behind.
        return new Batch(token, Path.Combine(Root, kind, token), []);
    }

    private static void Remove(Batch batch, string id)
    {
        if (batch.Files.FirstOrDefault(f => f.Id == id) is not { } file) return;
        batch.Mutable.Remove(file);
        File.Delete(Path.Combine(batch.Folder, file.Id));
        File.Delete(Path.Combine(batch.Folder, file.Id + ThumbnailSuffix));
    }

    private void Save(Batch batch, string owner)
    {
        if (batch.Files.Count == 0)
        {
            Discard(batch);
            return;
        }
        var temp = Path.Combine(batch.Folder, ManifestName + ".tmp");
        using (var file = Create(temp, overwrite: true))
        {
            JsonSerializer.Serialize(file, new Manifest(owner, clock.GetUtcNow(), batch.Mutable));
        }
        File.Move(temp, Path.Combine(batch.Folder, ManifestName), overwrite: true);
    }

    private static Manifest? ReadManifest(string folder)
    {
        try
        {
            using var file = File.OpenRead(Path.Combine(folder, ManifestName));
            return JsonSerializer.Deserialize<Manifest>(file);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long BytesUnder(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    /// <summary>A file only the app's user can read: what people upload is evidence and personal data.</summary>
    private static FileStream Create(string path, bool overwrite = false)
    {
        var options = new FileStreamOptions { Mode = overwrite ? FileMode.Create : FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode600;
        return new FileStream(path, options);
    }

    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode700);
    }

    /// <summary>A small upright JPEG of a photo for the form to show; null when the file is not a picture or too big to decode.</summary>
    private static byte[]? Thumbnail(string path)
    {
        using var codec = SKCodec.Create(path);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0) return null;
        if ((long)codec.Info.Width * codec.Info.Height > PhotoStore.MaxPixels) return null;
        // The smallest size the codec decodes cheaply (a JPEG in eighths) that still covers the thumbnail.
        var size = codec.Info.Size;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(scaled.Width, scaled.Height) >= ThumbnailSide)
            {
                size = scaled;
                break;
            }
        }
        using var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput)) return null;

        var scale = Math.Min(1f, (float)ThumbnailSide / Math.Max(size.Width, size.Height));
        var (width, height) = (Math.Max(1, (int)(size.Width * scale)), Math.Max(1, (int)(size.Height * scale)));
        // A phone held upright stores its picture on its side and says so in EXIF: turn the thumbnail as a viewer would.
        var quarterTurns = codec.EncodedOrigin switch
        {
            SKEncodedOrigin.RightTop => 1,
            SKEncodedOrigin.BottomRight => 2,
            SKEncodedOrigin.LeftBottom => 3,
            _ => 0,
        };
        var (outWidth, outHeight) = quarterTurns % 2 == 1 ? (height, width) : (width, height);
        using var thumbnail = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(thumbnail))
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(outWidth / 2f, outHeight / 2f);
            canvas.RotateDegrees(90 * quarterTurns);
            canvas.Translate(-width / 2f, -height / 2f);
            using var image = SKImage.FromBitmap(decoded);
            canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }
        using var data = thumbnail.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data?.ToArray();
    }
}

/// <summary>Removes expired batches of <see cref="StagedUploads"/> when the app starts and every hour.</summary>
internal sealed class StagedUploadsSweeper(StagedUploads staged, TimeProvider clock, ILogger<StagedUploadsSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                var removed = staged.Sweep();
                if (removed > 0) log.LogInformation("Removed {Count} kept uploads older than {Hours} hours", removed, StagedUploads.KeptFor.TotalHours);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not remove old kept uploads; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Registers <see cref="StagedUploads"/> and its sweeper.</summary>
public static class StagedUploadsFeature
{
    public static IServiceCollection AddStagedUploads(this IServiceCollection services)
    {
        services.AddSingleton<StagedUploads>();
        services.AddHostedService<StagedUploadsSweeper>();
        return services;
    }
}
