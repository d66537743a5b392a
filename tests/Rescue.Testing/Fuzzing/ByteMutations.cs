namespace Rescue.Testing.Fuzzing;

/// <summary>Mutations that know nothing of the format: bit flips, bytes set, cut, repeated or removed.</summary>
public static class ByteMutations
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    /// <summary>One of the mutations below, chosen by <paramref name="random"/>; its name in <paramref name="name"/>.</summary>
    public static byte[] Any(Random random, byte[] input, out string name)
    {
        switch (random.Next(5))
        {
            case 0: name = "bit-flips"; return BitFlips(random, input, 1 + random.Next(random.Next(2) == 0 ? 4 : 64));
            case 1: name = "bytes-set"; return BytesSet(random, input, 1 + random.Next(16));
            case 2: name = "truncated"; return Truncated(random, input);
            case 3: name = "range-repeated"; return RangeRepeated(random, input);
            default: name = "range-removed"; return RangeRemoved(random, input);
        }
    }

    public static byte[] BitFlips(Random random, byte[] input, int count)
    {
        var output = (byte[])input.Clone();
        if (output.Length == 0) return output;
        for (var i = 0; i < count; i++) output[random.Next(output.Length)] ^= (byte)(1 << random.Next(8));
        return output;
    }

    public static byte[] BytesSet(Random random, byte[] input, int count)
    {
        var output = (byte[])input.Clone();
        if (output.Length == 0) return output;
        for (var i = 0; i < count; i++)
        {
            output[random.Next(output.Length)] = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
        }
        return output;
    }

    /// <summary>Cut anywhere, most often near the end, where a transfer breaks off.</summary>
    public static byte[] Truncated(Random random, byte[] input)
    {
        if (input.Length == 0) return input;
        var length = random.Next(3) == 0 ? random.Next(input.Length) : input.Length - 1 - random.Next(Math.Min(input.Length, 64));
        return input[..Math.Max(0, length)];
    }

    public static byte[] RangeRepeated(Random random, byte[] input)
    {
        if (input.Length == 0) return input;
        var start = random.Next(input.Length);
        var length = 1 + random.Next(Math.Min(input.Length - start, 4096));
        var times = 1 + random.Next(random.Next(4) == 0 ? 200 : 4);
        using var output = new MemoryStream();
        output.Write(input, 0, start + length);
        for (var i = 0; i < times; i++) output.Write(input, start, length);
        output.Write(input, start + length, input.Length - start - length);
        return output.ToArray();
    }

    public static byte[] RangeRemoved(Random random, byte[] input)
    {
        if (input.Length < 2) return input;
        var start = random.Next(input.Length);
        var length = 1 + random.Next(Math.Min(input.Length - start, 1024));
        return [.. input[..start], .. input[(start + length)..]];
    }

    /// <summary><paramref name="input"/> with <paramref name="insert"/> at <paramref name="at"/>.</summary>
    public static byte[] Inserted(byte[] input, int at, ReadOnlySpan<byte> insert) => [.. input[..at], .. insert, .. input[at..]];
}
