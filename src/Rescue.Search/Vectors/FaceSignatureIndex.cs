using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rescue.Search.Vectors;

/// <summary>
/// The exact in-memory index of face signatures: top k faces (or records) by cosine for a query face, filtered by
/// the records' kind, status, sex and birth years, equal to a brute-force float scan.
/// </summary>
/// <remarks>
/// A query scans int8 codes of the faces its filter admits (both cores, blocks of rows), keeps per worker the
/// candidates with the highest upper bound on their exact score (<see cref="SignatureCodes"/> derives the bound),
/// re-ranks those with float signatures, and accepts the result only if its k-th exact score is above the upper
/// bound of every face it did not re-rank. Otherwise it scans again keeping every face whose upper bound reaches
/// that k-th score, which is a lower bound on the true k-th: the second scan is always exact.
///
/// Concurrency: one <see cref="ReaderWriterLockSlim"/>. Queries hold the read lock for their whole scan and run
/// side by side; a write (O(1): an append, an in-place overwrite, or a swap-remove of the last row into the hole)
/// takes the write lock, so the next query sees it and no query ever sees a half-written row. Copy-on-write
/// segments would spare the writer its wait, but a swap-remove rewrites a row a running scan may be reading, so
/// they would need whole-segment copies (40 MB) per removal or tombstones and compaction. Writers here are one
/// background loop following the outbox: waiting for one query (tens of milliseconds) costs it nothing.
/// </remarks>
public sealed class FaceSignatureIndex : IDisposable
{
    /// <summary>Rows per segment: storage grows a segment at a time, so adding never copies the index.</summary>
    private const int SegmentShift = 14;
    private const int SegmentRows = 1 << SegmentShift;

    /// <summary>Rows per unit of parallel work: enough blocks to balance two cores, few enough to cost nothing.</summary>
    private const int BlockRows = 4096;

    private const int Dimensions = SignatureCodes.Dimensions;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Segment> _segments = [];
    private readonly Dictionary<Guid, int> _rowOfSignature = [];
    private readonly Dictionary<Guid, List<Guid>> _signaturesOfRecord = [];
    private readonly int _oversample;
    private int _count;
    private long _rescans;

    /// <param name="oversample">
    /// Candidates each worker keeps, as a multiple of k, before the float re-rank. More makes the exactness check
    /// pass more often at the cost of re-ranking more; the result is exact either way.
    /// </param>
    public FaceSignatureIndex(int oversample = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oversample, 1);
        _oversample = oversample;
    }

    /// <summary>Bytes the index holds per face: codes, float signature, bound terms, attributes, ids and lookups.</summary>
    public static int BytesPerFace =>
        Dimensions // int8 codes
        + Dimensions * sizeof(float) // float signature for the re-rank
        + Unsafe.SizeOf<CodeScale>()
        + Unsafe.SizeOf<PackedRecord>()
        + 2 * 16 // signature id, record id
        + 40 // Dictionary<Guid, int> entry and bucket
        + 24; // the record's share of its Dictionary<Guid, List<Guid>> entry, list and slot

    /// <summary>How many faces the index holds.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Bytes allocated by the index's storage and lookups (segments are allocated whole).</summary>
    public long MemoryBytes
    {
        get
        {
            _lock.EnterReadLock();
            try { return (long)_segments.Count * SegmentRows * (BytesPerFace - 64) + (long)_count * 64; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>
    /// Queries whose first pass could not prove its top k and scanned again: how often the oversampling falls
    /// short, for tuning and benchmarks (the results are exact either way).
    /// </summary>
    public long Rescans => Interlocked.Read(ref _rescans);

    /// <summary>Whether a signature is in the index.</summary>
    public bool Contains(Guid signatureId)
    {
        _lock.EnterReadLock();
        try { return _rowOfSignature.ContainsKey(signatureId); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Adds a face signature (512 floats, L2-normalised), or replaces the signature and record of one already
    /// indexed under the same id.
    /// </summary>
    public void Upsert(Guid signatureId, FaceRecord record, ReadOnlySpan<float> signature)
    {
        Span<sbyte> codes = stackalloc sbyte[Dimensions];
        var scale = Encode(signature, codes);
        _lock.EnterWriteLock();
        try
        {
            Store(signatureId, record, signature, codes, scale);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds or replaces many face signatures, as loading a side at start does: they are checked and encoded on every
    /// core, then stored in order under one write lock. The same as upserting each in turn.
    /// </summary>
    public void UpsertMany(IReadOnlyList<(Guid SignatureId, FaceRecord Record, float[] Signature)> faces)
    {
        ArgumentNullException.ThrowIfNull(faces);
        const int Chunk = 65_536;
        var codes = new sbyte[Math.Min(Chunk, faces.Count) * Dimensions];
        var scales = new CodeScale[Math.Min(Chunk, faces.Count)];
        for (var start = 0; start < faces.Count; start += Chunk)
        {
            var count = Math.Min(Chunk, faces.Count - start);
            Parallel.For(0, count, i => scales[i] = Encode(faces[start + i].Signature, codes.AsSpan(i * Dimensions, Dimensions)));
            _lock.EnterWriteLock();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var (signatureId, record, signature) = faces[start + i];
                    Store(signatureId, record, signature, codes.AsSpan(i * Dimensions, Dimensions), scales[i]);
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
    }

    /// <summary>Checks a signature and writes its int8 codes; returns their scale.</summary>
    private static CodeScale Encode(ReadOnlySpan<float> signature, Span<sbyte> codes)
    {
        if (signature.Length != Dimensions)
            throw new ArgumentException($"A face signature has {Dimensions} dimensions, not {signature.Length}.", nameof(signature));
        // The bound and the meaning of a score (cosine = dot product) both rest on unit length.
        var norm = MathF.Sqrt(SignatureCodes.Similarity(signature, signature));
        if (!(MathF.Abs(norm - 1) <= 1e-3f))
            throw new ArgumentException($"A face signature must be L2-normalised; this one has length {norm}.", nameof(signature));
        var (scale, residualNorm, codeNorm) = SignatureCodes.EncodeStored(signature, codes);
        return new CodeScale(scale, residualNorm, codeNorm);
    }

    /// <summary>Stores an encoded signature in its row (a new one, or the one it had); the caller holds the write lock.</summary>
    private void Store(Guid signatureId, FaceRecord record, ReadOnlySpan<float> signature, ReadOnlySpan<sbyte> codes, CodeScale scale)
    {
        if (_rowOfSignature.TryGetValue(signatureId, out var row))
        {
            var previous = RecordIdAt(row);
            if (previous != record.RecordId)
            {
                ForgetSignatureOfRecord(previous, signatureId);
                RememberSignatureOfRecord(record.RecordId, signatureId);
            }
        }
        else
        {
            row = _count;
            if (row >> SegmentShift == _segments.Count) _segments.Add(new Segment());
            _rowOfSignature.Add(signatureId, row);
            RememberSignatureOfRecord(record.RecordId, signatureId);
            _count++;
        }
        var segment = _segments[row >> SegmentShift];
        var at = row & (SegmentRows - 1);
        codes.CopyTo(segment.Codes.AsSpan(at * Dimensions, Dimensions));
        signature.CopyTo(segment.Signatures.AsSpan(at * Dimensions, Dimensions));
        segment.Scales[at] = scale;
        segment.Records[at] = PackedRecord.From(record);
        segment.SignatureIds[at] = signatureId;
        segment.RecordIds[at] = record.RecordId;
    }

    /// <summary>Changes the attributes of every face of a record (e.g. a notice closing); returns how many.</summary>
    public int UpdateRecord(FaceRecord record)
    {
        var packed = PackedRecord.From(record);
        _lock.EnterWriteLock();
        try
        {
            if (!_signaturesOfRecord.TryGetValue(record.RecordId, out var signatures)) return 0;
            foreach (var signatureId in signatures)
            {
                var row = _rowOfSignature[signatureId];
                _segments[row >> SegmentShift].Records[row & (SegmentRows - 1)] = packed;
            }
            return signatures.Count;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a face signature; the next query cannot return it. Returns whether it was indexed.</summary>
    public bool Remove(Guid signatureId)
    {
        _lock.EnterWriteLock();
        try { return RemoveLocked(signatureId); }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Removes every face of a record (its identity established, its notice closed); returns how many.</summary>
    public int RemoveRecord(Guid recordId)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_signaturesOfRecord.TryGetValue(recordId, out var signatures)) return 0;
            var removed = 0;
            foreach (var signatureId in signatures.ToArray())
                if (RemoveLocked(signatureId)) removed++;
            return removed;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The k faces most similar to <paramref name="face"/> among those the filter admits, best first.</summary>
    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> face, FaceFilter filter, int k) =>
        Search(face, filter, k, bestFacePerRecord: false);

    /// <summary>
    /// The k records whose best face is most similar to <paramref name="face"/> among those the filter admits,
    /// each given by its best face, best first.
    /// </summary>
    public IReadOnlyList<FaceMatch> SearchRecords(ReadOnlySpan<float> face, FaceFilter filter, int k) =>
        Search(face, filter, k, bestFacePerRecord: true);

    public void Dispose() => _lock.Dispose();

    /// <summary>The order of every result: higher score first, then the signature id, so ties are repeatable.</summary>
    public static int Compare(FaceMatch a, FaceMatch b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : a.SignatureId.CompareTo(b.SignatureId);
    }

    private IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> face, FaceFilter filter, int k, bool bestFacePerRecord)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentNullException.ThrowIfNull(filter);
        if (face.Length != Dimensions)
            throw new ArgumentException($"A face signature has {Dimensions} dimensions, not {face.Length}.", nameof(face));
        if (k == 0) return [];
        var query = new Query(face, filter);

        _lock.EnterReadLock();
        try
        {
            // Several faces of one record take one result between them, so a per-record query keeps more.
            var capacity = checked(k * _oversample * (bestFacePerRecord ? 2 : 1));
            while (true)
            {
                var candidates = Scan(query, capacity, float.NegativeInfinity);
                if (Rerank(candidates, query, k, bestFacePerRecord, out var kth) is { } exact) return exact;
                Interlocked.Increment(ref _rescans);
                if (kth is { } lowerBound)
                {
                    // Every face that can beat the k-th score found so far has an upper bound reaching it.
                    candidates = Scan(query, int.MaxValue, lowerBound);
                    return Rerank(candidates, query, k, bestFacePerRecord, out _)
                        ?? throw new InvalidOperationException("The threshold scan of the face index was not exact.");
                }
                // Fewer than k distinct results among the candidates: keep more (rare, many faces per record).
                capacity = checked(capacity * 4);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Re-ranks candidates with float signatures. Returns the top k, or null when a face left out of the re-rank
    /// could still belong in it; then <paramref name="kth"/> is the k-th exact score found, if there are k.
    /// </summary>
    private FaceMatch[]? Rerank(ScanResult scan, Query query, int k, bool bestFacePerRecord, out float? kth)
    {
        var matches = new List<FaceMatch>(scan.Candidates.Count);
        foreach (var candidate in scan.Candidates)
        {
            var row = candidate.Row;
            var segment = _segments[row >> SegmentShift];
            var at = row & (SegmentRows - 1);
            var score = SignatureCodes.Similarity(ref segment.Signatures[at * Dimensions], ref query.Face[0]);
            matches.Add(new FaceMatch(segment.SignatureIds[at], segment.RecordIds[at], score));
        }
        matches.Sort(Compare);
        if (bestFacePerRecord)
        {
            var seen = new HashSet<Guid>();
            matches = matches.Where(m => seen.Add(m.RecordId)).ToList();
        }

        if (matches.Count < k)
        {
            kth = null;
            return scan.RejectedMax == float.NegativeInfinity ? [.. matches] : null;
        }
        kth = matches[k - 1].Score;
        // Strictly above: a face scoring exactly the k-th could still win the tie on its id.
        return kth > scan.RejectedMax ? [.. matches.Take(k)] : null;
    }

    private ScanResult Scan(Query query, int capacity, float threshold)
    {
        var count = _count;
        var blocks = (count + BlockRows - 1) / BlockRows;
        var collectors = new List<Collector>();
        Parallel.For(
            0,
            blocks,
            () => new Collector(capacity, threshold),
            (block, _, collector) =>
            {
                ScanBlock(query, block * BlockRows, Math.Min(count, (block + 1) * BlockRows), collector);
                return collector;
            },
            collector =>
            {
                lock (collectors) collectors.Add(collector);
            });

        var result = new ScanResult([], float.NegativeInfinity);
        foreach (var collector in collectors)
        {
            collector.CopyTo(result.Candidates);
            result.RejectedMax = MathF.Max(result.RejectedMax, collector.RejectedMax);
        }
        return result;
    }

    private void ScanBlock(Query query, int start, int end, Collector collector)
    {
        var segment = _segments[start >> SegmentShift];
        var first = start & (SegmentRows - 1);
        var last = first + (end - start);
        var records = segment.Records;
        var scales = segment.Scales;
        ref var codes = ref MemoryMarshal.GetArrayDataReference(segment.Codes);
        ref var queryCodes = ref MemoryMarshal.GetArrayDataReference(query.Codes);
        var admitted = query.AdmittedFlags;
        var (bornFrom, bornTo) = (query.BornFrom, query.BornTo);
        var baseRow = start - first;

        // Filter first into a list of admitted rows without branching: at 50% selectivity a branch per row
        // mispredicts half the time, which cost more than reading every code.
        Span<int> admittedRows = stackalloc int[BlockRows];
        var admittedCount = 0;
        for (var at = first; at < last; at++)
        {
            var record = records[at];
            admittedRows[admittedCount] = at;
            admittedCount += (admitted[record.Flags] & record.BornFrom <= bornTo & record.BornTo >= bornFrom) ? 1 : 0;
        }

        foreach (var at in admittedRows[..admittedCount])
        {
            var dot = SignatureCodes.Dot(ref Unsafe.Add(ref codes, at * Dimensions), ref queryCodes);
            var scale = scales[at];
            var upper = scale.Scale * query.Scale * dot
                + (scale.ResidualNorm * query.Norm + scale.CodeNorm * query.ResidualNorm + SignatureCodes.RoundingSlack);
            collector.Add(upper, baseRow + at);
        }
    }

    private bool RemoveLocked(Guid signatureId)
    {
        if (!_rowOfSignature.Remove(signatureId, out var row)) return false;
        ForgetSignatureOfRecord(RecordIdAt(row), signatureId);
        var last = _count - 1;
        if (row != last)
        {
            // Swap-remove: the last row fills the hole, so rows stay dense and the scan needs no tombstones.
            var from = _segments[last >> SegmentShift];
            var to = _segments[row >> SegmentShift];
            var (f, t) = (last & (SegmentRows - 1), row & (SegmentRows - 1));
            Array.Copy(from.Codes, f * Dimensions, to.Codes, t * Dimensions, Dimensions);
            Array.Copy(from.Signatures, f * Dimensions, to.Signatures, t * Dimensions, Dimensions);
            to.Scales[t] = from.Scales[f];
            to.Records[t] = from.Records[f];
            to.SignatureIds[t] = from.SignatureIds[f];
            to.RecordIds[t] = from.RecordIds[f];
            _rowOfSignature[to.SignatureIds[t]] = row;
        }
        _count = last;
        // Keep one spare segment so a remove-add cycle at a boundary does not allocate each time.
        while (_segments.Count > (_count >> SegmentShift) + 2) _segments.RemoveAt(_segments.Count - 1);
        return true;
    }

    private Guid RecordIdAt(int row) => _segments[row >> SegmentShift].RecordIds[row & (SegmentRows - 1)];

    private void RememberSignatureOfRecord(Guid recordId, Guid signatureId)
    {
        if (!_signaturesOfRecord.TryGetValue(recordId, out var signatures))
            _signaturesOfRecord[recordId] = signatures = new List<Guid>(1);
        signatures.Add(signatureId);
    }

    private void ForgetSignatureOfRecord(Guid recordId, Guid signatureId)
    {
        var signatures = _signaturesOfRecord[recordId];
        signatures.Remove(signatureId);
        if (signatures.Count == 0) _signaturesOfRecord.Remove(recordId);
    }

    /// <summary>A face's scale and the two norms of its error bound, read together for each admitted face.</summary>
    private readonly record struct CodeScale(float Scale, float ResidualNorm, float CodeNorm);

    private readonly record struct Candidate(float Upper, int Row);

    private sealed class ScanResult(List<Candidate> candidates, float rejectedMax)
    {
        public List<Candidate> Candidates { get; } = candidates;

        /// <summary>The highest upper bound among admitted faces not kept: no face left out can score more.</summary>
        public float RejectedMax { get; set; } = rejectedMax;
    }

    /// <summary>Column-wise storage of <see cref="SegmentRows"/> faces.</summary>
    private sealed class Segment
    {
        public sbyte[] Codes { get; } = new sbyte[SegmentRows * Dimensions];
        public float[] Signatures { get; } = new float[SegmentRows * Dimensions];
        public CodeScale[] Scales { get; } = new CodeScale[SegmentRows];
        public PackedRecord[] Records { get; } = new PackedRecord[SegmentRows];
        public Guid[] SignatureIds { get; } = new Guid[SegmentRows];
        public Guid[] RecordIds { get; } = new Guid[SegmentRows];
    }

    /// <summary>A query face in the forms the scan and the re-rank read, and its filter as packed comparisons.</summary>
    private sealed class Query
    {
        public Query(ReadOnlySpan<float> face, FaceFilter filter)
        {
            Face = face.ToArray();
            (Scale, Norm, ResidualNorm) = SignatureCodes.EncodeQuery(face, Codes);
            AdmittedFlags = PackedRecord.AdmittedFlags(filter);
            BornFrom = PackedRecord.Year(filter.BornFrom, short.MinValue);
            BornTo = PackedRecord.Year(filter.BornTo, short.MaxValue);
        }

        public float[] Face { get; }
        public short[] Codes { get; } = new short[Dimensions];
        public float Scale { get; }
        public float Norm { get; }
        public float ResidualNorm { get; }
        public bool[] AdmittedFlags { get; }
        public short BornFrom { get; }
        public short BornTo { get; }
    }

    /// <summary>One worker's best candidates by upper bound (a min-heap), or every face above a threshold.</summary>
    private sealed class Collector(int capacity, float threshold)
    {
        private readonly List<Candidate> _kept = [];

        public float RejectedMax { get; private set; } = float.NegativeInfinity;

        public void Add(float upper, int row)
        {
            if (upper < threshold)
            {
                RejectedMax = MathF.Max(RejectedMax, upper);
                return;
            }
            if (_kept.Count < capacity)
            {
                _kept.Add(new Candidate(upper, row));
                SiftUp(_kept.Count - 1);
                return;
            }
            if (upper <= _kept[0].Upper)
            {
                RejectedMax = MathF.Max(RejectedMax, upper);
                return;
            }
            RejectedMax = MathF.Max(RejectedMax, _kept[0].Upper);
            _kept[0] = new Candidate(upper, row);
            SiftDown(0);
        }

        public void CopyTo(List<Candidate> candidates) => candidates.AddRange(_kept);

        private void SiftUp(int i)
        {
            // Unbounded (threshold) collection never evicts, so it needs no heap order.
            if (capacity == int.MaxValue) return;
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (_kept[parent].Upper <= _kept[i].Upper) return;
                (_kept[parent], _kept[i]) = (_kept[i], _kept[parent]);
                i = parent;
            }
        }

        private void SiftDown(int i)
        {
            while (true)
            {
                var smallest = i;
                var (left, right) = (2 * i + 1, 2 * i + 2);
                if (left < _kept.Count && _kept[left].Upper < _kept[smallest].Upper) smallest = left;
                if (right < _kept.Count && _kept[right].Upper < _kept[smallest].Upper) smallest = right;
                if (smallest == i) return;
                (_kept[smallest], _kept[i]) = (_kept[i], _kept[smallest]);
                i = smallest;
            }
        }
    }
}
