using System.Numerics.Tensors;

namespace Rescue.Vision;

/// <summary>A key and how similar its face is to the query.</summary>
public readonly record struct FaceMatch<TKey>(TKey Key, float Similarity);

/// <summary>
/// Embeddings held in one contiguous block, searched exactly for the most similar faces. Dot products
/// of unit vectors are cosines, computed with SIMD. Reads may run in parallel; changes must not
/// overlap with anything else.
/// </summary>
public sealed class FaceGallery<TKey>(string modelVersion) where TKey : notnull
{
    private const int Dim = FaceEmbedding.Dimension;

    private readonly List<TKey> _keys = [];
    private readonly Dictionary<TKey, int> _rows = [];
    private float[] _vectors = new float[Dim * 64];

    /// <summary>The model version every embedding in the gallery must have.</summary>
    public string ModelVersion { get; } = modelVersion;

    public int Count => _keys.Count;

    /// <summary>Adds or replaces the embedding stored for <paramref name="key"/>.</summary>
    public void Set(TKey key, FaceEmbedding embedding)
    {
        if (embedding.ModelVersion != ModelVersion)
            throw new InvalidOperationException($"The gallery holds '{ModelVersion}' embeddings, not '{embedding.ModelVersion}'.");
        if (!_rows.TryGetValue(key, out var row))
        {
            row = _keys.Count;
            if ((row + 1) * Dim > _vectors.Length) Array.Resize(ref _vectors, _vectors.Length * 2);
            _keys.Add(key);
            _rows[key] = row;
        }
        embedding.Vector.CopyTo(_vectors.AsSpan(row * Dim, Dim));
    }

    /// <summary>Removes a key's embedding, e.g. when a person is identified and their signature is purged.</summary>
    public bool Remove(TKey key)
    {
        if (!_rows.Remove(key, out var row)) return false;
        // Keep rows contiguous: the last row moves into the gap.
        var last = _keys.Count - 1;
        if (row != last)
        {
            _vectors.AsSpan(last * Dim, Dim).CopyTo(_vectors.AsSpan(row * Dim, Dim));
            _keys[row] = _keys[last];
            _rows[_keys[row]] = row;
        }
        _keys.RemoveAt(last);
        _vectors.AsSpan(last * Dim, Dim).Clear();
        return true;
    }

    /// <summary>The <paramref name="top"/> most similar entries to <paramref name="query"/>, most similar first.</summary>
    public IReadOnlyList<FaceMatch<TKey>> Search(FaceEmbedding query, int top)
    {
        Check(query);
        var best = new TopK(top);
        for (var row = 0; row < _keys.Count; row++)
            best.Offer(row, TensorPrimitives.Dot(query.Vector, _vectors.AsSpan(row * Dim, Dim)));
        return best.Results(_keys);
    }

    /// <summary>
    /// <see cref="Search(FaceEmbedding, int)"/> for many queries at once, spread over the cores: one
    /// result list per query, in the queries' order.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<FaceMatch<TKey>>> Search(IReadOnlyList<FaceEmbedding> queries, int top)
    {
        foreach (var query in queries) Check(query);
        var results = new IReadOnlyList<FaceMatch<TKey>>[queries.Count];
        // Each query's scan is independent; blocks of queries keep a thread's gallery rows hot in cache.
        const int block = 8;
        Parallel.For(0, (queries.Count + block - 1) / block, b =>
        {
            var from = b * block;
            var to = Math.Min(from + block, queries.Count);
            var best = Enumerable.Range(from, to - from).Select(_ => new TopK(top)).ToArray();
            for (var row = 0; row < _keys.Count; row++)
            {
                var vector = _vectors.AsSpan(row * Dim, Dim);
                for (var q = from; q < to; q++)
                    best[q - from].Offer(row, TensorPrimitives.Dot(queries[q].Vector, vector));
            }
            for (var q = from; q < to; q++) results[q] = best[q - from].Results(_keys);
        });
        return results;
    }

    private void Check(FaceEmbedding query)
    {
        if (query.ModelVersion != ModelVersion)
            throw new InvalidOperationException($"Cannot search '{ModelVersion}' embeddings with a '{query.ModelVersion}' query.");
    }

    /// <summary>The k best rows seen so far, kept in a min-heap so each offer costs O(log k) at worst.</summary>
    private sealed class TopK(int k)
    {
        private readonly PriorityQueue<int, float> _heap = new(Math.Max(k, 1) + 1);

        public void Offer(int row, float similarity)
        {
            if (k <= 0) return;
            if (_heap.Count < k) _heap.Enqueue(row, similarity);
            else if (_heap.TryPeek(out _, out var worst) && similarity > worst) _heap.EnqueueDequeue(row, similarity);
        }

        public IReadOnlyList<FaceMatch<TKey>> Results(List<TKey> keys)
        {
            var matches = new List<FaceMatch<TKey>>(_heap.Count);
            while (_heap.TryDequeue(out var row, out var similarity)) matches.Add(new FaceMatch<TKey>(keys[row], similarity));
            matches.Reverse();
            return matches;
        }
    }
}
