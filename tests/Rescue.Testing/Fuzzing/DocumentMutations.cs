using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace Rescue.Testing.Fuzzing;

/// <summary>
/// Mutations of notice files: entity expansion and external entities, deep nesting, bad UTF-8, huge fields and
/// stray quotes in the text formats; zip bombs and the same XML attacks inside an Excel workbook.
/// </summary>
public static partial class DocumentMutations
{
    /// <summary>Values that have broken parsers of dates, numbers and names elsewhere.</summary>
    private static readonly string[] HostileValues =
    [
        "", " ", "9999-99-99", "0000-00-00", "2025-02-30", "-1", "99999999999999999999", "1e309", "NaN", "0x7fffffff",
        "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "'; DROP TABLE \"Notices\"; --", "\0\0", "\u202e\u0644\u0627", "👨‍👩‍👧‍👦",
        "a\u0301\u0301\u0301\u0301\u0301", "\ud800", "%s%s%n", "../../../../etc/passwd", "\r\n\r\n", "\"\"\"", "男\t女", "1990-01-01T25:61:61Z",
        "example.org/" + new string('x', 300), "/", "example.org/", "＃１２３",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xC0, 0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
        [0xFF, 0xFE], [0xEF, 0xBB, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0x00],
    ];

    public static byte[] Pfif(Random random, byte[] xml, out string name)
    {
        var text = Encoding.UTF8.GetString(xml);
        switch (random.Next(11))
        {
            case 0: name = "xml-entity-expansion"; return Encoding.UTF8.GetBytes(WithDoctype(text, BillionLaughs(), "&lol9;", random));
            case 1:
                name = "xml-external-entity";
                return Encoding.UTF8.GetBytes(WithDoctype(text, random.Next(3) switch
                {
                    0 => "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">",
                    1 => "<!ENTITY xxe SYSTEM \"http://127.0.0.1:1/x\">",
                    _ => "<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;",
                }, "&xxe;", random));
            case 2: name = "xml-deep-nesting"; return Encoding.UTF8.GetBytes(DeeplyNested(random, text));
            case 3: name = "bad-utf8"; return WithBadUtf8(random, xml);
            case 4: name = "xml-encoding-declaration"; return Encoding.UTF8.GetBytes(text.Replace("encoding=\"UTF-8\"", $"encoding=\"{Pick(random, ["UTF-16", "UTF-32", "GB18030", "ISO-8859-1", "bogus", "utf-7", "EBCDIC-CP-US", ""])}\""));
            case 5: name = "xml-huge-field"; return Encoding.UTF8.GetBytes(ReplaceValue(random, text, new string(Pick(random, ['x', '寻', ' ', '&']) is var c && c == '&' ? 'a' : c, 1 + random.Next(4_000_000))));
            case 6: name = "xml-hostile-value"; return Encoding.UTF8.GetBytes(ReplaceValue(random, text, System.Security.SecurityElement.Escape(Pick(random, HostileValues)) ?? ""));
            case 7: name = "xml-character-reference"; return Encoding.UTF8.GetBytes(ReplaceValue(random, text, Pick(random, ["&#0;", "&#xD800;", "&#x1F;", "&#xFFFF;", "&#1114112;", "&#x110000;", "&#99999999999;", "&amp;#0;", "&lt;", "]]>", "<![CDATA[x]]>"])));
            case 8: name = "xml-many-persons"; return Encoding.UTF8.GetBytes(ManyPersons(random, text));
            case 9: name = "xml-tags"; return Encoding.UTF8.GetBytes(MutateTags(random, text));
            default: return ByteMutations.Any(random, xml, out name);
        }
    }

    public static byte[] Csv(Random random, byte[] csv, out string name)
    {
        var text = Encoding.UTF8.GetString(csv);
        switch (random.Next(10))
        {
            case 0:
            {
                // Past the reader's 1 MB row limit or just under it; quoted or not.
                name = "csv-huge-field";
                var size = random.Next(2) == 0 ? 1_100_000 + random.Next(4_000_000) : 1 + random.Next(1_000_000);
                var field = new string(random.Next(2) == 0 ? 'x' : '寻', size);
                return Encoding.UTF8.GetBytes(ReplaceCsvField(random, text, random.Next(2) == 0 ? $"\"{field}\"" : field));
            }
            case 1:
            {
                name = "csv-stray-quote";
                var output = text;
                for (var i = 0; i < 1 + random.Next(4); i++) output = output.Insert(random.Next(output.Length + 1), Pick(random, ["\"", "\"\"", "\"\"\"", "\",\"", "\r", "\n\""]));
                return Encoding.UTF8.GetBytes(output);
            }
            case 2: name = "csv-quote-never-closed"; return Encoding.UTF8.GetBytes(text.Insert(random.Next(text.Length), "\"") + new string('a', random.Next(3_000_000)));
            case 3: name = "bad-utf8"; return WithBadUtf8(random, csv);
            case 4:
            {
                name = "csv-many-columns";
                var columns = string.Join(",", Enumerable.Range(0, 1000 + random.Next(100_000)).Select(i => i % 3 == 0 ? "姓名" : "c" + i));
                return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? columns + "\n" + text : text.Insert(text.IndexOf('\n') + 1, columns + "\n"));
            }
            case 5:
            {
                name = "csv-many-rows";
                // Rows of an ordinary length: a huge field repeated thousands of times is a file past the upload limit.
                var lines = text.Split('\n');
                var ordinary = lines.Skip(1).Where(l => l.Length < 1000).DefaultIfEmpty("").ToArray();
                var rows = Enumerable.Range(0, 1000 + random.Next(5000)).Select(i => ordinary[random.Next(ordinary.Length)]);
                return Encoding.UTF8.GetBytes(lines[0] + "\n" + string.Join("\n", rows));
            }
            case 6: name = "csv-hostile-value"; return Encoding.UTF8.GetBytes(ReplaceCsvField(random, text, CsvQuoted(Pick(random, HostileValues))));
            case 7:
            {
                name = "csv-encoding";
                return random.Next(3) switch
                {
                    0 => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
                    1 => [.. ByteMutations.Truncated(random, [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(text)])],
                    _ => [.. GbkOrUtf8(text)],
                };
            }
            case 8: name = "csv-line-endings"; return Encoding.UTF8.GetBytes(text.Replace("\n", Pick(random, ["\r", "\r\r\n", "\n\n\n", "\u2028", ",\n", ""])));
            default: return ByteMutations.Any(random, csv, out name);
        }
    }

    public static byte[] Xlsx(Random random, byte[] xlsx, out string name)
    {
        try
        {
            return WorkbookMutation(random, xlsx, out name);
        }
        catch (InvalidDataException)
        {
            // A workbook already mutated past reading (the second of two mutations): its bytes are all there is.
            return ByteMutations.Any(random, xlsx, out name);
        }
    }

    private static byte[] WorkbookMutation(Random random, byte[] xlsx, out string name)
    {
        switch (random.Next(8))
        {
            case 0:
            {
                // Megabytes of the same bytes inflate to hundreds of megabytes of sheet.
                name = "xlsx-zip-bomb";
                var megabytes = 1 << random.Next(7);
                return WithEntry(xlsx, "xl/worksheets/sheet1.xml", random.Next(3) switch
                {
                    0 => new RepeatedContent("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>", "                ", "</sheetData></worksheet>", megabytes),
                    1 => new RepeatedContent("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>", "<row><c t=\"inlineStr\"><is><t>寻</t></is></c><c t=\"inlineStr\"><is><t>人</t></is></c></row>", "</sheetData></worksheet>", megabytes),
                    _ => new RepeatedContent("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row><c t=\"inlineStr\"><is><t>", "xxxxxxxxxxxxxxxx", "</t></is></c></row></sheetData></worksheet>", megabytes),
                });
            }
            case 1:
            {
                name = "xlsx-shared-strings-bomb";
                var megabytes = 1 << random.Next(6);
                return WithEntry(xlsx, "xl/sharedStrings.xml", new RepeatedContent("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">", "<si><t>寻人启事寻人启事</t></si>", "</sst>", megabytes));
            }
            case 2:
            {
                var entry = Pick(random, ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "_rels/.rels", "xl/styles.xml"]);
                var content = Entry(xlsx, entry);
                if (content is null) return ByteMutations.Any(random, xlsx, out name);
                var mutated = Pfif(random, content, out var how);
                name = "xlsx-entry-" + how;
                return WithEntry(xlsx, entry, new FixedContent(mutated));
            }
            case 3:
            {
                name = "xlsx-entry-removed";
                var entries = EntryNames(xlsx);
                return WithoutEntry(xlsx, entries[random.Next(entries.Count)]);
            }
            case 4:
            {
                name = "xlsx-entry-bytes";
                var entries = EntryNames(xlsx);
                var entry = entries[random.Next(entries.Count)];
                return WithEntry(xlsx, entry, new FixedContent(ByteMutations.Any(random, Entry(xlsx, entry)!, out _)));
            }
            case 5:
            {
                name = "xlsx-cell-value";
                var sheet = Encoding.UTF8.GetString(Entry(xlsx, "xl/worksheets/sheet1.xml")!);
                var value = System.Security.SecurityElement.Escape(Pick(random, HostileValues)) ?? "";
                var values = CellText().Matches(sheet);
                if (values.Count == 0) return ByteMutations.Any(random, xlsx, out name);
                var target = values[random.Next(values.Count)];
                sheet = sheet[..target.Groups[1].Index] + value + sheet[(target.Groups[1].Index + target.Groups[1].Length)..];
                return WithEntry(xlsx, "xl/worksheets/sheet1.xml", new FixedContent(Encoding.UTF8.GetBytes(sheet)));
            }
            case 6:
            {
                // The sizes in the zip's headers lie: a small entry that claims to be huge, or a huge one that claims to be small.
                name = "xlsx-zip-sizes";
                var output = (byte[])xlsx.Clone();
                for (var i = 0; i + 30 <= output.Length; i++)
                {
                    if (output[i] != 0x50 || output[i + 1] != 0x4B || random.Next(3) != 0) continue;
                    if (output[i + 2] == 0x03 && output[i + 3] == 0x04) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(i + 22), (uint)random.Next());
                    if (output[i + 2] == 0x01 && output[i + 3] == 0x02 && i + 28 <= output.Length) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(i + 24), random.Next(2) == 0 ? 0xFFFFFFFF : (uint)random.Next(100));
                }
                return output;
            }
            default: return ByteMutations.Any(random, xlsx, out name);
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string BillionLaughs()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++) entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        return entities.ToString();
    }

    /// <summary>A DOCTYPE with <paramref name="declarations"/> before the root, and <paramref name="reference"/> in one of the values.</summary>
    private static string WithDoctype(string text, string declarations, string reference, Random random)
    {
        var root = RootStart().Match(text);
        var at = root.Success ? root.Index : 0;
        var rootName = root.Success ? root.Groups[1].Value : "pfif:pfif";
        return ReplaceValue(random, text.Insert(at, $"<!DOCTYPE {rootName} [{declarations}]>\n"), reference);
    }

    private static string DeeplyNested(Random random, string text)
    {
        var depth = random.Next(2) == 0 ? 100 + random.Next(1000) : 10_000 + random.Next(200_000);
        var tag = Pick(random, ["pfif:person", "pfif:note", "x", "pfif:full_name"]);
        var open = string.Concat(Enumerable.Repeat($"<{tag}>", depth));
        var close = random.Next(4) == 0 ? "" : string.Concat(Enumerable.Repeat($"</{tag}>", depth));
        var values = Value().Matches(text);
        if (values.Count == 0) return open + text + close;
        var target = values[random.Next(values.Count)].Groups[1];
        return text[..target.Index] + open + target.Value + close + text[(target.Index + target.Length)..];
    }

    private static string ManyPersons(Random random, string text)
    {
        var start = text.IndexOf("<pfif:person>", StringComparison.Ordinal);
        var end = text.IndexOf("</pfif:person>", StringComparison.Ordinal);
        if (start < 0 || end < start) return text;
        var person = text[start..(end + "</pfif:person>".Length)];
        // A person given a huge field by an earlier mutation, copied a thousand times, would be gigabytes.
        if (person.Length > 64 * 1024) return text;
        var copies = 100 + random.Next(1000);
        var persons = new StringBuilder();
        for (var i = 0; i < copies; i++) persons.Append(random.Next(2) == 0 ? person : person.Replace("</pfif:person_record_id>", $"-{i}</pfif:person_record_id>"));
        return text.Insert(start, persons.ToString());
    }

    private static string MutateTags(Random random, string text)
    {
        var tags = Tag().Matches(text);
        if (tags.Count == 0) return text;
        var tag = tags[random.Next(tags.Count)];
        return random.Next(4) switch
        {
            0 => text.Remove(tag.Index, tag.Length),
            1 => text.Insert(tag.Index, tag.Value),
            2 => text.Remove(tag.Index, tag.Length).Insert(tags[random.Next(tags.Count)].Index % Math.Max(1, text.Length - tag.Length), tag.Value),
            _ => text[..tag.Index] + tag.Value.Replace("pfif:", Pick(random, ["", "x:", "pfif:pfif:", "rescue:"])) + text[(tag.Index + tag.Length)..],
        };
    }

    private static string ReplaceValue(Random random, string text, string value)
    {
        var values = Value().Matches(text);
        if (values.Count == 0) return text + value;
        var target = values[random.Next(values.Count)].Groups[1];
        return text[..target.Index] + value + text[(target.Index + target.Length)..];
    }

    private static string ReplaceCsvField(Random random, string text, string value)
    {
        var lines = text.Split('\n');
        var line = random.Next(lines.Length);
        var fields = lines[line].Split(',');
        fields[random.Next(fields.Length)] = value;
        lines[line] = string.Join(",", fields);
        return string.Join("\n", lines);
    }

    private static string CsvQuoted(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private static byte[] WithBadUtf8(Random random, byte[] input)
    {
        var output = input;
        for (var i = 0; i < 1 + random.Next(4); i++) output = ByteMutations.Inserted(output, random.Next(output.Length + 1), Pick(random, BadUtf8));
        return output;
    }

    private static byte[] GbkOrUtf8(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }

    [GeneratedRegex(">([^<>]+)</")]
    private static partial Regex Value();

    [GeneratedRegex("<t[^>]*>([^<]*)</t>")]
    private static partial Regex CellText();

    [GeneratedRegex("</?[A-Za-z][^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("<([A-Za-z][^\\s>/]*)[\\s>]")]
    private static partial Regex RootStart();

    // --- workbooks: rebuilt entry by entry, so the zip stays valid around the mutated part ----------------

    /// <summary>What an entry holds: bytes, or one piece repeated to many megabytes, written without holding it.</summary>
    private abstract record EntryContent
    {
        public abstract void WriteTo(Stream stream);
    }

    private sealed record FixedContent(byte[] Bytes) : EntryContent
    {
        public override void WriteTo(Stream stream) => stream.Write(Bytes);
    }

    private sealed record RepeatedContent(string Start, string Piece, string End, int Megabytes) : EntryContent
    {
        public override void WriteTo(Stream stream)
        {
            stream.Write(Encoding.UTF8.GetBytes(Start));
            var piece = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Piece, Math.Max(1, 64 * 1024 / Piece.Length))));
            for (long written = 0; written < Megabytes * 1024L * 1024; written += piece.Length) stream.Write(piece);
            stream.Write(Encoding.UTF8.GetBytes(End));
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, string, string), byte[]> Bombs = new();

    private static byte[] WithEntry(byte[] xlsx, string name, EntryContent content)
    {
        // A bomb takes seconds to compress as tightly as an attacker would: each one is made once and reused.
        if (content is RepeatedContent repeated) return Bombs.GetOrAdd((repeated.Megabytes, name, repeated.Piece), _ => Rezipped(xlsx, name, content, CompressionLevel.Optimal));
        return Rezipped(xlsx, name, content, CompressionLevel.Optimal);
    }

    private static byte[] Rezipped(byte[] xlsx, string name, EntryContent content, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        {
            var written = false;
            foreach (var entry in source.Entries)
            {
                using var stream = target.CreateEntry(entry.FullName, entry.FullName == name ? level : CompressionLevel.Optimal).Open();
                if (entry.FullName == name)
                {
                    content.WriteTo(stream);
                    written = true;
                }
                else
                {
                    using var original = entry.Open();
                    original.CopyTo(stream);
                }
            }
            if (!written)
            {
                using var stream = target.CreateEntry(name, level).Open();
                content.WriteTo(stream);
            }
        }
        return output.ToArray();
    }

    private static byte[] WithoutEntry(byte[] xlsx, string name)
    {
        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        using (var source = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read))
        {
            foreach (var entry in source.Entries.Where(e => e.FullName != name))
            {
                using var stream = target.CreateEntry(entry.FullName).Open();
                using var original = entry.Open();
                original.CopyTo(stream);
            }
        }
        return output.ToArray();
    }

    private static byte[]? Entry(byte[] xlsx, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        if (archive.GetEntry(name) is not { } entry) return null;
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<string> EntryNames(byte[] xlsx)
    {
        using var archive = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return archive.Entries.Select(e => e.FullName).ToList();
    }
}
