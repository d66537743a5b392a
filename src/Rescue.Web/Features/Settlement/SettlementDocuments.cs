using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Rescue.Web.Components;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;
using SkiaSharp;

namespace Rescue.Web.Features.Settlement;

/// <summary>A settlement document that passed the checks and whose file is written and synced: ready for its row.</summary>
public sealed record AcceptedDocument(string Sha256, string ContentType, string Name, long ByteSize);

/// <summary>
/// Keeps the documents of settlement steps (a scan of the approved application, the hukou page, the ID card): PDF, JPEG
/// or PNG judged from the content, never from the name, content-addressed by SHA-256 in <c>documents/</c> beside the
/// photos, written through <see cref="DurableFiles"/> before the step's row commits. Files no step names (a crash between
/// the write and the commit) are removed at start. Never served but to case officers, as they are (a scan is the evidence).
/// </summary>
public sealed class SettlementDocuments(IOptions<RescueOptions> options)
{
    /// <summary>The largest document read: a scanned multi-page PDF is a few MB.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    public const string Pdf = "application/pdf";

    public string Root { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "documents");

    /// <summary>
    /// Reads, checks and stores one upload. Throws <see cref="ValidationFailedException"/> naming <paramref name="field"/>
    /// when it is empty, too large, or not a whole PDF, JPEG or PNG.
    /// </summary>
    public async Task<AcceptedDocument> AcceptAsync(Stream content, string? fileName, string field, CancellationToken ct)
    {
        using var upload = await DurableFiles.ReadAtMostAsync(content, MaxBytes, field, ct);
        if (upload.Length == 0) throw new ValidationFailedException(field, UiText.Format("Err.FileEmpty"));
        var bytes = upload.ToArray();
        var type = ContentTypeOf(bytes) ?? throw new ValidationFailedException(field, UiText.Format("Err.Settlement.DocumentType"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var folder = DurableFiles.FolderOf(Root, sha);
        if (!File.Exists(Path.Combine(folder, sha))) DurableFiles.WriteAll(folder, [(Path.Combine(folder, sha), file => file.Write(bytes))]);
        return new AcceptedDocument(sha, type, NameOf(fileName, type), bytes.Length);
    }

    /// <summary>Opens a stored document; null when the file is missing.</summary>
    public Stream? Open(string sha256)
    {
        // The name becomes a path: only the exact form this store writes may reach the file system.
        if (!DurableFiles.IsSha256(sha256)) throw new ArgumentException("not a lower-case hex SHA-256", nameof(sha256));
        try
        {
            return new FileStream(Path.Combine(DurableFiles.FolderOf(Root, sha256), sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes document files no step names; run at start, before the app takes uploads. Returns how many.</summary>
    public Task<int> RemoveOrphansAsync(IReadOnlySet<string> knownSha256, CancellationToken ct) =>
        Task.Run(() => DurableFiles.RemoveUnnamed(Root, knownSha256, ct), ct);

    /// <summary>The type the bytes are, among those taken; null for anything else, or a PDF or image cut off.</summary>
    private static string? ContentTypeOf(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            // A whole PDF ends with %%EOF (a few bytes of line ends may follow); a cut-off upload does not.
            var tail = bytes.AsSpan(Math.Max(0, bytes.Length - 1024));
            return tail.IndexOf("%%EOF"u8) >= 0 ? Pdf : null;
        }
        // SkiaSharp recognises the format from the bytes and reads the header; decoding the pixels shows the image is whole.
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0) return null;
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png)) return null;
        if ((long)codec.Info.Width * codec.Info.Height > PhotoStore.MaxPixels) return null;
        using var pixels = new SKBitmap(codec.Info.Width, codec.Info.Height);
        if (codec.GetPixels(pixels.Info, pixels.GetPixels()) != SKCodecResult.Success) return null;
        return codec.EncodedFormat == SKEncodedImageFormat.Jpeg ? "image/jpeg" : "image/png";
    }

    /// <summary>The name to offer on download: the uploaded file's own, without folders or what a header must not carry, with the right extension.</summary>
    private static string NameOf(string? fileName, string type)
    {
        var extension = type switch { Pdf => ".pdf", "image/png" => ".png", _ => ".jpg" };
        // The name travels in a Content-Disposition header: no control or direction characters, no quotes or folders.
        var stem = TextRules.Clean(Path.GetFileNameWithoutExtension(Path.GetFileName(fileName ?? "")), freeText: false).Replace('"', '\'').Trim();
        if (stem.Length == 0) stem = "document";
        var max = SettlementLimits.DocumentName - extension.Length;
        if (stem.Length > max) stem = stem[..(char.IsHighSurrogate(stem[max - 1]) ? max - 1 : max)];
        return stem + extension;
    }
}
