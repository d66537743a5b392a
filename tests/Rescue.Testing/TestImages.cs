using SkiaSharp;

namespace Rescue.Testing;

/// <summary>Images made in the test itself, when no real photo is needed.</summary>
public static class TestImages
{
    /// <summary>A JPEG with a gradient and a marker square, so re-encodes differ and orientation shows.</summary>
    public static byte[] Jpeg(int width, int height, int seed = 0, int quality = 85)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [new SKColor((byte)(seed * 37), 120, 200), new SKColor(240, (byte)(seed * 53), 40)], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, paint);
        using var marker = new SKPaint { Color = SKColors.Red };
        canvas.DrawRect(0, 0, width / 8f, height / 8f, marker);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }
}
