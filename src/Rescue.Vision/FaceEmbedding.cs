using System.Numerics.Tensors;

namespace Rescue.Vision;

/// <summary>
/// An L2-normalised face embedding and the version of the models that made it: embeddings from
/// different models live in different spaces and must never be compared.
/// </summary>
public sealed class FaceEmbedding
{
    /// <summary>Length of the vectors fr_feature produces.</summary>
    public const int Dimension = 512;

    private readonly float[] _vector;

    /// <summary>Wraps a vector, normalising it to unit length (stored signatures are normalised already; this is cheap).</summary>
    public FaceEmbedding(ReadOnlySpan<float> vector, string modelVersion)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"A face embedding has {Dimension} values, not {vector.Length}.", nameof(vector));
        var norm = TensorPrimitives.Norm(vector);
        if (!(norm > 0) || !float.IsFinite(norm))
            throw new ArgumentException("A face embedding cannot be zero or contain NaN or infinity.", nameof(vector));
        _vector = new float[Dimension];
        TensorPrimitives.Divide(vector, norm, _vector);
        ModelVersion = modelVersion;
    }

    /// <summary>The unit-length vector.</summary>
    public ReadOnlySpan<float> Vector => _vector;

    /// <summary>Which models made this embedding (see <see cref="FacePipeline.ModelVersion"/>).</summary>
    public string ModelVersion { get; }

    /// <summary>Cosine similarity in [−1, 1]; higher is more alike.</summary>
    public float Similarity(FaceEmbedding other)
    {
        if (other.ModelVersion != ModelVersion)
            throw new InvalidOperationException($"Cannot compare embeddings of models '{ModelVersion}' and '{other.ModelVersion}'.");
        return TensorPrimitives.Dot(Vector, other.Vector);
    }
}
