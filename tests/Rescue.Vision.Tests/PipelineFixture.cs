using SkiaSharp;

namespace Rescue.Vision.Tests;

/// <summary>One face pipeline for all tests: loading and verifying the models is the slow part.</summary>
public sealed class PipelineFixture : IDisposable
{
    public PipelineFixture()
    {
        // The same lookup as the tools: Rescue__ModelsDirectory, else models/ above the test's folder.
        Options = VisionOptions.FromEnvironment();
        Pipeline = new FacePipeline(Options);
    }

    public VisionOptions Options { get; }

    public FacePipeline Pipeline { get; }

    public FaceEmbedding Embed(string image) =>
        Pipeline.Analyze(Photos.Read(image)).BestFace?.Embedding ?? throw new InvalidOperationException($"no usable face in {image}");

    public void Dispose() => Pipeline.Dispose();
}

/// <summary>Lets test classes share one <see cref="PipelineFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "face pipeline";
}

/// <summary>The test photos shipped in Images/ and photos made on the spot.</summary>
internal static class Photos
{
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Images", name));

    public static byte[] Jpeg(SKBitmap bitmap, int quality = 95)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    /// <summary>A landscape with no one in it: sky, hills and a sun.</summary>
    public static byte[] Landscape(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [SKColors.SkyBlue, SKColors.White], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, sky);
            using var hills = new SKPaint { Color = SKColors.DarkOliveGreen, IsAntialias = true };
            canvas.DrawOval(width * 0.3f, height * 0.95f, width * 0.5f, height * 0.35f, hills);
            using var sun = new SKPaint { Color = SKColors.Gold, IsAntialias = true };
            canvas.DrawCircle(width * 0.8f, height * 0.2f, height * 0.08f, sun);
        }
        return Jpeg(bitmap);
    }

    /// <summary>
    /// The photo re-encoded with its pixels stored turned and an EXIF orientation tag saying how to turn
    /// them back: what a phone writes. SkiaSharp cannot write EXIF, so the APP1 segment is built here.
    /// </summary>
    public static byte[] StoredWithOrientation(byte[] photo, ushort orientation)
    {
        using var upright = SKBitmap.Decode(photo);
        // Stored pixels are the upright ones turned the opposite way to what the tag asks a viewer to do.
        var degrees = orientation switch
        {
            3 => 180,
            6 => -90, // tag 6: a viewer turns 90° clockwise
            8 => 90,  // tag 8: a viewer turns 90° anticlockwise
            _ => throw new ArgumentOutOfRangeException(nameof(orientation)),
        };
        var sideways = degrees != 180;
        using var stored = new SKBitmap(sideways ? upright.Height : upright.Width, sideways ? upright.Width : upright.Height);
        using (var canvas = new SKCanvas(stored))
        {
            canvas.Translate(stored.Width / 2f, stored.Height / 2f);
            canvas.RotateDegrees(degrees);
            canvas.Translate(-upright.Width / 2f, -upright.Height / 2f);
            canvas.DrawBitmap(upright, 0, 0);
        }
        var jpeg = Jpeg(stored, quality: 100);

        // APP1 "Exif": a big-endian TIFF header and one IFD with the single entry 0x0112 (Orientation, SHORT).
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01,
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var length = exif.Length + 2;
        // Straight after the start-of-image marker (FFD8), before the encoder's own segments.
        return [.. jpeg.AsSpan(0, 2), 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// <paramref name="photo"/> with the face of <paramref name="other"/> (its box <paramref name="otherFace"/>,
    /// with some hair and background around it) copied into the top-left corner, its side
    /// <paramref name="side"/> pixels: a face on a poster behind the person, or a passer-by far behind.
    /// </summary>
    public static byte[] WithFaceInCorner(byte[] photo, byte[] other, FaceBox otherFace, float side)
    {
        using var bitmap = SKBitmap.Decode(photo);
        using var source = SKImage.FromEncodedData(other);
        var margin = otherFace.Width * 0.3f;
        var crop = SKRect.Create(otherFace.X - margin, otherFace.Y - margin, otherFace.Width + 2 * margin, otherFace.Height + 2 * margin);
        var scale = side / otherFace.Width;
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint())
        {
            canvas.DrawImage(source, crop, SKRect.Create(bitmap.Width * 0.02f, bitmap.Height * 0.02f, crop.Width * scale, crop.Height * scale),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }
        return Jpeg(bitmap, quality: 92);
    }

    /// <summary>A large photo with the face of <paramref name="portrait"/> shrunk to <paramref name="widthShare"/> of its width.</summary>
    public static byte[] SmallFaceIn(byte[] portrait, FaceBox face, int width, int height, float widthShare)
    {
        using var source = SKBitmap.Decode(portrait);
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var background = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SkyBlue, SKColors.DarkOliveGreen], SKShaderTileMode.Clamp) };
            canvas.DrawRect(0, 0, width, height, background);
            var scale = widthShare * width / face.Width;
            using var paint = new SKPaint();
            canvas.DrawImage(SKImage.FromBitmap(source), SKRect.Create(width * 0.35f, height * 0.4f, source.Width * scale, source.Height * scale),
                new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paint);
        }
        return Jpeg(bitmap, quality: 92);
    }
}
