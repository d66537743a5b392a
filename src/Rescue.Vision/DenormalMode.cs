using System.Runtime.InteropServices;

namespace Rescue.Vision;

/// <summary>
/// Whether the calling thread flushes denormal floats to zero (x86 MXCSR: flush-to-zero and
/// denormals-are-zero), set for the span of one model run and put back after it.
/// </summary>
/// <remarks>
/// ONNX Runtime's <c>session.set_denormal_as_zero</c> reaches only its own pool threads and, once per
/// process, the thread that builds the first session. With one intra-op thread there is no pool: every
/// kernel runs on the caller's thread (the face worker's, a benchmark's), which the option never
/// touches. So the pipeline sets the mode itself around each run, and only there: the rest of the
/// .NET thread keeps IEEE arithmetic.
/// </remarks>
internal static class DenormalMode
{
    private const uint FlushToZero = 0x8000;
    private const uint DenormalsAreZero = 0x0040;
    private const uint Bits = FlushToZero | DenormalsAreZero;

    // glibc's fenv_t on x86-64 is the 28-byte x87 environment followed by MXCSR; other platforms keep
    // ONNX Runtime's own handling.
    private static readonly bool Supported = OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture == Architecture.X64
        && NativeLibrary.TryLoad(MathLibrary, out _);

    private const string MathLibrary = "libm.so.6";

    /// <summary>Sets the mode on this thread until the scope is disposed; costs nothing when it is set already.</summary>
    public static Scope Enter(bool denormalsAsZero)
    {
        if (!Supported || fegetenv(out var saved) != 0) return default;
        var wanted = denormalsAsZero ? saved.Mxcsr | Bits : saved.Mxcsr & ~Bits;
        if (wanted == saved.Mxcsr) return default;
        var changed = saved;
        changed.Mxcsr = wanted;
        return fesetenv(in changed) == 0 ? new Scope(saved) : default;
    }

    /// <summary>
    /// Puts this thread's mode back as it is now when disposed: ONNX Runtime sets it, for good, on the
    /// thread that builds the process's first session.
    /// </summary>
    public static Scope Keep() => Supported && fegetenv(out var saved) == 0 ? new Scope(saved) : default;

    /// <summary>Whether this thread flushes denormals to zero now.</summary>
    public static bool IsOn => Supported && fegetenv(out var env) == 0 && (env.Mxcsr & Bits) == Bits;

    /// <summary>Puts the thread's floating-point environment back as it was.</summary>
    public readonly ref struct Scope(FloatEnvironment saved)
    {
        private readonly bool _restore = true;

        public void Dispose()
        {
            if (_restore) _ = fesetenv(in saved);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct FloatEnvironment
    {
        private fixed byte _x87[28];
        public uint Mxcsr;
    }

    [DllImport(MathLibrary)]
    private static extern int fegetenv(out FloatEnvironment environment);

    [DllImport(MathLibrary)]
    private static extern int fesetenv(in FloatEnvironment environment);
}
