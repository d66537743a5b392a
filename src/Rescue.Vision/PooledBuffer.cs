using System.Buffers;

namespace Rescue.Vision;

/// <summary>
/// A rented array of exactly <see cref="Length"/> usable elements, returned on dispose. Pixel and tensor
/// buffers run to megabytes per photo; allocating them fresh fills the large-object heap and forces a
/// full garbage collection every photo or two.
/// </summary>
internal readonly struct PooledBuffer<T>(int length) : IDisposable
{
    public T[] Array { get; } = ArrayPool<T>.Shared.Rent(length);

    public int Length { get; } = length;

    public Span<T> Span => Array.AsSpan(0, Length);

    public Memory<T> Memory => Array.AsMemory(0, Length);

    public void Dispose() => ArrayPool<T>.Shared.Return(Array);
}
