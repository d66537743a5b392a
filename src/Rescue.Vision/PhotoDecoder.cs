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
        var size = ExifOrientation.UprightSize(new SKSizeI(stored.Width, stored.Height), origin);
        var upright = new RgbaImage(size.Width, size.Height);
        ExifOrientation.Turn(MemoryMarshal.Cast<byte, uint>(stored.Span), stored.Width, stored.Height, stored.Width, origin,
            MemoryMarshal.Cast<byte, uint>(upright.Span), upright.Width);
        return upright;
    }
}
