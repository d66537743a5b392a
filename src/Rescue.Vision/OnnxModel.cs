using Microsoft.ML.OnnxRuntime;

namespace Rescue.Vision;

/// <summary>One verified ONNX model with a fixed input shape; safe to run from several threads at once.</summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly string[] _inputNames;
    private readonly long[] _inputShape;
    private readonly string[] _outputNames;
    private readonly long[][] _outputShapes;
    private readonly bool _denormalsAsZero;

    public OnnxModel(ModelCatalog catalog, string fileName, int intraOpThreads, bool denormalsAsZero = true)
    {
        var bytes = catalog.ReadVerified(fileName, out var sha256);
        Sha256 = sha256;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Spinning threads wait for work by burning a core; on two cores shared with the web app and
        // PostgreSQL that steals more than it saves.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        // Denormal floats (below 1e-38) take a slow microcode path on many CPUs: on AVX-512 Xeons the
        // embedding model ran 8× slower. As zero they change no embedding (a test pins that). The
        // option covers ONNX Runtime's own threads; Run covers the caller's (see DenormalMode).
        _denormalsAsZero = denormalsAsZero;
        options.AddSessionConfigEntry("session.set_denormal_as_zero", denormalsAsZero ? "1" : "0");
        try
        {
            using var keep = DenormalMode.Keep();
            _session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelVerificationException($"Model {fileName} matches the manifest but ONNX Runtime cannot load it: {e.Message}", e);
        }
        _runOptions = new RunOptions();
        _inputNames = [.. _session.InputMetadata.Keys];
        _inputShape = [.. _session.InputMetadata.Values.Single().Dimensions.Select(d => (long)d)];
        _outputNames = [.. _session.OutputMetadata.Keys];
        _outputShapes = [.. _session.OutputMetadata.Values.Select(m => m.Dimensions.Select(d => (long)d).ToArray())];
        InputLength = Elements(_inputShape);
    }

    public string Sha256 { get; }

    public int InputLength { get; }

    public int OutputLength(int index) => Elements(_outputShapes[index]);

    public int OutputIndex(string name) => Array.IndexOf(_outputNames, name) is >= 0 and var i
        ? i
        : throw new ModelVerificationException($"The model has no output '{name}'; it has {string.Join(", ", _outputNames)}.");

    /// <summary>Runs the model on <paramref name="input"/>, writing each output into the caller's buffers (no copies).</summary>
    public void Run(Memory<float> input, params Memory<float>[] outputs)
    {
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, _inputShape);
        var outputValues = new OrtValue[outputs.Length];
        try
        {
            for (var i = 0; i < outputs.Length; i++)
                outputValues[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, outputs[i], _outputShapes[i]);
            using var mode = DenormalMode.Enter(_denormalsAsZero);
            _session.Run(_runOptions, _inputNames, [inputValue], _outputNames, outputValues);
        }
        finally
        {
            foreach (var value in outputValues) value?.Dispose();
        }
    }

    private static int Elements(long[] shape) => (int)shape.Aggregate(1L, (a, b) => a * b);

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
