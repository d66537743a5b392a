namespace Rescue.Testing;

/// <summary>
/// The app's clock in tests: it runs with real time (so timers and background workers behave as they do in
/// production) from wherever a test sets it, and a test moves it on to reach a deadline or an expiry at once.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock on (or back, with a negative span).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Sets the clock to an instant; it runs on from there.</summary>
    public void SetUtcNow(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);
}
