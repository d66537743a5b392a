using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Rescue.Testing.Fuzzing;

/// <summary>
/// Mutations that know JPEG markers and PNG chunks: a wrong marker or segment length, a frame claiming
/// 65535 × 65535, garbage EXIF; a PNG chunk changed with its CRC made right again (so the decoder goes past
/// the CRC check), huge declared dimensions over a tiny file, compressed bombs in IDAT and iCCP.
/// </summary>
public static class ImageMutations
{
    private static readonly byte[] Markers = [0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC9, 0xCC, 0xCF, 0xD0, 0xD7, 0xD8, 0xD9, 0xDA, 0xDB, 0xDD, 0xE0, 0xE1, 0xE2, 0xEE, 0xFE, 0xFF, 0x00, 0x01];

    private static readonly string[] ChunkTypes = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "tEXt", "zTXt", "iTXt", "eXIf", "acTL", "fcTL", "fdAT", "abCD", "xyZw"];

    public static byte[] Jpeg(Random random, byte[] jpeg, out string name)
    {
        var segments = JpegSegments(jpeg);
        switch (random.Next(9))
        {
            case 0:
            {
                name = "jpeg-marker";
                var (at, _) = segments[random.Next(segments.Count)];
                var output = (byte[])jpeg.Clone();
                output[at + 1] = Markers[random.Next(Markers.Length)];
                return output;
            }
            case 1:
            {
                name = "jpeg-segment-length";
                var (at, _) = segments[random.Next(segments.Count)];
                var output = (byte[])jpeg.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(at + 2), (ushort)(random.Next(3) switch { 0 => random.Next(4), 1 => 0xFFFF, _ => random.Next(65536) }));
                return output;
            }
            case 2:
            {
                name = "jpeg-frame-dimensions";
                var output = (byte[])jpeg.Clone();
                var frame = segments.FirstOrDefault(s => jpeg[s.At + 1] is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC);
                if (frame.At == 0) return ByteMutations.BitFlips(random, jpeg, 8);
                // Height, then width: 65535 × 65535, zero, or anything.
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(frame.At + 5), Dimension(random));
                BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(frame.At + 7), Dimension(random));
                if (random.Next(3) == 0) output[frame.At + 9] = (byte)random.Next(256); // components
                if (random.Next(3) == 0) output[frame.At + 4] = (byte)random.Next(256); // precision
                return output;
            }
            case 3:
            {
                name = "jpeg-segment-removed";
                var (at, length) = segments[random.Next(segments.Count)];
                return [.. jpeg[..at], .. jpeg[(at + length)..]];
            }
            case 4:
            {
                name = "jpeg-segment-repeated";
                var (at, length) = segments[random.Next(segments.Count)];
                var times = 1 + random.Next(random.Next(8) == 0 ? 300 : 3);
                var copies = Enumerable.Repeat(jpeg[at..(at + length)], times).SelectMany(b => b).ToArray();
                return ByteMutations.Inserted(jpeg, at, copies);
            }
            case 5:
            {
                name = "jpeg-exif-garbage";
                var tiff = new byte[8 + random.Next(200)];
                random.NextBytes(tiff);
                "MM\0*"u8.CopyTo(tiff);
                if (random.Next(2) == 0)
                {
                    // An orientation entry with any value, at an offset that may point anywhere.
                    BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), (uint)(random.Next(3) == 0 ? random.Next() : 8));
                    if (tiff.Length >= 22)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), (ushort)random.Next(3));
                        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(10), 0x0112);
                        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(12), (ushort)random.Next(13));
                        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(14), (uint)(random.Next(4) == 0 ? random.Next() : 1));
                        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(18), (ushort)(random.Next(2) == 0 ? random.Next(10) : random.Next(65536)));
                    }
                }
                return Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. tiff]);
            }
            case 6:
            {
                name = "jpeg-icc-garbage";
                var profile = new byte[random.Next(2000)];
                random.NextBytes(profile);
                if (profile.Length >= 40 && random.Next(2) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(profile, (uint)(random.Next(2) == 0 ? profile.Length : random.Next()));
                    "acsp"u8.CopyTo(profile.AsSpan(36));
                }
                return Segment(jpeg, 0xE2, [.. "ICC_PROFILE\0"u8, 1, 1, .. profile]);
            }
            case 7:
            {
                name = "jpeg-scan-garbage";
                var scan = segments.LastOrDefault(s => jpeg[s.At + 1] == 0xDA);
                var start = scan.At == 0 ? jpeg.Length / 2 : scan.At + scan.Length;
                var output = (byte[])jpeg.Clone();
                for (var i = 0; i < 1 + random.Next(8); i++)
                {
                    var at = start + random.Next(Math.Max(1, output.Length - start - 2));
                    if (at + 1 >= output.Length) continue;
                    output[at] = 0xFF;
                    output[at + 1] = random.Next(2) == 0 ? (byte)(0xD0 + random.Next(8)) : Markers[random.Next(Markers.Length)];
                }
                return output;
            }
            default:
                return ByteMutations.Any(random, jpeg, out name);
        }
    }

    public static byte[] Png(Random random, byte[] png, out string name)
    {
        var chunks = PngChunks(png);
        if (chunks.Count == 0) return ByteMutations.Any(random, png, out name);
        switch (random.Next(9))
        {
            case 0:
            {
                name = "png-chunk-data-crc-fixed";
                var chunk = chunks[random.Next(chunks.Count)];
                var data = ByteMutations.BitFlips(random, chunk.Data, 1 + random.Next(8));
                return Rebuilt(chunks.Select(c => c == chunk ? c with { Data = data } : c));
            }
            case 1:
            {
                name = "png-header-crc-fixed";
                var header = (byte[])chunks[0].Data.Clone();
                if (header.Length < 13) return ByteMutations.Any(random, png, out name);
                switch (random.Next(3))
                {
                    case 0:
                        BinaryPrimitives.WriteInt32BigEndian(header, (int)PngDimension(random));
                        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), (int)PngDimension(random));
                        break;
                    case 1:
                        header[8] = (byte)(random.Next(2) == 0 ? 1 << random.Next(5) : random.Next(256)); // bit depth
                        header[9] = (byte)(random.Next(2) == 0 ? random.Next(7) : random.Next(256)); // colour type
                        break;
                    default:
                        header[10 + random.Next(3)] = (byte)random.Next(3); // compression, filter, interlace
                        break;
                }
                return Rebuilt(chunks.Select((c, i) => i == 0 ? c with { Data = header } : c));
            }
            case 2:
            {
                name = "png-chunk-removed";
                var drop = random.Next(chunks.Count);
                return Rebuilt(chunks.Where((_, i) => i != drop));
            }
            case 3:
            {
                name = "png-chunk-repeated-or-moved";
                var list = chunks.ToList();
                var chunk = list[random.Next(list.Count)];
                if (random.Next(2) == 0) list.Remove(chunk);
                for (var i = 0; i < 1 + random.Next(random.Next(8) == 0 ? 500 : 3); i++) list.Insert(random.Next(list.Count + 1), chunk);
                return Rebuilt(list);
            }
            case 4:
            {
                name = "png-chunk-inserted";
                var list = chunks.ToList();
                var data = new byte[random.Next(4) == 0 ? random.Next(70_000) : random.Next(64)];
                random.NextBytes(data);
                list.Insert(1 + random.Next(list.Count - 1), new PngChunk(ChunkTypes[random.Next(ChunkTypes.Length)], data));
                return Rebuilt(list);
            }
            case 5:
            {
                name = "png-chunk-length";
                var output = (byte[])png.Clone();
                var at = chunks[random.Next(chunks.Count)].At;
                BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(at), random.Next(3) switch { 0 => 0xFFFFFFFF, 1 => 0x7FFFFFFF, _ => (uint)random.Next() });
                return output;
            }
            case 6:
            {
                // A few hundred bytes whose header asks for gigabytes, or a big image of zeros compressed tiny.
                name = "png-decompression-bomb";
                return random.Next(3) == 0
                    ? TestImages.PngClaiming(12_000 + random.Next(60_000), 12_000 + random.Next(60_000))
                    : ZeroPng(BombSides[random.Next(BombSides.Length)], BombSides[random.Next(BombSides.Length)]);
            }
            case 7:
            {
                // A colour profile that inflates to many megabytes.
                name = "png-iccp-bomb";
                var profile = DeflatedZeros((1L << random.Next(7)) * 1024 * 1024);
                var list = chunks.ToList();
                list.Insert(1, new PngChunk("iCCP", [.. "icc\0"u8, 0, .. profile]));
                return Rebuilt(list);
            }
            default:
                return ByteMutations.Any(random, png, out name);
        }
    }

    /// <summary>Sides of the zero-filled PNGs: some within the store's limits (a phone's 12 MP), some past them.</summary>
    private static readonly int[] BombSides = [1000, 3000, 4000, 6000, 12_000, 12_001, 40_000];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte[]> Zeros = new();

    private static ushort Dimension(Random random) => random.Next(4) switch
    {
        0 => 0xFFFF,
        1 => 0,
        2 => (ushort)(1 + random.Next(16)),
        _ => (ushort)random.Next(65536),
    };

    private static uint PngDimension(Random random) => random.Next(6) switch
    {
        0 => 0,
        1 => 0x7FFFFFFF,
        2 => 0xFFFFFFFF,
        3 => 12_001,
        4 => (uint)(1 + random.Next(100_000)),
        _ => (uint)(1 + random.Next(64)),
    };

    /// <summary>
    /// A grey PNG of zeros: <paramref name="width"/> × <paramref name="height"/> pixels in a few kilobytes. Past 64 MB of
    /// pixels its data stops there (cut off): the store refuses so many pixels from the header before reading any.
    /// </summary>
    public static byte[] ZeroPng(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        return Rebuilt([new PngChunk("IHDR", header), new PngChunk("IDAT", DeflatedZeros(Math.Min((long)(width + 1) * height, 64L << 20))), new PngChunk("IEND", [])]);
    }

    /// <summary><paramref name="length"/> zero bytes, compressed (about a thousandth of that), without holding them.</summary>
    public static byte[] DeflatedZeros(long length) => Zeros.GetOrAdd(length, DeflateZeros);

    private static byte[] DeflateZeros(long length)
    {
        var zeros = new byte[64 * 1024];
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var left = length; left > 0; left -= zeros.Length) zlib.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
        }
        return output.ToArray();
    }

    /// <summary>The JPEG with one more segment right after SOI; a payload too long for one segment is cut.</summary>
    private static byte[] Segment(byte[] jpeg, byte marker, byte[] payload) =>
        TestImages.WithSegment(jpeg, marker, payload.Length > 65533 ? payload[..65533] : payload);

    /// <summary>Each segment before the entropy-coded data and the start-of-scan itself: where it starts and how long it is.</summary>
    private static List<(int At, int Length)> JpegSegments(byte[] jpeg)
    {
        var segments = new List<(int, int)>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF;)
        {
            var length = 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
            if (i + length > jpeg.Length) break;
            segments.Add((i, length));
            if (jpeg[i + 1] == 0xDA) break;
            i += length;
        }
        return segments.Count > 0 ? segments : [(0, Math.Min(2, jpeg.Length))];
    }

    public sealed record PngChunk(string Type, byte[] Data)
    {
        /// <summary>Where the chunk's length field starts in the file it was read from.</summary>
        public int At { get; init; }
    }

    public static List<PngChunk> PngChunks(byte[] png)
    {
        var chunks = new List<PngChunk>();
        for (var i = 8; i + 12 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(i));
            if (i + 12L + length > png.Length) break;
            chunks.Add(new PngChunk(Encoding.ASCII.GetString(png, i + 4, 4), png[(i + 8)..(i + 8 + (int)length)]) { At = i });
            i += 12 + (int)length;
        }
        return chunks;
    }

    /// <summary>A PNG of these chunks, each with its CRC computed.</summary>
    public static byte[] Rebuilt(IEnumerable<PngChunk> chunks)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var chunk in chunks) TestImages.WriteChunk(png, chunk.Type, chunk.Data);
        return png.ToArray();
    }
}
