using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rescue.Search.Vectors;

/// <summary>
/// The int8 codes of the first pass, their error bounds, and the two dot products (int8 × int16 codes, float ×
/// float) every score in the index goes through.
/// </summary>
/// <remarks>
/// A stored signature x is kept as x = s·c + e with a per-vector scale s = max|xᵢ|/127, codes cᵢ ∈ [−127, 127] and
/// residual e (|eᵢ| ≤ s/2). A query q is kept as q = t·d + f with t = max|qᵢ|/16383 and 15-bit codes d, so its
/// residual f is about 128 times smaller than a stored one. The first pass scores a = s·t·(c·d) in integers. Then
///   x·q − a = e·q + s·c·f, so |x·q − a| ≤ ‖e‖·‖q‖ + ‖s·c‖·‖f‖   (Cauchy–Schwarz, twice),
/// which the index computes per face from two stored norms and two per-query norms: an upper bound on the exact
/// float score of every face the first pass did not re-rank. A per-vector scale (rather than one global scale)
/// costs 4 bytes a face and keeps ‖e‖ proportional to each face's own largest component: one global scale is set
/// by the most extreme component in the whole index and loosens every face's bound.
/// </remarks>
public static class SignatureCodes
{
    /// <summary>The length of a face signature (the embedding model's output).</summary>
    public const int Dimensions = 512;

    private const int StoredRange = 127;
    private const int QueryRange = 16383;

    /// <summary>
    /// Absorbs float rounding in everything the bound leaves out: the float product s·t·(c·d), the stored
    /// residual norms, and the float dot product of the re-rank itself (at most 512·2⁻²⁴ ≈ 3·10⁻⁵ for unit
    /// vectors). Scores are cosines in [−1, 1], so an absolute slack suffices.
    /// </summary>
    internal const float RoundingSlack = 1e-4f;

    /// <summary>Quantises a stored signature into <paramref name="codes"/>; returns its scale and residual norms.</summary>
    internal static (float Scale, float ResidualNorm, float CodeNorm) EncodeStored(ReadOnlySpan<float> signature, Span<sbyte> codes)
    {
        var scale = MaxAbs(signature) / StoredRange;
        double residual = 0, coded = 0;
        for (var i = 0; i < Dimensions; i++)
        {
            var code = scale == 0 ? 0 : (int)Math.Clamp(MathF.Round(signature[i] / scale), -StoredRange, StoredRange);
            codes[i] = (sbyte)code;
            var value = (double)scale * code;
            residual += (signature[i] - value) * (signature[i] - value);
            coded += value * value;
        }
        return (scale, RoundUp(residual), RoundUp(coded));
    }

    /// <summary>Quantises a query into 15-bit codes; returns its scale and the norms the bound needs.</summary>
    internal static (float Scale, float Norm, float ResidualNorm) EncodeQuery(ReadOnlySpan<float> query, Span<short> codes)
    {
        var scale = MaxAbs(query) / QueryRange;
        double residual = 0, norm = 0;
        for (var i = 0; i < Dimensions; i++)
        {
            var code = scale == 0 ? 0 : (int)Math.Clamp(MathF.Round(query[i] / scale), -QueryRange, QueryRange);
            codes[i] = (short)code;
            var error = query[i] - (double)scale * code;
            residual += error * error;
            norm += (double)query[i] * query[i];
        }
        return (scale, RoundUp(norm), RoundUp(residual));
    }

    /// <summary>
    /// c·d over 512 dimensions, exact in 32-bit integers: |c·d| ≤ 127 · 16383 · 512 &lt; 2³¹.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Dot(ref sbyte codes, ref short query)
    {
        if (Avx512BW.IsSupported)
        {
            var sum = Vector512<int>.Zero;
            for (nuint i = 0; i < Dimensions; i += 32)
            {
                var wide = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref codes, i));
                sum += Avx512BW.MultiplyAddAdjacent(wide, Vector512.LoadUnsafe(ref query, i));
            }
            return Vector512.Sum(sum);
        }
        if (Avx2.IsSupported)
        {
            var sum = Vector256<int>.Zero;
            for (nuint i = 0; i < Dimensions; i += 16)
            {
                var wide = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref codes, i));
                sum += Avx2.MultiplyAddAdjacent(wide, Vector256.LoadUnsafe(ref query, i));
            }
            return Vector256.Sum(sum);
        }
        var total = 0;
        for (var i = 0; i < Dimensions; i++)
            total += Unsafe.Add(ref codes, i) * Unsafe.Add(ref query, i);
        return total;
    }

    /// <summary>
    /// The cosine of two L2-normalised signatures: the exact score of the index. Its summation order is fixed (it
    /// does not depend on where the arrays lie in memory), so a brute-force scan through it gives bit-identical
    /// scores to the index's re-rank.
    /// </summary>
    public static float Similarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != Dimensions || b.Length != Dimensions)
            throw new ArgumentException($"Face signatures have {Dimensions} dimensions.");
        return Similarity(ref Unsafe.AsRef(in a[0]), ref Unsafe.AsRef(in b[0]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Similarity(ref float a, ref float b)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> s0 = default, s1 = default;
            for (nuint i = 0; i < Dimensions; i += 32)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i), Vector512.LoadUnsafe(ref b, i), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, i + 16), Vector512.LoadUnsafe(ref b, i + 16), s1);
            }
            return Vector512.Sum(s0 + s1);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> s0 = default, s1 = default;
            for (nuint i = 0; i < Dimensions; i += 16)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i), Vector256.LoadUnsafe(ref b, i), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, i + 8), Vector256.LoadUnsafe(ref b, i + 8), s1);
            }
            return Vector256.Sum(s0 + s1);
        }
        var total = 0f;
        for (var i = 0; i < Dimensions; i++)
            total += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        return total;
    }

    private static float MaxAbs(ReadOnlySpan<float> values)
    {
        if (values.Length != Dimensions)
            throw new ArgumentException($"Face signatures have {Dimensions} dimensions, not {values.Length}.");
        var max = 0f;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) throw new ArgumentException("A face signature holds a value that is not a finite number.");
            max = MathF.Max(max, MathF.Abs(v));
        }
        return max;
    }

    private static float RoundUp(double sumOfSquares) => MathF.BitIncrement((float)Math.Sqrt(sumOfSquares));
}
