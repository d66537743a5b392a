using System.Buffers;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Photos;

/// <summary>
/// Content-addressed files written whole or not at all and private to the app's user: a temporary name flushed to the
/// disk, renamed into place, and its folder synced; the file store of the photos (<see cref="PhotoStore"/>) and of the
/// settlement documents. A file is written before the row that names it commits; <see cref="RemoveUnnamed"/> removes
/// those a crash left without a row.
/// </summary>
internal static class DurableFiles
{
    public const string TempSuffix = ".tmp";

    /// <summary>Stored files: read and written by the app's user only (0600).</summary>
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Their folders: entered and listed by the app's user only (0700).</summary>
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Whether <paramref name="value"/> is a lower-case hex SHA-256: the only name of a stored file that may become a path.</summary>
    public static bool IsSha256(string value) => value.Length == 64 && !value.AsSpan().ContainsAnyExcept(LowerHex);

    /// <summary>The folder of a file named by its SHA-256 under <paramref name="root"/>: <c>ab/cd/</c>.</summary>
    public static string FolderOf(string root, string sha) => Path.Combine(root, sha[..2], sha[2..4]);

    /// <summary>
    /// Writes the <paramref name="files"/> into <paramref name="folder"/> (made private when missing), each whole or not
    /// at all, then syncs the folder and every new folder's parent so the renames survive a power cut.
    /// </summary>
    public static void WriteAll(string folder, IReadOnlyList<(string Path, Action<Stream> Write)> files)
    {
        if (files.Count == 0) return;
        var created = CreateFolders(folder);
        foreach (var (path, write) in files) WriteFile(path, write);

        // A rename is durable only once its folder is synced; a new folder's entry is in its parent.
        // One sync after the last rename covers every file written above.
        DirectorySync.Flush(folder);
        foreach (var directory in created) DirectorySync.Flush(Path.GetDirectoryName(directory)!);
    }

    /// <summary>
    /// Removes the files under <paramref name="root"/> whose SHA-256 (the first 64 characters of the name) is not in
    /// <paramref name="known"/>, and every stray temporary file; makes private what earlier versions left readable by
    /// every account. Files not named by a SHA-256 are not ours and stay. With <paramref name="writtenBefore"/>, files
    /// written since then stay too: while the app takes uploads, a photo being stored has no row yet. Returns how many
    /// SHA-256 were removed.
    /// </summary>
    public static int RemoveUnnamed(string root, IReadOnlySet<string> known, CancellationToken ct, DateTimeOffset? writtenBefore = null)
    {
        if (!Directory.Exists(root)) return 0;
        MakePrivate(root, PrivateFolder);
        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)) MakePrivate(folder, PrivateFolder);
        var removed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            var name = Path.GetFileName(file);
            if (name.Length < 64 || !IsSha256(name[..64])) continue;
            var sha = name[..64];
            var isKnown = known.Contains(sha);
            if (isKnown && !name.EndsWith(TempSuffix, StringComparison.Ordinal))
            {
                MakePrivate(file, PrivateFile);
                continue;
            }
            if (writtenBefore is { } before && File.GetLastWriteTimeUtc(file) >= before.UtcDateTime) continue;
            File.Delete(file);
            if (!isKnown) removed.Add(sha);
        }
        return removed.Count;
    }

    /// <summary>
    /// Removes every file of each of <paramref name="shas"/> under <paramref name="root"/> (the file and its
    /// derivatives beside it): for records deleted at run time, once no row names the SHA-256 any more.
    /// </summary>
    public static void Remove(string root, IEnumerable<string> shas)
    {
        foreach (var sha in shas.Where(IsSha256))
        {
            var folder = FolderOf(root, sha);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder, sha + "*")) File.Delete(file);
        }
    }

    /// <summary>Reads an upload into memory, refusing it (naming <paramref name="field"/>) once it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<MemoryStream> ReadAtMostAsync(Stream content, long maxBytes, string field, CancellationToken ct)
    {
        var declared = content.CanSeek ? content.Length - content.Position : 0;
        // A declared length over the limit is refused before a byte is read.
        if (declared > maxBytes) throw TooLarge(field, maxBytes);

        var buffer = new MemoryStream((int)Math.Max(declared, 0));
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await content.ReadAsync(chunk, ct)) > 0)
            {
                // Stop at the limit: the rest of an oversized upload is never read.
                if (buffer.Length + read > maxBytes) throw TooLarge(field, maxBytes);
                buffer.Write(chunk, 0, read);
            }
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static ValidationFailedException TooLarge(string field, long maxBytes) =>
        new(field, $"the file is larger than {maxBytes / (1024 * 1024)} MB");

    /// <summary>Takes away what <paramref name="allowed"/> does not grant; never adds a permission.</summary>
    private static void MakePrivate(string path, UnixFileMode allowed)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) != 0) File.SetUnixFileMode(path, mode & allowed);
    }

    /// <summary>The folders to make for <paramref name="folder"/>, deepest first; each one's entry must be synced in its parent.</summary>
    private static List<string> CreateFolders(string folder)
    {
        var created = new List<string>();
        for (var directory = folder; !Directory.Exists(directory); directory = Path.GetDirectoryName(directory)!) created.Add(directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return created;
        }
        // One level at a time: given a mode, CreateDirectory applies it to the last folder only.
        for (var i = created.Count - 1; i >= 0; i--) Directory.CreateDirectory(created[i], PrivateFolder);
        return created;
    }

    /// <summary>
    /// Writes a file whole or not at all: a temporary name in the same folder, flushed to the disk,
    /// then renamed into place, so a reader or a crash never finds half a file under the real name.
    /// </summary>
    private static void WriteFile(string path, Action<Stream> write)
    {
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            // Created private, not narrowed after: there is no moment when another account can open it.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = PrivateFile;
            using (var file = new FileStream(temp, create))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            // Two uploads of the same file may race here; both hold the same bytes.
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
