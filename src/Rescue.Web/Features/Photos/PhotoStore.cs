using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Rescue.Vision;
using Rescue.Web.Components;
using Rescue.Web.Hosting;
using SkiaSharp;

namespace Rescue.Web.Features.Photos;

/// <summary>A photo that passed the checks and whose files are written and synced: ready for its row.</summary>
public sealed record AcceptedPhoto(string Sha256, string ContentType, int Width, int Height, long ByteSize);

/// <summary>The files a photo is served as; every one a JPEG shown upright, with no metadata of the upload.</summary>
public enum PhotoVariant
{
    /// <summary>
    /// Full resolution, for station roles only (the evidence file itself is never served): a JPEG's own
    /// image data with rebuilt metadata (at most its orientation tag), anything else encoded again upright.
    /// </summary>
    Full,

    /// <summary>At most 1280 px on the longest side, for detail pages; its pixels are stored upright.</summary>
    Display,

    /// <summary>At most 320 px, for lists; its pixels are stored upright.</summary>
    Thumbnail,
}

/// <summary>
/// Checks uploaded photos and keeps their files: the evidence bytes, content-addressed by SHA-256,
/// and upright, metadata-free derivatives. Files are written and synced before the caller commits
/// the photo's row; files left without a row by a crash are removed at start. Only the app's own user
/// may read them: a photo of a person in care is not for every account on the server.
/// </summary>
public sealed class PhotoStore(IOptions<RescueOptions> options)
{
    /// <summary>The largest upload read; a phone photo is 2–12 MB.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The most pixels decoded: 40 MP holds every phone camera and refuses decompression bombs.</summary>
    public const long MaxPixels = 40_000_000;

    public const int MaxSide = 12_000;

    /// <summary>
    /// The most pixels a file that is not a JPEG may hold per byte. A photo stored losslessly takes about two bytes a
    /// pixel and a flat screenshot one byte per 30–100 pixels; a PNG of a few kilobytes claiming 36 megapixels (about
    /// 1000 a byte) is a decompression bomb that would take seconds of decoding. A JPEG is decoded at a reduced scale.
    /// </summary>
    public const int MaxPixelsPerByte = 256;

    public const int DisplaySide = 1280;

    public const int ThumbnailSide = 320;

    private const int FullQuality = 92;
    private const int DerivativeQuality = 85;

    // A 40-megapixel photo holds 160 MB of pixels while it is decoded, twice when it must be turned
    // upright: two at a time keeps a burst of uploads from exhausting a small server's memory.
    private readonly SemaphoreSlim _decoding = new(2);

    /// <summary>The folder of every photo file: <c>photos/ab/cd/&lt;sha&gt;</c> and its derivatives beside it.</summary>
    public string Root { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "photos");

    /// <summary>
    /// Reads, checks and stores one upload. Throws <see cref="Hosting.ValidationFailedException"/> naming
    /// <paramref name="field"/> when the content is empty, not an image, truncated, too large or too many pixels.
    /// </summary>
    public async Task<AcceptedPhoto> AcceptAsync(Stream content, string field, CancellationToken ct) =>
        (await AcceptAllAsync([new IncomingPhoto(field, () => content)], ct))[0];

    /// <summary>
    /// Checks every upload first and writes files only when all of them pass, so a bad photo in a
    /// batch leaves nothing on disk; then writes and syncs them, ready for their rows.
    /// </summary>
    public async Task<IReadOnlyList<AcceptedPhoto>> AcceptAllAsync(IReadOnlyList<IncomingPhoto> photos, CancellationToken ct)
    {
        var prepared = new List<PreparedPhoto>(photos.Count);
        foreach (var photo in photos)
        {
            await using var content = photo.Open();
            prepared.Add(await PrepareAsync(content, photo.Field, ct));
        }
        foreach (var photo in prepared) Write(photo);
        return prepared.Select(p => p.Accepted).ToList();
    }

    /// <summary>Every check of <see cref="AcceptAsync"/>, the full decode included, writing nothing: for the fuzz run.</summary>
    internal async Task<AcceptedPhoto> CheckAsync(Stream content, string field, CancellationToken ct) =>
        (await PrepareAsync(content, field, ct)).Accepted;

    /// <summary>A checked photo with the files still to write, encoded in memory.</summary>
    private sealed record PreparedPhoto(AcceptedPhoto Accepted, ReadOnlyMemory<byte>? Evidence, IReadOnlyList<(PhotoVariant Variant, byte[] Jpeg)> Derivatives);

    private async Task<PreparedPhoto> PrepareAsync(Stream content, string field, CancellationToken ct)
    {
        using var upload = await DurableFiles.ReadAtMostAsync(content, MaxBytes, field, ct);
        if (upload.Length == 0) throw new ValidationFailedException(field, UiText.Format("Err.FileEmpty"));
        var bytes = upload.ToArray().AsMemory();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));

        // The content decides the type: SKCodec recognises the format from the bytes, whatever the file is called.
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            throw new ValidationFailedException(field, UiText.Format("Err.NotAnImage"));
        }

        // The header's size is checked before a pixel is allocated: a 30000 × 30000 PNG of a few
        // hundred bytes would otherwise ask for 3.6 GB.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
        {
            throw new ValidationFailedException(field,
                UiText.Format("Err.TooManyPixels", width, height, MaxPixels / 1_000_000, MaxSide));
        }

        if (codec.EncodedFormat != SKEncodedImageFormat.Jpeg && (long)width * height > (long)MaxPixelsPerByte * bytes.Length)
        {
            throw new ValidationFailedException(field, UiText.Format("Err.ImageTooCompressed", width, height, bytes.Length / 1024));
        }

        var origin = codec.EncodedOrigin;
        var upright = ExifOrientation.UprightSize(codec.Info.Size, origin);
        var accepted = new AcceptedPhoto(sha, ContentTypeOf(codec.EncodedFormat), upright.Width, upright.Height, bytes.Length);

        var evidence = File.Exists(Path.Combine(FolderOf(sha), sha)) ? (ReadOnlyMemory<byte>?)null : bytes;
        var missing = Enum.GetValues<PhotoVariant>().Where(v => !File.Exists(PathOf(sha, v))).ToList();
        // The same bytes passed every check when they were first stored: nothing to do again.
        if (missing.Count == 0 && evidence is null) return new PreparedPhoto(accepted, null, []);

        // A JPEG's full-size file is its own image data, rebuilt with none of the upload's metadata:
        // lossless, and no encoding. A turned one keeps its orientation tag there, which browsers follow;
        // only the smaller copies are turned, from a reduced-scale decode. Anything else (PNG, WebP, a JPEG
        // whose colours need a segment left out) is decoded in full and encoded again, upright.
        var rebuilt = codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? Rebuild(bytes.Span, origin, codec.Info.ColorSpace) : null;
        var longest = Math.Max(width, height);
        // The display copy is served as pixels stored upright (it is the one partners and later the public
        // see, in whatever viewer): made anew unless it can be the full file, an upright one that is small enough.
        var displayIsFull = longest <= DisplaySide && (rebuilt is null || origin == SKEncodedOrigin.TopLeft);
        var needed = rebuilt is null ? longest : displayIsFull ? ThumbnailSide : Math.Min(longest, DisplaySide);

        await _decoding.WaitAsync(ct);
        try
        {
            // Decoding every pixel is also the check that the file is whole; a JPEG decoded at a
            // reduced scale still reads all of its data, and costs far less.
            using var decoded = Decode(codec, DecodeSize(codec, needed), field);
            ct.ThrowIfCancellationRequested();

            // A rebuilt JPEG needs pixels only up to the display size: scaled first, fewer pixels to turn.
            using var scaled = rebuilt is null ? null : ScaledDown(decoded, DisplaySide);
            using var turned = origin == SKEncodedOrigin.TopLeft ? null : ExifOrientation.Upright(scaled ?? decoded, origin);
            var uprightPixels = turned ?? scaled ?? decoded;
            // Derivatives are made from the next larger one: faster, and as sharp.
            using var display = ScaledDown(uprightPixels, DisplaySide);
            using var thumbnail = ScaledDown(display ?? uprightPixels, ThumbnailSide);
            var full = new Lazy<byte[]>(() => rebuilt ?? Jpeg(uprightPixels, FullQuality));
            var derivatives = missing.Select(variant => (variant, variant switch
            {
                PhotoVariant.Full => full.Value,
                PhotoVariant.Display => displayIsFull ? full.Value : Jpeg(display ?? uprightPixels, DerivativeQuality),
                _ => Jpeg(thumbnail ?? display ?? uprightPixels, DerivativeQuality),
            })).ToList();
            return new PreparedPhoto(accepted, evidence, derivatives);
        }
        finally
        {
            _decoding.Release();
        }
    }

    /// <summary>The JPEG rebuilt with a colour profile of our own when it is not sRGB; null when it cannot be rebuilt.</summary>
    private static byte[]? Rebuild(ReadOnlySpan<byte> jpeg, SKEncodedOrigin origin, SKColorSpace? colours)
    {
        if (colours is null or { IsSrgb: true }) return JpegMetadata.Rebuild(jpeg, origin, []);
        var profile = JpegMetadata.ColourProfile(colours);
        return profile.Length == 0 ? null : JpegMetadata.Rebuild(jpeg, origin, profile);
    }

    /// <summary>The smallest size the codec decodes to cheaply (a JPEG in eighths) whose longest side is at least <paramref name="needed"/>.</summary>
    private static SKSizeI DecodeSize(SKCodec codec, int needed)
    {
        var full = codec.Info.Size;
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var size = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(size.Width, size.Height) >= needed) return size;
        }
        return full;
    }

    private static byte[] Jpeg(SKBitmap bitmap, int quality)
    {
        using var jpeg = new MemoryStream();
        EncodeJpeg(bitmap, quality, jpeg);
        return jpeg.ToArray();
    }

    private void Write(PreparedPhoto photo)
    {
        if (photo.Evidence is null && photo.Derivatives.Count == 0) return;
        var sha = photo.Accepted.Sha256;
        var files = photo.Derivatives.Select(d => (PathOf(sha, d.Variant), (Action<Stream>)(file => file.Write(d.Jpeg)))).ToList();
        if (photo.Evidence is { } evidence) files.Add((Path.Combine(FolderOf(sha), sha), file => file.Write(evidence.Span)));
        DurableFiles.WriteAll(FolderOf(sha), files);
    }

    /// <summary>Opens a derivative for serving; null when the file is missing.</summary>
    public Stream? OpenVariant(string sha256, PhotoVariant variant)
    {
        // The name becomes a path: only the exact form this store writes may reach the file system.
        if (!IsSha256(sha256)) throw new ArgumentException("not a lower-case hex SHA-256", nameof(sha256));
        try
        {
            return new FileStream(PathOf(sha256, variant), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The evidence bytes as uploaded, for processing inside the app (never served); null when missing.</summary>
    public async Task<byte[]?> ReadEvidenceAsync(string sha256, CancellationToken ct)
    {
        if (!IsSha256(sha256)) throw new ArgumentException("not a lower-case hex SHA-256", nameof(sha256));
        var path = Path.Combine(FolderOf(sha256), sha256);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }

    /// <summary>
    /// Removes photo files that no Photo row names (left by a crash between write and commit), and
    /// every stray temporary file. Run it before the app takes uploads: a photo being stored has no row yet.
    /// On the way it makes private the files and folders that earlier versions left readable by every
    /// account (0644, 0755). Returns how many photos (distinct SHA-256) were removed.
    /// </summary>
    public Task<int> RemoveOrphansAsync(IReadOnlySet<string> knownSha256, CancellationToken ct, DateTimeOffset? writtenBefore = null) =>
        Task.Run(() => DurableFiles.RemoveUnnamed(Root, knownSha256, ct, writtenBefore), ct);

    private string FolderOf(string sha) => DurableFiles.FolderOf(Root, sha);

    private string PathOf(string sha, PhotoVariant variant) => Path.Combine(FolderOf(sha), variant switch
    {
        PhotoVariant.Full => sha + ".full.jpg",
        PhotoVariant.Display => sha + ".display.jpg",
        PhotoVariant.Thumbnail => sha + ".thumbnail.jpg",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    });

    private static bool IsSha256(string value) => DurableFiles.IsSha256(value);

    /// <summary>
    /// Decodes every pixel at <paramref name="size"/>, as stored (not yet turned upright), refusing a file
    /// that ends early or is corrupt; transparent parts become white.
    /// </summary>
    private static SKBitmap Decode(SKCodec codec, SKSizeI size, string field)
    {
        var opaque = codec.Info.AlphaType == SKAlphaType.Opaque;
        // Colours in another profile are converted to sRGB, which is what a browser assumes of a JPEG
        // without one; sRGB or untagged pixels are taken as they are (the conversion costs a third of the decode).
        var colours = codec.Info.ColorSpace is { IsSrgb: false } ? SKColorSpace.CreateSrgb() : null;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul, colours);
        var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            decoded.Dispose();
            // A partial picture is not evidence: the rows that did not arrive would show as grey.
            throw new ValidationFailedException(field, result == SKCodecResult.IncompleteInput
                ? UiText.Format("Err.ImageCutOff")
                : UiText.Format("Err.ImageDamaged"));
        }
        if (opaque) return decoded;

        using (decoded)
        {
            var flat = new SKBitmap(info.WithAlphaType(SKAlphaType.Premul));
            using var canvas = new SKCanvas(flat);
            // Transparent parts become white rather than the black a JPEG encoder would make of them.
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(decoded, 0, 0);
            return flat;
        }
    }

    /// <summary>The picture at most <paramref name="maxSide"/> on its longest side; null when it is that small already.</summary>
    private static SKBitmap? ScaledDown(SKBitmap source, int maxSide)
    {
        var longest = Math.Max(source.Width, source.Height);
        if (longest <= maxSide) return null;
        var scale = (double)maxSide / longest;
        var size = new SKSizeI(Math.Max(1, (int)Math.Round(source.Width * scale)), Math.Max(1, (int)Math.Round(source.Height * scale)));
        // Mipmaps average the pixels a large reduction would skip, so fine patterns do not alias.
        return source.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException($"SkiaSharp could not scale a {source.Width} × {source.Height} picture");
    }

    /// <summary>Re-encodes the pixels alone: SkiaSharp writes no EXIF, so no GPS position or camera data is served.</summary>
    private static void EncodeJpeg(SKBitmap bitmap, int quality, Stream target)
    {
        using var pixmap = bitmap.PeekPixels();
        var jpeg = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        if (!pixmap.Encode(target, jpeg)) throw new InvalidOperationException("SkiaSharp could not encode a JPEG");
    }

    private static string ContentTypeOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Webp => "image/webp",
        SKEncodedImageFormat.Gif => "image/gif",
        SKEncodedImageFormat.Bmp => "image/bmp",
        SKEncodedImageFormat.Ico => "image/x-icon",
        SKEncodedImageFormat.Wbmp => "image/vnd.wap.wbmp",
        SKEncodedImageFormat.Heif => "image/heif",
        SKEncodedImageFormat.Avif => "image/avif",
        SKEncodedImageFormat.Dng => "image/x-adobe-dng",
        _ => "image/" + format.ToString().ToLowerInvariant(),
    };
}
