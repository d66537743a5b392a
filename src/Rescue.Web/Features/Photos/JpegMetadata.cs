namespace Rescue.Web.Features.Photos;

/// <summary>
/// Takes the metadata out of a JPEG without touching its image data: EXIF (GPS, camera, time), XMP,
/// IPTC and comments go; the JFIF header, the colour profile and the Adobe colour-transform marker stay.
/// Lossless, and far cheaper than decoding and encoding again.
/// </summary>
internal static class JpegMetadata
{
    private const byte App0 = 0xE0, App2 = 0xE2, App14 = 0xEE, Comment = 0xFE, StartOfScan = 0xDA, EndOfImage = 0xD9;

    /// <summary>The JPEG without its metadata, up to the end of the first image; null when its structure cannot be followed.</summary>
    public static byte[]? Strip(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return null;
        var output = new MemoryStream(jpeg.Length);
        output.Write(jpeg[..2]);
        var i = 2;
        while (i + 1 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF) return null;
            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker == StartOfScan)
            {
                // Image data from here on. Inside it 0xFF is always followed by 0x00 or a restart marker,
                // so the first FF D9 ends the picture; anything after it (a second picture a camera
                // appends, with its own EXIF) is left out.
                var end = jpeg[i..].IndexOf([(byte)0xFF, EndOfImage]);
                if (end < 0) return null;
                output.Write(jpeg.Slice(i, end + 2));
                return output.ToArray();
            }
            if (i + 4 > jpeg.Length) return null;
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (length < 2 || i + 2 + length > jpeg.Length) return null;
            var segment = jpeg.Slice(i, 2 + length);
            if (Keep(marker, segment[4..])) output.Write(segment);
            i += 2 + length;
        }
        return null;
    }

    private static bool Keep(byte marker, ReadOnlySpan<byte> payload) => marker switch
    {
        App0 or App14 => true,
        App2 => payload.StartsWith("ICC_PROFILE\0"u8),
        Comment => false,
        > App0 and <= 0xEF => false,
        _ => true, // tables, frame header, restart interval: the picture itself
    };
}
