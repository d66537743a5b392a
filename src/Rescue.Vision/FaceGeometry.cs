using System.Numerics;

namespace Rescue.Vision;

/// <summary>Landmark geometry: the five alignment points, the similarity fit to ArcFace's template, and pose.</summary>
internal static class FaceGeometry
{
    public const int AlignedSize = 112;

    /// <summary>The standard ArcFace 112×112 positions of: left eye, right eye, nose tip, left and right mouth corner.</summary>
    private static readonly Vector2[] Reference =
    [
        new(38.2946f, 51.6963f),
        new(73.5318f, 51.5014f),
        new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f),
        new(70.7299f, 92.2041f),
    ];

    /// <summary>The five points from the 68 (0-based iBUG indices), in the same order as <see cref="Reference"/>.</summary>
    public static Vector2[] FivePoints(ReadOnlySpan<Vector2> landmarks) =>
    [
        (landmarks[37] + landmarks[38] + landmarks[40] + landmarks[41]) / 4,
        (landmarks[43] + landmarks[44] + landmarks[46] + landmarks[47]) / 4,
        landmarks[30],
        (landmarks[48] + landmarks[60]) / 2,
        (landmarks[54] + landmarks[64]) / 2,
    ];

    /// <summary>
    /// The map from aligned 112×112 pixels back to image pixels, from the least-squares similarity
    /// (rotation, uniform scale, shift) taking <paramref name="points"/> onto the reference. Using all
    /// five points, not three as an exact affine would, spreads landmark error instead of copying it.
    /// </summary>
    public static AffineMap AlignedToImage(ReadOnlySpan<Vector2> points)
    {
        var sourceMean = Vector2.Zero;
        var targetMean = Vector2.Zero;
        for (var i = 0; i < points.Length; i++)
        {
            sourceMean += points[i];
            targetMean += Reference[i];
        }
        sourceMean /= points.Length;
        targetMean /= points.Length;

        // With centred points p and q, the best s·R has cos part a and sin part b below (Umeyama in 2-D).
        float dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < points.Length; i++)
        {
            var p = points[i] - sourceMean;
            var q = Reference[i] - targetMean;
            dot += p.X * q.X + p.Y * q.Y;
            cross += p.X * q.Y - p.Y * q.X;
            norm += p.LengthSquared();
        }
        var a = dot / norm;
        var b = cross / norm;
        var tx = targetMean.X - (a * sourceMean.X - b * sourceMean.Y);
        var ty = targetMean.Y - (b * sourceMean.X + a * sourceMean.Y);

        // Invert q = [a −b; b a]·p + t to sample the image for each aligned pixel.
        var n = a * a + b * b;
        var (ia, ib, id, ie) = (a / n, b / n, -b / n, a / n);
        return new AffineMap(ia, ib, -(ia * tx + ib * ty), id, ie, -(id * tx + ie * ty));
    }

    /// <summary>
    /// Left-right turn in degrees from how far the nose tip sits from each cheek contour; a frontal face
    /// has it halfway. Positive when the face turns towards the image's right.
    /// </summary>
    public static float YawDegrees(ReadOnlySpan<Vector2> landmarks)
    {
        var toLeft = Vector2.Distance(landmarks[30], landmarks[2]);
        var toRight = Vector2.Distance(landmarks[30], landmarks[14]);
        var ratio = Math.Clamp((toLeft - toRight) / (toLeft + toRight), -1f, 1f);
        return float.RadiansToDegrees(MathF.Asin(ratio));
    }

    /// <summary>Angle of the line from the left to the right eye centre, clockwise in the image.</summary>
    public static float RollDegrees(ReadOnlySpan<Vector2> fivePoints)
    {
        var eyes = fivePoints[1] - fivePoints[0];
        return float.RadiansToDegrees(MathF.Atan2(eyes.Y, eyes.X));
    }

    /// <summary>
    /// Variance of the 4-neighbour Laplacian of the aligned face's luma (0–255), over the face's inner
    /// part so that the black border of a face at the photo's edge does not count as detail.
    /// </summary>
    public static float Sharpness(ReadOnlySpan<float> alignedRgb, float offset, float scale)
    {
        const int from = 16, to = AlignedSize - 16;
        var plane = AlignedSize * AlignedSize;
        using var buffer = new PooledBuffer<float>(plane);
        var luma = buffer.Span;
        for (var i = 0; i < plane; i++)
        {
            luma[i] = (0.299f * alignedRgb[i] + 0.587f * alignedRgb[plane + i] + 0.114f * alignedRgb[2 * plane + i]) / scale - offset;
        }
        double sum = 0, sumSquares = 0;
        var count = 0;
        for (var y = from; y < to; y++)
        {
            for (var x = from; x < to; x++)
            {
                var i = y * AlignedSize + x;
                double laplacian = luma[i - 1] + luma[i + 1] + luma[i - AlignedSize] + luma[i + AlignedSize] - 4 * luma[i];
                sum += laplacian;
                sumSquares += laplacian * laplacian;
                count++;
            }
        }
        var mean = sum / count;
        return (float)(sumSquares / count - mean * mean);
    }
}
