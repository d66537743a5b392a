using System.Runtime.InteropServices;
using SkiaSharp;

namespace Rescue.Vision;

/// <summary>Decodes a photo upright: applies its EXIF orientation, which <c>SKBitmap.Decode</c> ignores.</summary>
internal static class PhotoDecoder
{
    /// <summary>
    /// The upright image, decoded at most <paramref name="maxSide"/> on its longest side where the codec
    /// can scale for free (JPEG), and the factor from its pixels back to the photo's; null when the
    /// bytes are not an image.
    /// </summary>
    public static (RgbaImage Image, float ToPhoto)? Decode(ReadOnlySpan<byte> photo, int maxSide)
    {
        unsafe
        {
            // The codec reads the caller's bytes in place: they stay pinned until it is disposed.
            fixed (byte* bytes = photo)
            {
                using var data = SKData.Create((IntPtr)bytes, photo.Length);
                using var codec = SKCodec.Create(data);
                return codec is null ? null : Decode(codec, maxSide);
            }
        }
    }

    private static (RgbaImage Image, float ToPhoto)? Decode(SKCodec codec, int maxSide)
    {
        var full = codec.Info.Size;
        if (full.Width <= 0 || full.Height <= 0) return null;
        var longest = Math.Max(full.Width, full.Height);
        var size = longest > maxSide ? codec.GetScaledDimensions((float)maxSide / longest) : full;

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var stored = new RgbaImage(size.Width, size.Height);
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = stored.Pixels)
                result = codec.GetPixels(info, (IntPtr)pixels);
        }
        // A truncated file still gives the rows that arrived; a face in them is worth finding.
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            stored.Dispose();
            return null;
        }
        return (Orient(stored, codec.EncodedOrigin), (float)full.Width / size.Width);
    }

    /// <summary>Turns stored pixels into displayed ones, as the EXIF orientation tag (1–8) says; disposes <paramref name="stored"/> when it makes a new image.</summary>
    private static RgbaImage Orient(RgbaImage stored, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft) return stored;
        using var _ = stored;
        var (w, h) = (stored.Width, stored.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (ow, oh) = swaps ? (h, w) : (w, h);
        var source = MemoryMarshal.Cast<byte, uint>(stored.Span);
        var upright = new RgbaImage(ow, oh);
        var target = MemoryMarshal.Cast<byte, uint>(upright.Span);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // Where stored pixel (x, y) is displayed; e.g. RightTop (tag 6): row 0 is the right side.
                var (dx, dy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (h - 1 - y, x),
                    SKEncodedOrigin.RightBottom => (h - 1 - y, w - 1 - x),
                    SKEncodedOrigin.LeftBottom => (y, w - 1 - x),
                    _ => (x, y),
                };
                target[dy * ow + dx] = source[y * w + x];
            }
        }
        return upright;
    }
}
