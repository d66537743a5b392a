using System.Runtime.InteropServices;
using SkiaSharp;

namespace Rescue.Vision;

/// <summary>
/// EXIF orientation (tag 0x0112, 1–8, as <see cref="SKEncodedOrigin"/>): how a photo's stored pixels turn to
/// show it upright. The one implementation, for the face pipeline and for the photos the app serves;
/// SkiaSharp's decoders leave the pixels as stored.
/// </summary>
public static class ExifOrientation
{
    /// <summary>Orientations 5–8 store the picture on its side: width and height swap.</summary>
    public static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>The size shown upright of a picture stored as <paramref name="stored"/>.</summary>
    public static SKSizeI UprightSize(SKSizeI stored, SKEncodedOrigin origin) =>
        SwapsSides(origin) ? new SKSizeI(stored.Height, stored.Width) : stored;

    /// <summary>A new bitmap with the 32-bit pixels of <paramref name="stored"/> turned upright as <paramref name="origin"/> says.</summary>
    public static SKBitmap Upright(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (stored.BytesPerPixel != 4) throw new ArgumentException($"a 32-bit bitmap is needed, not {stored.ColorType}", nameof(stored));
        var size = UprightSize(new SKSizeI(stored.Width, stored.Height), origin);
        var upright = new SKBitmap(new SKImageInfo(size.Width, size.Height, stored.ColorType, stored.AlphaType, stored.ColorSpace));
        Turn(MemoryMarshal.Cast<byte, uint>(stored.GetPixelSpan()), stored.Width, stored.Height, stored.RowBytes / 4, origin,
            MemoryMarshal.Cast<byte, uint>(upright.GetPixelSpan()), upright.RowBytes / 4);
        return upright;
    }

    /// <summary>
    /// Writes the <paramref name="width"/> × <paramref name="height"/> stored pixels of <paramref name="source"/>
    /// where they are shown, into <paramref name="target"/> (of the upright size); strides count pixels.
    /// </summary>
    internal static void Turn(ReadOnlySpan<uint> source, int width, int height, int sourceStride, SKEncodedOrigin origin, Span<uint> target, int targetStride)
    {
        var (w, h, t) = (width, height, targetStride);
        // Stored pixel (x, y) lands at target[start + x·alongRow + y·alongColumn]. E.g. RightTop (tag 6,
        // a phone held upright): the stored top row is the shown right column, so (x, y) shows at (h−1−y, x).
        var (start, alongRow, alongColumn) = origin switch
        {
            SKEncodedOrigin.TopRight => (w - 1, -1, t),
            SKEncodedOrigin.BottomRight => ((h - 1) * t + w - 1, -1, -t),
            SKEncodedOrigin.BottomLeft => ((h - 1) * t, 1, -t),
            SKEncodedOrigin.LeftTop => (0, t, 1),
            SKEncodedOrigin.RightTop => (h - 1, t, -1),
            SKEncodedOrigin.RightBottom => ((w - 1) * t + h - 1, -t, -1),
            SKEncodedOrigin.LeftBottom => ((w - 1) * t, -t, 1),
            _ => (0, 1, t),
        };
        for (var y = 0; y < h; y++)
        {
            var row = source.Slice(y * sourceStride, w);
            var at = start + y * alongColumn;
            for (var x = 0; x < w; x++, at += alongRow) target[at] = row[x];
        }
    }
}
