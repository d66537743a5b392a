using System.Buffers.Binary;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Rescue.Web.Hosting.Pdf;

/// <summary>
/// The Chinese font everything printed uses (posters, the case forms): <see cref="ChineseFont"/>'s file, whose first
/// face PDFsharp embeds (only the glyphs a page uses).
/// </summary>
internal static class PrintFont
{
    private const string Family = "Rescue Print CJK";

    private static readonly Lazy<byte[]> Face = new(() =>
    {
        var path = ChineseFont.FilePath
            ?? throw new InvalidOperationException("No Chinese TrueType font to print with: install Debian's fonts-wqy-zenhei (./rescue does).");
        return FirstFace(File.ReadAllBytes(path));
    });

    // PDFsharp finds the font through the resolver, set before any font of this family is made.
    static PrintFont() => GlobalFontSettings.FontResolver ??= new Resolver();

    public static XFont Regular(double size) => new(Family, size, XFontStyleEx.Regular);

    public static XFont Bold(double size) => new(Family, size, XFontStyleEx.Bold);

    /// <summary>
    /// The first font of a TrueType collection (.ttc) as a font file of its own, which is what PDFsharp reads: its
    /// header and table records, with each table copied after them and the records pointing at the copies.
    /// </summary>
    internal static byte[] FirstFace(byte[] file)
    {
        var source = file.AsSpan();
        if (BinaryPrimitives.ReadUInt32BigEndian(source) != 0x74746366) return file; // 'ttcf'
        var header = (int)BinaryPrimitives.ReadUInt32BigEndian(source[12..]);
        int count = BinaryPrimitives.ReadUInt16BigEndian(source[(header + 4)..]);
        var directory = 12 + 16 * count;
        var tables = new (int Offset, int Length)[count];
        for (var i = 0; i < count; i++)
        {
            var record = source[(header + 12 + 16 * i)..];
            tables[i] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
        }
        var face = new byte[directory + tables.Sum(t => (t.Length + 3) & ~3)];
        source.Slice(header, directory).CopyTo(face);
        var at = directory;
        for (var i = 0; i < count; i++)
        {
            source.Slice(tables[i].Offset, tables[i].Length).CopyTo(face.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(face.AsSpan(12 + 16 * i + 8), (uint)at);
            at += (tables[i].Length + 3) & ~3;
        }
        return face;
    }

    private sealed class Resolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            familyName == Family ? new FontResolverInfo(Family, bold, false) : null;

        public byte[]? GetFont(string faceName) => faceName == Family ? Face.Value : null;
    }
}
