using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Rescue.Search.Names;

/// <summary>
/// One ICU transliterator (such as <c>Han-Latin/Names</c>) called through P/Invoke into the ICU that .NET
/// itself uses: no NuGet package for pinyin is served here, and ICU's tables are the maintained ones.
/// </summary>
/// <remarks>
/// Opening a transliterator costs about 0.9 ms, so opened handles are kept in a pool and reused. A handle is
/// not documented as safe for concurrent use, so each call takes one handle out of the pool for itself.
/// </remarks>
internal sealed class IcuTransliterator
{
    private const int BufferOverflowError = 15; // U_BUFFER_OVERFLOW_ERROR
    private const int Forward = 0; // UTRANS_FORWARD

    // Lazy, so that two threads asking for the same ID at once do not both open (and one leak) a handle.
    private static readonly ConcurrentDictionary<string, Lazy<IcuTransliterator>> Opened = new(StringComparer.Ordinal);

    private readonly string _id;
    private readonly ConcurrentBag<IntPtr> _idle = [];
    private readonly int _keepIdle = Math.Max(2, Environment.ProcessorCount * 2);

    private IcuTransliterator(string id)
    {
        _id = id;
        // Open one at once so that a wrong ID or a missing ICU fails here, not at the first name.
        _idle.Add(Open());
    }

    /// <summary>The shared transliterator for an ICU ID such as <c>Traditional-Simplified</c>.</summary>
    public static IcuTransliterator For(string id) =>
        Opened.GetOrAdd(id, static id => new Lazy<IcuTransliterator>(() => new IcuTransliterator(id))).Value;

    public string Transliterate(string text)
    {
        if (text.Length == 0) return text;
        var handle = _idle.TryTake(out var idle) ? idle : Open();
        try
        {
            // Han → Latin grows the text about six times ("张" → "zhāng "); retry once if that is not enough.
            var capacity = text.Length * 8 + 16;
            while (true)
            {
                var buffer = new char[capacity];
                text.CopyTo(0, buffer, 0, text.Length);
                var length = text.Length;
                var limit = text.Length;
                var status = 0;
                IcuLibrary.TransUChars(handle, buffer, ref length, buffer.Length, 0, ref limit, ref status);
                if (status == BufferOverflowError && capacity < text.Length * 64)
                {
                    capacity *= 4;
                    continue;
                }
                if (status > 0) throw new InvalidOperationException($"ICU transliterator {_id} failed with error {status}.");
                return new string(buffer, 0, length);
            }
        }
        finally
        {
            if (_idle.Count < _keepIdle) _idle.Add(handle);
            else IcuLibrary.Close(handle);
        }
    }

    private IntPtr Open()
    {
        var status = 0;
        var handle = IcuLibrary.OpenU(_id, _id.Length, Forward, null, 0, IntPtr.Zero, ref status);
        if (status > 0 || handle == IntPtr.Zero)
            throw new InvalidOperationException($"ICU could not open the transliterator {_id} (error {status}).");
        return handle;
    }
}

/// <summary>The entry points of ICU's i18n library, found at run time.</summary>
/// <remarks>
/// ICU suffixes every exported function with its major version (<c>utrans_openU_72</c>), so the names cannot be
/// written into a <c>DllImport</c>: the version is read from the ICU library that .NET has already loaded for
/// globalization (so both use the same one), or else from the newest libicui18n found in the usual folders.
/// </remarks>
internal static class IcuLibrary
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
    internal delegate IntPtr OpenUFunction(string id, int idLength, int direction, string? rules, int rulesLength, IntPtr parseError, ref int status);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
    internal delegate void TransUCharsFunction(IntPtr transliterator, [In, Out] char[] text, ref int textLength, int textCapacity, int start, ref int limit, ref int status);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate void CloseFunction(IntPtr transliterator);

    private static readonly Lazy<Entry> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] LibraryFolders =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/lib"];

    /// <summary>The path of the ICU library in use and its major version, for diagnostics.</summary>
    public static string Description => $"{Loaded.Value.Path} (ICU {Loaded.Value.Version})";

    public static OpenUFunction OpenU => Loaded.Value.OpenU;

    public static TransUCharsFunction TransUChars => Loaded.Value.TransUChars;

    public static CloseFunction Close => Loaded.Value.Close;

    private sealed record Entry(string Path, int Version, OpenUFunction OpenU, TransUCharsFunction TransUChars, CloseFunction Close);

    private static Entry Load()
    {
        var (path, version) = FindLoadedByDotNet() ?? FindInLibraryFolders()
            ?? throw new InvalidOperationException(
                "ICU's libicui18n was not found: Chinese names need it for pinyin (install Debian's libicu package).");
        var library = NativeLibrary.Load(path);
        return new Entry(path, version,
            Export<OpenUFunction>(library, "utrans_openU", version),
            Export<TransUCharsFunction>(library, "utrans_transUChars", version),
            Export<CloseFunction>(library, "utrans_close", version));
    }

    private static T Export<T>(IntPtr library, string name, int version) where T : Delegate
    {
        // Some builds of ICU are made without the version suffix ("renaming" off): accept both.
        if (!NativeLibrary.TryGetExport(library, $"{name}_{version}", out var address)
            && !NativeLibrary.TryGetExport(library, name, out address))
            throw new InvalidOperationException($"ICU library has no {name}_{version}.");
        return Marshal.GetDelegateForFunctionPointer<T>(address);
    }

    /// <summary>The ICU that .NET loaded for globalization, read from this process's memory map.</summary>
    private static (string Path, int Version)? FindLoadedByDotNet()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        // .NET loads ICU on first use of culture data; make sure that has happened.
        _ = CultureInfo.GetCultureInfo("zh-CN").CompareInfo.Compare("张", "章");
        foreach (var line in File.ReadLines(maps))
        {
            var at = line.IndexOf('/');
            if (at < 0) continue;
            var file = line[at..];
            foreach (var library in (string[])["libicui18n.so.", "libicuuc.so."])
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith(library, StringComparison.Ordinal) || ParseVersion(name[library.Length..]) is not { } version) continue;
                var i18n = Path.Combine(Path.GetDirectoryName(file)!, $"libicui18n.so.{version}");
                if (File.Exists(i18n)) return (i18n, version);
            }
        }
        return null;
    }

    private static (string Path, int Version)? FindInLibraryFolders()
    {
        const string prefix = "libicui18n.so.";
        return LibraryFolders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, prefix + "*"))
            .Select(file => (Path: file, Version: ParseVersion(Path.GetFileName(file)[prefix.Length..])))
            .Where(found => found.Version is not null)
            .OrderByDescending(found => found.Version)
            .Select(found => ((string, int)?)(found.Path, found.Version!.Value))
            .FirstOrDefault();
    }

    /// <summary>The major version at the start of a suffix such as "72.1" or "72".</summary>
    private static int? ParseVersion(string suffix)
    {
        var digits = suffix.Split('.')[0];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
