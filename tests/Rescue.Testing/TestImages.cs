using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Rescue.Testing;

/// <summary>Images made in the test itself, when no real photo is needed.</summary>
public static class TestImages
{
    /// <summary>A colour of its own for each seed, so generated photos differ from one another.</summary>
    public static SKColor Colour(int seed) => new((byte)(seed * 37), (byte)(seed * 101 >> 2), (byte)(seed * 53));

    /// <summary>A JPEG with a gradient over a colour, so it has real content to cut off.</summary>
    public static byte[] Jpeg(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            canvas.Clear(colour);
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [SKColors.Transparent, SKColors.White.WithAlpha(160)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
            paint.Shader = null;
            paint.Color = SKColors.Black;
            canvas.DrawCircle(width / 2f, height / 2f, height / 4f, paint);
        }
        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// Inserts an APP1 Exif segment right after the SOI marker, as a camera writes it: a big-endian TIFF
    /// header and one IFD with the Orientation tag (0x0112, SHORT).
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,        // byte order, magic, offset of IFD0
            0, 1,                                           // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,                   // Orientation, SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,                                     // no next IFD
        ];
        byte[] segment = [.. "Exif\0\0"u8, .. tiff];
        var length = segment.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. segment, .. jpeg[2..]];
    }

    /// <summary>
    /// <paramref name="photo"/> with the part <paramref name="crop"/> of <paramref name="other"/> drawn over
    /// <paramref name="destination"/>, as a JPEG: e.g. a small face on a poster behind the person.
    /// </summary>
    public static byte[] WithPasted(byte[] photo, byte[] other, SKRect crop, SKRect destination)
    {
        using var bitmap = SKBitmap.Decode(photo);
        using var source = SKImage.FromEncodedData(other);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            canvas.DrawImage(source, crop, destination, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }
        return Encode(bitmap, SKEncodedImageFormat.Jpeg);
    }

    /// <summary>The JPEG with one more segment right after the SOI marker, e.g. an APP0 or a comment (FE) holding anything.</summary>
    public static byte[] WithSegment(byte[] jpeg, byte marker, byte[] payload)
    {
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, marker, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }

    /// <summary>The payload of each segment with <paramref name="marker"/> before the start of the scan.</summary>
    public static List<byte[]> JpegSegments(byte[] jpeg, byte marker)
    {
        var payloads = new List<byte[]>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF && jpeg[i + 1] != 0xDA; i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]))
        {
            if (jpeg[i + 1] == marker) payloads.Add(jpeg[(i + 4)..(i + 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]))]);
        }
        return payloads;
    }

    /// <summary>
    /// The picture itself: a JPEG from its first table or frame segment to its end-of-image marker,
    /// without the APPn and comment segments before it and anything after it.
    /// </summary>
    public static byte[] JpegPicture(byte[] jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF && (jpeg[i + 1] is >= 0xE0 and <= 0xEF or 0xFE))
            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        var end = jpeg.AsSpan(i).IndexOf([(byte)0xFF, (byte)0xD9]);
        return jpeg[i..(i + end + 2)];
    }

    /// <summary>The marker bytes of a JPEG's segments, from after SOI up to the start of the scan.</summary>
    public static List<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF; i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]))
        {
            markers.Add(jpeg[i + 1]);
            if (jpeg[i + 1] == 0xDA) break;
        }
        return markers;
    }

    /// <summary>
    /// A valid grey PNG whose header claims <paramref name="width"/> × <paramref name="height"/> pixels but
    /// whose data holds a single row: a few hundred bytes that would ask a naive decoder for gigabytes.
    /// </summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // 8 bits a sample; colour type 0 (grey), no interlace
        WriteChunk(png, "IHDR", header);
        using (var row = new MemoryStream())
        {
            using (var zlib = new ZLibStream(row, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(new byte[width + 1]);
            WriteChunk(png, "IDAT", row.ToArray());
        }
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void WriteChunk(Stream png, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        png.Write(buffer);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typed));
        png.Write(buffer);
    }

    /// <summary>The CRC-32 PNG puts after each chunk (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
