namespace Rescue.Search.Vectors;

/// <summary>
/// Face signatures that cluster the way real ones do, for tests, benchmarks and generated populations: people
/// fall into look-alike groups, and each person's photos lie near that person. Deterministic for a seed.
/// </summary>
/// <remarks>
/// Uniform random unit vectors are nearly orthogonal in 512 dimensions, so every score is near 0 and a first pass
/// separates them easily. Real embeddings crowd: with the defaults two photos of one person score about 0.67,
/// two people of one group about 0.4 and strangers about 0, which puts many faces close to the k-th score.
/// </remarks>
public sealed class SyntheticFaces
{
    private readonly int _seed;
    private readonly float _personSpread;
    private readonly float _photoSpread;
    private readonly float[][] _groups;

    public SyntheticFaces(int seed, int groups = 1000, float personSpread = 1.2f, float photoSpread = 0.7f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        _seed = seed;
        _personSpread = personSpread;
        _photoSpread = photoSpread;
        _groups = new float[groups][];
        for (var g = 0; g < groups; g++) _groups[g] = RandomUnit(new Random(StableSeed.Of(seed, -1, g)));
    }

    /// <summary>The centre of one person's photos.</summary>
    public float[] Person(int person)
    {
        var centre = _groups[(int)((uint)person % (uint)_groups.Length)];
        return Near(centre, _personSpread, new Random(StableSeed.Of(_seed, person)));
    }

    /// <summary>One photo of a person, given the person's centre from <see cref="Person"/>.</summary>
    public float[] Photo(ReadOnlySpan<float> person, int personIndex, int photo) =>
        Near(person, _photoSpread, new Random(StableSeed.Of(_seed, personIndex, photo, 7)));

    private static float[] Near(ReadOnlySpan<float> centre, float spread, Random random)
    {
        var noise = RandomUnit(random);
        for (var i = 0; i < noise.Length; i++) noise[i] = centre[i] + spread * noise[i];
        return Normalise(noise);
    }

    private static float[] RandomUnit(Random random)
    {
        var v = new float[SignatureCodes.Dimensions];
        for (var i = 0; i < v.Length; i += 2)
        {
            // Box–Muller: two independent normal values per pair of uniforms.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            v[i] = (float)(radius * Math.Cos(angle));
            v[i + 1] = (float)(radius * Math.Sin(angle));
        }
        return Normalise(v);
    }

    private static float[] Normalise(float[] v)
    {
        double sum = 0;
        foreach (var x in v) sum += (double)x * x;
        var inverse = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < v.Length; i++) v[i] *= inverse;
        return v;
    }

    /// <summary>A record with the attribute mix of a station's index (mostly open notices), for tests and benchmarks.</summary>
    public static FaceRecord RandomRecord(Random random)
    {
        var born = 1940 + random.Next(80);
        return new FaceRecord(
            NewId(random),
            random.NextDouble() < 0.1 ? RecordKind.Admission : RecordKind.Notice,
            random.NextDouble() < 0.8 ? RecordStatus.Open : RecordStatus.Closed,
            random.NextDouble() switch { < 0.1 => RecordSex.Unknown, < 0.6 => RecordSex.Male, _ => RecordSex.Female },
            random.NextDouble() < 0.05 ? null : born,
            random.NextDouble() < 0.05 ? null : born + random.Next(11));
    }

    /// <summary>An id drawn from <paramref name="random"/>, so a seed repeats it.</summary>
    public static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
