namespace Rescue.Search;

/// <summary>
/// Seeds from several numbers that are the same in every process: <see cref="HashCode.Combine{T1, T2}"/> is salted
/// per process, so generated photos would differ from run to run and evaluation figures would not repeat.
/// </summary>
internal static class StableSeed
{
    public static int Of(params ReadOnlySpan<int> values)
    {
        var hash = 0x9E3779B97F4A7C15UL;
        foreach (var value in values)
        {
            // SplitMix64's finaliser over the running hash and each value.
            hash ^= (uint)value + 0x9E3779B97F4A7C15UL + (hash << 6) + (hash >> 2);
            hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
            hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
            hash ^= hash >> 31;
        }
        return (int)(hash & 0x7FFFFFFF);
    }
}
