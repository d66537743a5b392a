namespace Rescue.Vision;

/// <summary>An upright photo as 8-bit RGBA pixels, row after row, and the sampling the models' inputs need.</summary>
/// <remarks>
/// Coordinates follow OpenCV's convention, which the models were trained with: pixel (i, j) has its
/// centre at (i, j). Sampling outside the image gives black, like <c>cv2.warpAffine</c>'s default border.
/// </remarks>
internal sealed class RgbaImage(int width, int height) : IDisposable
{
    private readonly PooledBuffer<byte> _buffer = new(width * height * 4);

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>The pixels; the array may be longer than Width × Height × 4, and the rest is not part of the image.</summary>
    public byte[] Pixels => _buffer.Array;

    public Span<byte> Span => _buffer.Span;

    public void Dispose() => _buffer.Dispose();

    /// <summary>
    /// Fills <paramref name="output"/> (planar: R plane, G plane, B plane; or one plane of luma) with the
    /// pixels found by mapping each output pixel (u, v) to (a·u + b·v + c, d·u + e·v + f) in this image.
    /// Each value becomes <c>(p + offset) * scale</c>.
    /// </summary>
    /// <remarks>
    /// Bilinear sampling alone aliases when the map shrinks the image several times (a 600-pixel face
    /// into 112): the region the output covers is first averaged down by an integer factor.
    /// </remarks>
    public void Sample(in AffineMap map, int outWidth, int outHeight, Span<float> output, bool luma, float offset, float scale)
    {
        var factor = (int)MathF.Floor(map.MinScale);
        if (factor >= 2)
        {
            var (left, top, right, bottom) = map.SourceBounds(outWidth, outHeight);
            var x0 = Math.Clamp((int)MathF.Floor(left) - factor, 0, Width - 1);
            var y0 = Math.Clamp((int)MathF.Floor(top) - factor, 0, Height - 1);
            var x1 = Math.Clamp((int)MathF.Ceiling(right) + factor + 1, x0 + 1, Width);
            var y1 = Math.Clamp((int)MathF.Ceiling(bottom) + factor + 1, y0 + 1, Height);
            using var reduced = Shrink(factor, x0, y0, x1, y1);
            reduced.Sample(ShrunkMap(map, factor, x0, y0), outWidth, outHeight, output, luma, offset, scale);
            return;
        }

        if (map.B == 0 && map.D == 0)
        {
            SampleAxisAligned(map, outWidth, outHeight, output, luma, offset, scale);
            return;
        }

        var plane = outWidth * outHeight;
        for (var v = 0; v < outHeight; v++)
        {
            for (var u = 0; u < outWidth; u++)
            {
                var (x, y) = map.Apply(u, v);
                Bilinear(x, y, out var r, out var g, out var b);
                Store(output, v * outWidth + u, plane, r, g, b, luma, offset, scale);
            }
        }
    }

    /// <summary>
    /// A plain resize, the detector's and landmark model's input: the bilinear taps of each column and
    /// row are worked out once instead of once per pixel. Same result as the general path.
    /// </summary>
    private void SampleAxisAligned(in AffineMap map, int outWidth, int outHeight, Span<float> output, bool luma, float offset, float scale)
    {
        Span<int> x0 = stackalloc int[outWidth];
        Span<int> x1 = stackalloc int[outWidth];
        Span<float> wx = stackalloc float[outWidth];
        Span<bool> xInside = stackalloc bool[outWidth];
        for (var u = 0; u < outWidth; u++)
            xInside[u] = Taps(map.A * u + map.C, Width, out x0[u], out x1[u], out wx[u]);

        var plane = outWidth * outHeight;
        var pixels = Pixels;
        for (var v = 0; v < outHeight; v++)
        {
            var yInside = Taps(map.E * v + map.F, Height, out var y0, out var y1, out var wy);
            int row0 = y0 * Width * 4, row1 = y1 * Width * 4;
            for (var u = 0; u < outWidth; u++)
            {
                float r = 0, g = 0, b = 0;
                if (yInside && xInside[u])
                {
                    int p00 = row0 + x0[u] * 4, p10 = row0 + x1[u] * 4, p01 = row1 + x0[u] * 4, p11 = row1 + x1[u] * 4;
                    var fx = wx[u];
                    float top, bottom;
                    top = pixels[p00] + fx * (pixels[p10] - pixels[p00]);
                    bottom = pixels[p01] + fx * (pixels[p11] - pixels[p01]);
                    r = top + wy * (bottom - top);
                    top = pixels[p00 + 1] + fx * (pixels[p10 + 1] - pixels[p00 + 1]);
                    bottom = pixels[p01 + 1] + fx * (pixels[p11 + 1] - pixels[p01 + 1]);
                    g = top + wy * (bottom - top);
                    top = pixels[p00 + 2] + fx * (pixels[p10 + 2] - pixels[p00 + 2]);
                    bottom = pixels[p01 + 2] + fx * (pixels[p11 + 2] - pixels[p01 + 2]);
                    b = top + wy * (bottom - top);
                }
                Store(output, v * outWidth + u, plane, r, g, b, luma, offset, scale);
            }
        }
    }

    private static void Store(Span<float> output, int i, int plane, float r, float g, float b, bool luma, float offset, float scale)
    {
        if (luma)
        {
            output[i] = (0.299f * r + 0.587f * g + 0.114f * b + offset) * scale;
        }
        else
        {
            output[i] = (r + offset) * scale;
            output[plane + i] = (g + offset) * scale;
            output[2 * plane + i] = (b + offset) * scale;
        }
    }

    /// <summary>
    /// The two neighbouring pixels of coordinate <paramref name="t"/> along an axis of <paramref name="size"/>
    /// and the weight of the second; false beyond half a pixel outside, where the image is black.
    /// Within that half pixel the edge pixel is repeated.
    /// </summary>
    private static bool Taps(float t, int size, out int first, out int second, out float weight)
    {
        first = second = 0;
        weight = 0;
        if (t < -0.5f || t > size - 0.5f) return false;
        t = Math.Clamp(t, 0, size - 1);
        first = Math.Min((int)t, Math.Max(size - 2, 0));
        second = Math.Min(first + 1, size - 1);
        weight = t - first;
        return true;
    }

    /// <summary>The whole image averaged down by <paramref name="factor"/>; maps into it come from <see cref="ShrunkMap"/>.</summary>
    public RgbaImage Shrink(int factor) => Shrink(factor, 0, 0, Width, Height);

    /// <summary>A map into this image turned into a map into its part from (x0, y0) shrunk by <paramref name="factor"/>.</summary>
    public static AffineMap ShrunkMap(in AffineMap map, int factor, int x0, int y0)
    {
        // Shrunk pixel (i, j) is centred on source (x0 + i·k + (k−1)/2, y0 + j·k + (k−1)/2).
        var half = (factor - 1) / 2f;
        return map.Then(1f / factor, (-x0 - half) / factor, (-y0 - half) / factor);
    }

    /// <summary>Averages the pixels in [x0, x1) × [y0, y1) over blocks of factor × factor (smaller at the far edges).</summary>
    private RgbaImage Shrink(int factor, int x0, int y0, int x1, int y1)
    {
        var w = (x1 - x0 + factor - 1) / factor;
        var h = (y1 - y0 + factor - 1) / factor;
        var image = new RgbaImage(w, h);
        var pixels = image.Pixels;
        var sums = new int[w * 3];
        var source = Pixels;
        for (var j = 0; j < h; j++)
        {
            Array.Clear(sums);
            var rowEnd = Math.Min(y0 + (j + 1) * factor, y1);
            for (var y = y0 + j * factor; y < rowEnd; y++)
            {
                var p = (y * Width + x0) * 4;
                for (var i = 0; i < w; i++)
                {
                    var blockWidth = Math.Min(factor, x1 - x0 - i * factor);
                    int r = 0, g = 0, b = 0;
                    for (var k = 0; k < blockWidth; k++, p += 4)
                    {
                        r += source[p];
                        g += source[p + 1];
                        b += source[p + 2];
                    }
                    sums[3 * i] += r;
                    sums[3 * i + 1] += g;
                    sums[3 * i + 2] += b;
                }
            }
            var rows = rowEnd - (y0 + j * factor);
            for (var i = 0; i < w; i++)
            {
                var count = rows * Math.Min(factor, x1 - x0 - i * factor);
                var q = (j * w + i) * 4;
                pixels[q] = (byte)((sums[3 * i] + count / 2) / count);
                pixels[q + 1] = (byte)((sums[3 * i + 1] + count / 2) / count);
                pixels[q + 2] = (byte)((sums[3 * i + 2] + count / 2) / count);
                pixels[q + 3] = 255;
            }
        }
        return image;
    }

    private void Bilinear(float x, float y, out float r, out float g, out float b)
    {
        r = g = b = 0;
        if (!Taps(x, Width, out var x0, out var x1, out var fx) || !Taps(y, Height, out var y0, out var y1, out var fy)) return;
        var pixels = Pixels;
        int p00 = (y0 * Width + x0) * 4, p10 = (y0 * Width + x1) * 4, p01 = (y1 * Width + x0) * 4, p11 = (y1 * Width + x1) * 4;
        float w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
        r = w00 * pixels[p00] + w10 * pixels[p10] + w01 * pixels[p01] + w11 * pixels[p11];
        g = w00 * pixels[p00 + 1] + w10 * pixels[p10 + 1] + w01 * pixels[p01 + 1] + w11 * pixels[p11 + 1];
        b = w00 * pixels[p00 + 2] + w10 * pixels[p10 + 2] + w01 * pixels[p01 + 2] + w11 * pixels[p11 + 2];
    }
}

/// <summary>An affine map from output pixels to source pixels: x = A·u + B·v + C, y = D·u + E·v + F.</summary>
internal readonly record struct AffineMap(float A, float B, float C, float D, float E, float F)
{
    /// <summary>Maps an output rectangle onto a source rectangle, pixel centres to pixel centres, as <c>cv2.resize</c> does.</summary>
    public static AffineMap Resize(float sourceX, float sourceY, float sourceWidth, float sourceHeight, int outWidth, int outHeight)
    {
        var sx = sourceWidth / outWidth;
        var sy = sourceHeight / outHeight;
        return new AffineMap(sx, 0, sourceX + 0.5f * sx - 0.5f, 0, sy, sourceY + 0.5f * sy - 0.5f);
    }

    /// <summary>How many source pixels one output pixel spans, along its shorter side.</summary>
    public float MinScale => MathF.Min(MathF.Sqrt(A * A + D * D), MathF.Sqrt(B * B + E * E));

    public (float X, float Y) Apply(float u, float v) => (A * u + B * v + C, D * u + E * v + F);

    /// <summary>This map followed by the source-side scaling x' = s·x + tx, y' = s·y + ty.</summary>
    public AffineMap Then(float s, float tx, float ty) => new(s * A, s * B, s * C + tx, s * D, s * E, s * F + ty);

    public (float Left, float Top, float Right, float Bottom) SourceBounds(int outWidth, int outHeight)
    {
        var (x1, y1) = Apply(0, 0);
        var (x2, y2) = Apply(outWidth - 1, 0);
        var (x3, y3) = Apply(0, outHeight - 1);
        var (x4, y4) = Apply(outWidth - 1, outHeight - 1);
        return (MathF.Min(MathF.Min(x1, x2), MathF.Min(x3, x4)), MathF.Min(MathF.Min(y1, y2), MathF.Min(y3, y4)),
            MathF.Max(MathF.Max(x1, x2), MathF.Max(x3, x4)), MathF.Max(MathF.Max(y1, y2), MathF.Max(y3, y4)));
    }
}
