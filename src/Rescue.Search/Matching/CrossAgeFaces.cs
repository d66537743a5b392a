using Rescue.Search.Vectors;

namespace Rescue.Search.Matching;

/// <summary>
/// Synthetic face signatures for a generated population whose cosines look like the measured cross-age ones: a
/// notice's photo and its person's lie near one identity and score about 0.5 when taken the same year and about 0.25
/// when a child's photo meets the adult, while strangers score about 0 (0.1 to 0.2 for look-alikes of one group).
/// </summary>
/// <remarks>
/// A photo is its identity's centre plus noise of a chosen length s; in 512
/// dimensions the noise is nearly orthogonal to everything, so a photo's cosine with its centre is 1/√(1+s²) and two
/// photos of one identity score the product of theirs. A notice photo gets a fixed factor; the person's photo gets
/// the factor that gives the pair the target cosine. Deterministic for a seed.
/// </remarks>
public sealed class CrossAgeFaces
{
    /// <summary>A notice photo's cosine with its identity's centre.</summary>
    private const double NoticeFactor = 0.8;

    private readonly float[][] _groups;
    private readonly int _seed;
    private readonly float _personSpread;

    /// <param name="seed">The same seed gives the same signatures in every process.</param>
    /// <param name="groups">Look-alike groups: strangers of one group score above zero.</param>
    /// <param name="personSpread">
    /// How far an identity lies from its group's centre: two identities of one group have centres 1/(1+s²) apart.
    /// </param>
    public CrossAgeFaces(int seed, int groups = 1000, float personSpread = 1.2f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        _seed = seed;
        _personSpread = personSpread;
        _groups = new float[groups][];
        for (var g = 0; g < groups; g++)
        {
            var random = new Random(StableSeed.Of(seed, -1, g));
            _groups[g] = Near(new float[SignatureCodes.Dimensions], 1, random);
        }
    }

    /// <summary>Same-year true pairs score about this much.</summary>
    public double SameAgeCosine { get; init; } = 0.5;

    /// <summary>Child → adult true pairs (<see cref="CrossAgeYears"/> or more apart) score about this much.</summary>
    public double CrossAgeCosine { get; init; } = 0.25;

    /// <summary>Photos this many years apart or more count as child → adult; the cosine falls linearly until then.</summary>
    public double CrossAgeYears { get; init; } = 15;

    /// <summary>The spread of true pairs' cosines around the line above (standard deviation).</summary>
    public double CosineSpread { get; init; } = 0.08;

    /// <summary>The family's photo of identity <paramref name="identity"/>.</summary>
    public float[] NoticePhoto(int identity) =>
        Photo(identity, NoticeFactor, new Random(StableSeed.Of(_seed, identity, 11)));

    /// <summary>
    /// The station's photo of identity <paramref name="identity"/>, taken <paramref name="yearsAfterNoticePhoto"/>
    /// years after the notice's photo of the same identity (any number for a person no notice looks for).
    /// </summary>
    public float[] PersonPhoto(int identity, double yearsAfterNoticePhoto)
    {
        var random = new Random(StableSeed.Of(_seed, identity, 13));
        var share = Math.Min(Math.Abs(yearsAfterNoticePhoto), CrossAgeYears) / CrossAgeYears;
        var target = SameAgeCosine + (CrossAgeCosine - SameAgeCosine) * share + CosineSpread * Normal(random);
        var factor = Math.Clamp(target, 0.05, 0.75) / NoticeFactor;
        return Photo(identity, factor, random);
    }

    /// <summary>The centre of an identity's photos: near its group's centre, the groups being the look-alikes.</summary>
    private float[] Centre(int identity) =>
        Near(_groups[(int)((uint)identity % (uint)_groups.Length)], _personSpread, new Random(StableSeed.Of(_seed, identity)));

    private float[] Photo(int identity, double factor, Random random) =>
        Near(Centre(identity), (float)Math.Sqrt(1 / (factor * factor) - 1), random);

    /// <summary>A unit vector at <paramref name="centre"/> plus random noise of length <paramref name="spread"/>.</summary>
    private static float[] Near(float[] centre, float spread, Random random)
    {
        var noise = new float[SignatureCodes.Dimensions];
        for (var i = 0; i < noise.Length; i++) noise[i] = (float)Normal(random);
        Normalise(noise);
        for (var i = 0; i < noise.Length; i++) noise[i] = centre[i] + spread * noise[i];
        Normalise(noise);
        return noise;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void Normalise(float[] v)
    {
        double sum = 0;
        foreach (var x in v) sum += (double)x * x;
        var inverse = (float)(1 / Math.Sqrt(sum));
        for (var i = 0; i < v.Length; i++) v[i] *= inverse;
    }
}
