using System.Text;
using System.Xml;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// A notice file opened for import: its format, how it names the fields it carries, its records in file order,
/// and what was refused or ignored while reading. PFIF and Excel files are read whole when opened; a CSV file
/// streams after its header is checked.
/// </summary>
internal sealed record NoticeFile(ImportFormat Format, FieldNames Names, IEnumerable<IncomingNotice> Records, IReadOnlyList<ImportError> ReadErrors, IReadOnlyList<string> IgnoredColumns)
{
    public static readonly string[] PfifNamespaces = ["http://zesty.ca/pfif/1.2", "http://zesty.ca/pfif/1.3", "http://zesty.ca/pfif/1.4"];

    /// <summary>Opens the file as <paramref name="format"/>, or as what its content says it is; throws <see cref="ImportFileException"/> when it cannot be read.</summary>
    public static NoticeFile Open(Stream stream, ImportFormat? format)
    {
        var detected = format ?? Detect(stream);
        stream.Position = 0;
        return detected switch
        {
            ImportFormat.Pfif => PfifNoticeReader.Read(stream),
            ImportFormat.Xlsx => TabularNoticeReader.ReadExcel(stream),
            _ => TabularNoticeReader.ReadCsv(stream),
        };
    }

    /// <summary>By content, never by name: a PFIF root element, the ZIP signature of a workbook, or else CSV.</summary>
    public static ImportFormat Detect(Stream stream)
    {
        Span<byte> head = stackalloc byte[512];
        stream.Position = 0;
        head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        var start = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0) throw new ImportFileException("the file is empty");
        head = head[start..];
        if (head.StartsWith("PK\x03\x04"u8)) return ImportFormat.Xlsx;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0])) throw new ImportFileException("this is an Excel 97-2003 (.xls) workbook: save it as .xlsx or CSV");
        if (head[0] == (byte)'<') return PfifRootOrThrow(stream);
        return ImportFormat.Csv;
    }

    private static ImportFormat PfifRootOrThrow(Stream stream)
    {
        stream.Position = 0;
        try
        {
            using var xml = XmlReader.Create(stream, PfifNoticeReader.Settings(leaveOpen: true));
            xml.MoveToContent();
            if (xml.LocalName == "pfif" && PfifNamespaces.Contains(xml.NamespaceURI)) return ImportFormat.Pfif;
            throw new ImportFileException($"XML whose root is <{xml.Name}> in namespace '{xml.NamespaceURI}', not <pfif> of PFIF 1.2, 1.3 or 1.4");
        }
        catch (XmlException e)
        {
            throw new ImportFileException($"not well-formed XML: {e.Message}", e);
        }
    }

    /// <summary>
    /// GB18030 for text that is not UTF-8 (what Excel saves as CSV on Chinese Windows); otherwise null, leaving the
    /// CSV reader's own rule: a byte order mark (UTF-16, UTF-32, UTF-8), else UTF-8.
    /// </summary>
    internal static Encoding? TextEncodingOrThrow(Stream stream)
    {
        var sample = new byte[64 * 1024];
        stream.Position = 0;
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var bytes = sample.AsSpan(0, length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF])) return null;
        if (IsBinary(bytes)) throw new ImportFileException("the file is binary, not CSV, PFIF or an Excel workbook");
        // Not a final block: a sample that ends inside a character is not invalid.
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[length], out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        return status == System.Buffers.OperationStatus.InvalidData ? Gb18030.Value : null;
    }

    /// <summary>
    /// Binary data has control bytes all through it (about one in ten); text from another system may hold a stray
    /// NUL or two, which the import removes from its field with a warning rather than refusing the whole file.
    /// </summary>
    private static bool IsBinary(ReadOnlySpan<byte> bytes)
    {
        var controls = 0;
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r') controls++;
        }
        return controls > 4 && controls * 100 > bytes.Length;
    }

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    });
}
