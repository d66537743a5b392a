using SkiaSharp;

namespace Rescue.Web.Features.Photos;

/// <summary>
/// Rebuilds a JPEG around its own image data: a JFIF header of our own, an EXIF segment holding only the
/// orientation when the picture is stored turned, a colour profile written anew when it is not sRGB,
/// and the picture's tables, frame and scans as they are. Nothing else of the upload is copied: EXIF
/// (GPS, camera, time), XMP, IPTC, the profile's own bytes, comments, unknown segments and whatever
/// follows the picture. Writing what we know rather than dropping what we know to be bad means a
/// segment nobody thought of (HTML in an APP0, say) cannot ride along. Lossless, and far cheaper than
/// decoding and encoding again.
/// </summary>
internal static class JpegMetadata
{
    private const byte StartOfImage = 0xD8, EndOfImage = 0xD9, StartOfScan = 0xDA;
    private const byte HuffmanTables = 0xC4, ArithmeticTables = 0xCC, QuantisationTables = 0xDB, RestartInterval = 0xDD, NumberOfLines = 0xDC;
    private const byte App0 = 0xE0, App2 = 0xE2, App14 = 0xEE, App15 = 0xEF, Comment = 0xFE;

    /// <summary>
    /// The rebuilt JPEG, up to the end of its first picture; null when its structure cannot be followed, or
    /// when its colours depend on a segment left out (an RGB or CMYK picture told apart by its Adobe
    /// segment): the caller then decodes and encodes it again.
    /// </summary>
    public static byte[]? Rebuild(ReadOnlySpan<byte> jpeg, SKEncodedOrigin origin, ReadOnlySpan<byte> colourProfile)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != StartOfImage) return null;
        var picture = new MemoryStream(jpeg.Length);
        var sawJfif = false;
        var adobeTransform = -1;
        var frame = ReadOnlySpan<byte>.Empty;
        var i = 2;

        // Tables and frame, up to the first scan.
        while (true)
        {
            if (!NextMarker(jpeg, ref i, out var marker)) return null;
            if (marker == StartOfScan) break;
            if (!Segment(jpeg, i, out var segment)) return null;
            var payload = segment[4..];
            if (marker == App0) sawJfif |= payload.StartsWith("JFIF\0"u8);
            else if (marker == App14 && payload.StartsWith("Adobe"u8) && payload.Length >= 12) adobeTransform = payload[11];
            else if (IsFrame(marker))
            {
                if (!frame.IsEmpty) return null;
                frame = segment;
                picture.Write(segment);
            }
            else if (IsTable(marker)) picture.Write(segment);
            else if (marker is < App0 or > App15 and not Comment) return null;
            i += segment.Length;
        }
        if (frame.Length < 10 || !ReadsTheSameWithJfif(frame, sawJfif, adobeTransform)) return null;

        // Scans: each header, its entropy-coded data, and the tables that may come between scans.
        while (true)
        {
            if (!Segment(jpeg, i, out var scan)) return null;
            picture.Write(scan);
            i += scan.Length;
            var data = i;
            if (!SkipEntropyCodedData(jpeg, ref i)) return null;
            picture.Write(jpeg[data..i]);

            byte marker;
            while (true)
            {
                if (!NextMarker(jpeg, ref i, out marker)) return null;
                if (marker is StartOfScan or EndOfImage) break;
                if (!Segment(jpeg, i, out var segment)) return null;
                if (IsTable(marker) || marker == NumberOfLines) picture.Write(segment);
                else if (marker is < App0 or > App15 and not Comment) return null;
                i += segment.Length;
            }
            // The first end-of-image ends the picture; anything after it (a second picture a camera
            // appends, with its own EXIF) is left out.
            if (marker == EndOfImage) break;
        }
        picture.Write([0xFF, EndOfImage]);

        var output = new MemoryStream((int)picture.Length + 64);
        output.Write([0xFF, StartOfImage]);
        output.Write(Jfif);
        if (origin != SKEncodedOrigin.TopLeft) output.Write(OrientationOnlyExif(origin));
        output.Write(colourProfile);
        picture.Position = 0;
        picture.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>APP0 JFIF 1.01, square pixels, no thumbnail: what every JPEG the app serves starts with.</summary>
    private static ReadOnlySpan<byte> Jfif =>
        [0xFF, App0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];

    /// <summary>
    /// APP1 Exif with a big-endian TIFF header and one IFD holding the single entry Orientation (0x0112,
    /// SHORT): browsers turn the picture by it; nothing else of the camera's EXIF is kept.
    /// </summary>
    public static byte[] OrientationOnlyExif(SKEncodedOrigin origin)
    {
        var value = (byte)origin;
        byte[] payload =
        [
            .. "Exif\0\0"u8,
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // byte order, magic, offset of IFD0
            0, 1,                                     // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0,                               // no next IFD
        ];
        var length = payload.Length + 2;
        return [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
    }

    /// <summary>
    /// The APP2 ICC_PROFILE segment of <paramref name="colours"/> as SkiaSharp writes it from the numbers it
    /// parsed out of the upload's profile (transfer function and primaries), not the profile's own bytes:
    /// a Display P3 photo (every recent iPhone) keeps its colours. Empty when SkiaSharp writes none.
    /// </summary>
    public static byte[] ColourProfile(SKColorSpace colours)
    {
        // SkiaSharp has no call that serialises a colour space; its JPEG encoder does it for a picture in one.
        using var pixel = new SKBitmap(new SKImageInfo(1, 1, SKColorType.Rgba8888, SKAlphaType.Opaque, colours));
        pixel.Erase(SKColors.White);
        using var encoded = pixel.Encode(SKEncodedImageFormat.Jpeg, 50);
        var jpeg = encoded.AsSpan();
        var profile = new MemoryStream();
        for (var i = 2; NextMarker(jpeg, ref i, out var marker) && marker != StartOfScan && Segment(jpeg, i, out var segment); i += segment.Length)
        {
            if (marker == App2 && segment[4..].StartsWith("ICC_PROFILE\0"u8)) profile.Write(segment);
        }
        return profile.ToArray();
    }

    /// <summary>
    /// Whether a decoder reads the colours the same way once the JFIF header is ours and the Adobe segment
    /// gone. Grey and YCbCr pictures, yes. An RGB picture without a JFIF header (Adobe transform 0, or
    /// components named R, G, B) would turn into YCbCr, and four components (CMYK) need the Adobe segment.
    /// </summary>
    private static bool ReadsTheSameWithJfif(ReadOnlySpan<byte> frame, bool sawJfif, int adobeTransform)
    {
        // Frame header: FF Cn, length (2), precision, height (2), width (2), components, then 3 bytes each.
        var components = frame[9];
        if (components == 1) return true;
        if (components != 3 || frame.Length < 10 + 3 * 3) return false;
        if (sawJfif) return true;
        if (adobeTransform >= 0) return adobeTransform != 0;
        return !(frame[10] == 'R' && frame[13] == 'G' && frame[16] == 'B');
    }

    /// <summary>Finds the marker at <paramref name="i"/>, after any fill bytes (FF); false when there is none.</summary>
    private static bool NextMarker(ReadOnlySpan<byte> jpeg, ref int i, out byte marker)
    {
        marker = 0;
        if (i >= jpeg.Length || jpeg[i] != 0xFF) return false;
        while (i + 1 < jpeg.Length && jpeg[i + 1] == 0xFF) i++;
        if (i + 1 >= jpeg.Length) return false;
        marker = jpeg[i + 1];
        return marker != 0;
    }

    /// <summary>The segment at <paramref name="i"/>: its marker, its length and its payload.</summary>
    private static bool Segment(ReadOnlySpan<byte> jpeg, int i, out ReadOnlySpan<byte> segment)
    {
        segment = default;
        if (i + 4 > jpeg.Length) return false;
        var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
        if (length < 2 || i + 2 + length > jpeg.Length) return false;
        segment = jpeg.Slice(i, 2 + length);
        return true;
    }

    /// <summary>
    /// Moves past a scan's entropy-coded data to the next marker. Inside it 0xFF is always followed by 0x00
    /// (a stuffed byte) or a restart marker (D0–D7); anything else is a marker.
    /// </summary>
    private static bool SkipEntropyCodedData(ReadOnlySpan<byte> jpeg, ref int i)
    {
        while (true)
        {
            var next = jpeg[i..].IndexOf((byte)0xFF);
            if (next < 0) return false;
            i += next;
            if (i + 1 >= jpeg.Length) return false;
            var after = jpeg[i + 1];
            if (after is 0x00 or >= 0xD0 and <= 0xD7) i += 2;
            else return true;
        }
    }

    /// <summary>Start-of-frame markers: C0–CF except C4 (Huffman tables), C8 (reserved) and CC (arithmetic tables).</summary>
    private static bool IsFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not HuffmanTables and not 0xC8 and not ArithmeticTables;

    private static bool IsTable(byte marker) => marker is QuantisationTables or HuffmanTables or ArithmeticTables or RestartInterval;
}
