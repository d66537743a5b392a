using System.Numerics.Tensors;
using Rescue.Search.Scoring;
using Rescue.Search.Vectors;

namespace Rescue.Search.Matching;

/// <summary>What the engine does besides holding records: how it scores, its candidate budget and its sources.</summary>
public sealed record MatchEngineOptions
{
    /// <summary>The defaults: the default scorer, budget and every source.</summary>
    public static MatchEngineOptions Default { get; } = new();

    public MatchScorer Scorer { get; init; } = MatchScorer.Default;

    public CandidateBudget Budget { get; init; } = CandidateBudget.Default;

    /// <summary>The sources candidates are gathered from; an evaluation leaves one out to measure what it adds.</summary>
    public CandidateSources Sources { get; init; } = CandidateSources.All;

    /// <summary>
    /// The day ages are reckoned at, for the birth-year tolerance of a query. The app passes the station's date
    /// (StationClock.Today) and an evaluation its population's date; the default, for tools, is the machine's.
    /// </summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
}

/// <summary>
/// The in-memory two-way matching engine: holds open notices and people at the station, and for either finds the
/// best-scoring records of the other side. Candidates are gathered from the face index, from name-key, place and
/// mark indexes and, for small collections, a sample of records whose sex and birth years fit; only they are scored.
/// </summary>
/// <remarks>
/// Scoring every record would cost seconds a query at a million notices; the sources bound a query to at most
/// <see cref="CandidateBudget"/>'s few hundred pairs. The face index holds both sides' signatures (by kind); the
/// engine keeps its own copy of each signature as well, to compute the exact cosine of a pair found by a name or a
/// place (the index does not hand its floats out). Thread-safe: queries share a read lock, changes take the write lock.
/// </remarks>
public sealed class MatchEngine : IDisposable
{
    private readonly MatchEngineOptions _options;
    private readonly FaceSignatureIndex _faces = new();
    private readonly Side<MatchNotice> _notices = new();
    private readonly Side<MatchPerson> _people = new();
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public MatchEngine(MatchEngineOptions? options = null) => _options = options ?? MatchEngineOptions.Default;

    public MatchEngineOptions Options => _options;

    /// <summary>The face index of both sides, for benchmarks and tools that query it directly; the engine alone writes it.</summary>
    public FaceSignatureIndex Faces => _faces;

    /// <summary>Open notices held.</summary>
    public int NoticeCount => Read(() => _notices.Count);

    /// <summary>People held.</summary>
    public int PersonCount => Read(() => _people.Count);

    /// <summary>Adds a notice, or replaces what the engine holds for it (its text and its faces).</summary>
    public void Upsert(MatchNotice notice)
    {
        var prepared = Prepare(notice);
        Write(() => Put(_notices, prepared));
    }

    /// <summary>Adds a person, or replaces what the engine holds for them.</summary>
    public void Upsert(MatchPerson person)
    {
        var prepared = Prepare(person);
        Write(() => Put(_people, prepared));
    }

    /// <summary>
    /// Adds or replaces many notices, as the load at start does: their keys are derived on every core, then they go
    /// in, in the list's order, under one write lock. The same as upserting each in turn.
    /// </summary>
    public void Upsert(IReadOnlyList<MatchNotice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        var prepared = new Prepared<MatchNotice>[notices.Count];
        Parallel.For(0, notices.Count, i => prepared[i] = Prepare(notices[i]));
        Write(() => PutMany(_notices, prepared));
    }

    /// <summary>Adds or replaces many people, as <see cref="Upsert(IReadOnlyList{MatchNotice})"/> does notices.</summary>
    public void Upsert(IReadOnlyList<MatchPerson> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        var prepared = new Prepared<MatchPerson>[people.Count];
        Parallel.For(0, people.Count, i => prepared[i] = Prepare(people[i]));
        Write(() => PutMany(_people, prepared));
    }

    /// <summary>What the engine holds for a notice, derived outside the lock.</summary>
    private static Prepared<MatchNotice> Prepare(MatchNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var (bornFrom, bornTo) = BirthYears.OfNotice(notice.Side);
        var entry = new Entry<MatchNotice>(notice, ToRecordSex(notice.Side.Sex), bornFrom, bornTo,
            [.. notice.Faces.Select(f => f.Signature)]);
        return new Prepared<MatchNotice>(
            notice.Id,
            entry,
            NameKeys.Of([notice.Side.Name, .. notice.Side.OtherNames]).ToList(),
            PlaceKeys.Of([notice.Side.Hometown, notice.Side.LastSeenPlace]).ToList(),
            MarkKeys.Of(notice.Side.Marks).ToList(),
            new FaceRecord(notice.Id, RecordKind.Notice, RecordStatus.Open, entry.Sex, bornFrom, bornTo),
            [.. notice.Faces.Select(f => (f.SignatureId, f.Signature))]);
    }

    /// <summary>What the engine holds for a person, derived outside the lock.</summary>
    private static Prepared<MatchPerson> Prepare(MatchPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var (bornFrom, bornTo) = BirthYears.OfPerson(person.Side);
        var entry = new Entry<MatchPerson>(person, ToRecordSex(person.Side.Sex), bornFrom, bornTo,
            [.. person.Faces.Select(f => f.Signature)]);
        return new Prepared<MatchPerson>(
            person.Id,
            entry,
            NameKeys.Of([person.Side.Name, .. person.Side.Aliases]).ToList(),
            PlaceKeys.Of([person.Side.HukouPlace, person.Side.FoundPlace]).ToList(),
            MarkKeys.Of(person.Side.Marks).ToList(),
            new FaceRecord(person.Id, RecordKind.Admission, RecordStatus.Open, entry.Sex, bornFrom, bornTo),
            [.. person.Faces.Select(f => (f.SignatureId, f.Signature))]);
    }

    /// <summary>Puts a prepared record in; the caller holds the write lock.</summary>
    private void Put<T>(Side<T> side, Prepared<T> prepared)
        where T : class
    {
        RemoveFaces(side, prepared.Id);
        side.Set(prepared.Entry, prepared.Names, prepared.Places, prepared.Marks);
        foreach (var (signatureId, signature) in prepared.Faces) _faces.Upsert(signatureId, prepared.Record, signature);
    }

    /// <summary>
    /// Puts many prepared records in, as <see cref="Put"/> does each: the records, each key index and the faces are
    /// separate structures, so they are filled side by side. The caller holds the write lock.
    /// </summary>
    private void PutMany<T>(Side<T> side, Prepared<T>[] prepared)
        where T : class
    {
        foreach (var p in prepared) RemoveFaces(side, p.Id);
        List<(Guid, FaceRecord, float[])> faces = [.. prepared.SelectMany(p => p.Faces.Select(f => (f.SignatureId, p.Record, f.Signature)))];
        Parallel.Invoke(
            () =>
            {
                foreach (var p in prepared)
                {
                    side.SetEntry(p.Entry);
                    side.Names.Set(p.Id, p.Names);
                }
            },
            () => Array.ForEach(prepared, p => side.Places.Set(p.Id, p.Places)),
            () => Array.ForEach(prepared, p => side.Marks.Set(p.Id, p.Marks)),
            () => _faces.UpsertMany(faces));
    }

    /// <summary>Removes a notice (closed, withdrawn); the next query cannot return it. Returns whether it was held.</summary>
    public bool RemoveNotice(Guid id) => Write(() =>
    {
        RemoveFaces(_notices, id);
        return _notices.Remove(id);
    });

    /// <summary>Removes a person (identity established, left); the next query cannot return them.</summary>
    public bool RemovePerson(Guid id) => Write(() =>
    {
        RemoveFaces(_people, id);
        return _people.Remove(id);
    });

    /// <summary>The k best notices for a person (held or not), best first; excluded pairs are left out.</summary>
    public IReadOnlyList<ScoredCandidate> CandidatesFor(MatchPerson person, int k)
    {
        ArgumentNullException.ThrowIfNull(person);
        var query = QueryOf(person);
        return Read(() =>
        {
            var found = Gather(_notices, RecordKind.Notice, query);
            var scored = new List<ScoredCandidate>(found.Count);
            foreach (var (id, sources) in found)
            {
                var notice = _notices.Entries[id].Record;
                var score = _options.Scorer.Score(notice.Side, person.Side, Compare(notice, person));
                if (!score.IsExcluded) scored.Add(new ScoredCandidate(id, person.Id, score, sources));
            }
            return Best(scored, k, c => c.NoticeId);
        });
    }

    /// <summary>The k best people for a notice (held or not), best first; excluded pairs are left out.</summary>
    public IReadOnlyList<ScoredCandidate> CandidatesFor(MatchNotice notice, int k)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var (bornFrom, bornTo) = BirthYears.OfNotice(notice.Side);
        var query = new Query(ToRecordSex(notice.Side.Sex), bornFrom, bornTo, BirthYears.AgeOf(bornFrom, bornTo, _options.Today),
            [.. notice.Faces.Select(f => f.Signature)], notice.Id,
            NameKeys.Of([notice.Side.Name, .. notice.Side.OtherNames]),
            [.. PlaceKeys.Of([notice.Side.Hometown], tier: 0), .. PlaceKeys.Of([notice.Side.LastSeenPlace], tier: 1)],
            MarkKeys.Of(notice.Side.Marks));
        return Read(() =>
        {
            var found = Gather(_people, RecordKind.Admission, query);
            var scored = new List<ScoredCandidate>(found.Count);
            foreach (var (id, sources) in found)
            {
                var person = _people.Entries[id].Record;
                var score = _options.Scorer.Score(notice.Side, person.Side, Compare(notice, person));
                if (!score.IsExcluded) scored.Add(new ScoredCandidate(notice.Id, id, score, sources));
            }
            return Best(scored, k, c => c.PersonId);
        });
    }

    /// <summary>
    /// Earlier visits: the k people held (other than <paramref name="person"/> and those <paramref name="exclude"/>
    /// names, such as the same Person's other stays) who may be the same person come back, best first. Each earlier
    /// record is scored as a notice that says where and when they were last seen: at their own admission, with their
    /// told names, hukou place and dialect, and their photos' dates for the face's age gap.
    /// </summary>
    /// <returns>Candidates whose <see cref="ScoredCandidate.NoticeId"/> is the earlier person's id.</returns>
    public IReadOnlyList<ScoredCandidate> EarlierVisitsOf(MatchPerson person, int k, Func<Guid, bool>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        var query = QueryOf(person);
        return Read(() =>
        {
            var found = Gather(_people, RecordKind.Admission, query);
            var scored = new List<ScoredCandidate>(found.Count);
            foreach (var (id, sources) in found)
            {
                if (id == person.Id || exclude?.Invoke(id) == true) continue;
                var earlier = AsEarlierVisit(_people.Entries[id].Record);
                var score = _options.Scorer.Score(earlier.Side, person.Side, Compare(earlier, person));
                if (!score.IsExcluded) scored.Add(new ScoredCandidate(id, person.Id, score, sources));
            }
            return Best(scored, k, c => c.NoticeId);
        });
    }

    /// <summary>The notice held with this id, if any.</summary>
    public MatchNotice? Notice(Guid id) => Read(() => _notices.Entries.TryGetValue(id, out var entry) ? entry.Record : null);

    /// <summary>The person held with this id, if any.</summary>
    public MatchPerson? Person(Guid id) => Read(() => _people.Entries.TryGetValue(id, out var entry) ? entry.Record : null);

    /// <summary>The score of one pair, whether or not the sources would find it; null when either is not held.</summary>
    public MatchScore? Score(Guid noticeId, Guid personId) => Read(() =>
        _notices.Entries.TryGetValue(noticeId, out var notice) && _people.Entries.TryGetValue(personId, out var person)
            ? _options.Scorer.Score(notice.Record.Side, person.Record.Side, Compare(notice.Record, person.Record))
            : null);

    /// <summary>The score of an earlier visit against a later one (see <see cref="EarlierVisitsOf"/>); null when either is not held.</summary>
    public MatchScore? ScoreVisits(Guid earlierId, Guid laterId) => Read(() =>
    {
        if (!_people.Entries.TryGetValue(earlierId, out var earlier) || !_people.Entries.TryGetValue(laterId, out var later)) return null;
        var asNotice = AsEarlierVisit(earlier.Record);
        return _options.Scorer.Score(asNotice.Side, later.Record.Side, Compare(asNotice, later.Record));
    });

    /// <summary>An earlier stay read as a notice: last seen where and when they were found, at the age estimated then.</summary>
    private static MatchNotice AsEarlierVisit(MatchPerson earlier)
    {
        var side = earlier.Side;
        var seenOn = side.AgeEstimatedOn ?? side.FoundOn;
        int? age = side.EstimatedAgeMin is { } min && side.EstimatedAgeMax is { } max ? (min + max) / 2 : side.EstimatedAgeMin ?? side.EstimatedAgeMax;
        var notice = new NoticeSide
        {
            Name = side.Name,
            OtherNames = side.Aliases,
            Sex = side.Sex,
            DateOfBirth = side.DateOfBirth is { } born ? new BirthDate(born.Year, born.Month, born.Day) : null,
            AgeAtDisappearance = side.DateOfBirth is null ? age : null,
            LastSeenOn = side.FoundOn ?? seenOn,
            LastSeenPlace = side.FoundPlace,
            Hometown = side.HukouPlace,
            Dialect = side.Dialect,
            HeightCm = side.HeightCm,
            Marks = side.Marks,
            Disabilities = side.ObservedDisabilities,
        };
        return new MatchNotice(earlier.Id, notice, [.. earlier.Faces.Select(f => new NoticeFace(f.SignatureId, f.Signature, f.TakenOn?.Year))]);
    }

    public void Dispose()
    {
        _faces.Dispose();
        _lock.Dispose();
    }

    /// <summary>
    /// The records of one side worth scoring for a query, with the sources that found each: faces first (exact,
    /// filtered in the scan), then names and places (strongest keys first, pre-filtered by sex and birth years),
    /// then, when that is little, a bounded sample of records whose sex and birth years fit.
    /// </summary>
    private Dictionary<Guid, CandidateSources> Gather<T>(Side<T> side, RecordKind kind, Query query)
        where T : class
    {
        var budget = _options.Budget;
        var sources = _options.Sources;
        var found = new Dictionary<Guid, CandidateSources>();
        void Found(Guid id, CandidateSources source) => found[id] = found.GetValueOrDefault(id) | source;

        var (from, to) = Window(query);
        if (sources.HasFlag(CandidateSources.Face) && query.Faces.Length > 0)
        {
            var filter = new FaceFilter { Kind = kind, Status = RecordStatus.Open, Sex = query.Sex, BornFrom = from, BornTo = to };
            foreach (var face in query.Faces)
                foreach (var match in _faces.SearchRecords(face, filter, budget.Faces)) Found(match.RecordId, CandidateSources.Face);
        }
        if (sources.HasFlag(CandidateSources.Name))
            Take(side.Names.Lookup(query.Names), budget.Names, CandidateSources.Name);
        if (sources.HasFlag(CandidateSources.Place))
            Take(side.Places.Lookup(query.Places), budget.Places, CandidateSources.Place);
        if (sources.HasFlag(CandidateSources.Marks))
            Take(side.Marks.Lookup(query.Marks), budget.Marks, CandidateSources.Marks);

        if (sources.HasFlag(CandidateSources.Attributes) && found.Count < budget.SampleWhenFewer && side.Count > 0)
        {
            // Start where the query's id points, so that different queries sample different records.
            var start = (int)((uint)query.Id.GetHashCode() % (uint)side.Count);
            var added = 0;
            for (var i = 0; i < Math.Min(side.Count, budget.SampleScanLimit) && added < budget.Sample; i++)
            {
                var id = side.Order[(start + i) % side.Count];
                if (!found.ContainsKey(id) && Fits(side.Entries[id]))
                {
                    Found(id, CandidateSources.Attributes);
                    added++;
                }
            }
        }
        return found;

        void Take(IEnumerable<Guid> ids, int most, CandidateSources source)
        {
            var taken = 0;
            foreach (var id in ids)
            {
                if (taken >= most) return;
                if (!Fits(side.Entries[id])) continue;
                Found(id, source);
                taken++;
            }
        }

        bool Fits(IEntry entry) =>
            (query.Sex == RecordSex.Unknown || entry.Sex == RecordSex.Unknown || entry.Sex == query.Sex)
            && (entry.BornFrom ?? int.MinValue) <= (to ?? int.MaxValue)
            && (entry.BornTo ?? int.MaxValue) >= (from ?? int.MinValue);
    }

    /// <summary>What a person searches with: sex, birth years, faces and their name, place and mark keys.</summary>
    private Query QueryOf(MatchPerson person)
    {
        var (bornFrom, bornTo) = BirthYears.OfPerson(person.Side);
        return new Query(ToRecordSex(person.Side.Sex), bornFrom, bornTo, BirthYears.AgeOf(bornFrom, bornTo, _options.Today),
            [.. person.Faces.Select(f => f.Signature)], person.Id,
            NameKeys.Of([person.Side.Name, .. person.Side.Aliases]), PersonPlaceKeys(person.Side), MarkKeys.Of(person.Side.Marks));
    }

    /// <summary>
    /// A person's place keys, most telling first: the told hukou place, then where they were found (most people are
    /// found near where they went missing), then the regions of the dialect heard.
    /// </summary>
    private static IEnumerable<RecordKey> PersonPlaceKeys(PersonSide person) =>
    [
        .. PlaceKeys.Of([person.HukouPlace], tier: 0),
        .. PlaceKeys.Of([person.FoundPlace], tier: 1),
        .. PlaceKeys.OfDialect(person.Dialect, tier: 3),
    ];

    /// <summary>The query's birth years widened by the tolerance for its age.</summary>
    private (int? From, int? To) Window(Query query)
    {
        var tolerance = (int)Math.Ceiling(_options.Budget.BirthYearTolerance + _options.Budget.BirthYearTolerancePerYearOfAge * (query.Age ?? 40));
        return (query.BornFrom - tolerance, query.BornTo + tolerance);
    }

    /// <summary>The best face comparison between a notice's photos and a person's, with when each was taken.</summary>
    private static FaceComparison? Compare(MatchNotice notice, MatchPerson person)
    {
        FaceComparison? best = null;
        foreach (var n in notice.Faces)
        {
            foreach (var p in person.Faces)
            {
                var cosine = TensorPrimitives.Dot<float>(n.Signature, p.Signature);
                if (best is null || cosine > best.Cosine) best = new FaceComparison(cosine, n.PhotoYear, p.TakenOn, p.AgeAtPhoto);
            }
        }
        return best;
    }

    private static List<ScoredCandidate> Best(List<ScoredCandidate> scored, int k, Func<ScoredCandidate, Guid> other)
    {
        // Ties broken by id so that the same records give the same order.
        scored.Sort((a, b) => b.Score.Total != a.Score.Total ? b.Score.Total.CompareTo(a.Score.Total) : other(a).CompareTo(other(b)));
        return scored.Count > k ? scored.GetRange(0, k) : scored;
    }

    private void RemoveFaces<T>(Side<T> side, Guid id)
        where T : class
    {
        if (side.Entries.ContainsKey(id)) _faces.RemoveRecord(id);
    }

    private static RecordSex ToRecordSex(RecordedSex sex) => sex switch
    {
        RecordedSex.Male => RecordSex.Male,
        RecordedSex.Female => RecordSex.Female,
        _ => RecordSex.Unknown,
    };

    private TResult Read<TResult>(Func<TResult> read)
    {
        _lock.EnterReadLock();
        try { return read(); }
        finally { _lock.ExitReadLock(); }
    }

    private void Write(Action write) => Write(() =>
    {
        write();
        return true;
    });

    private TResult Write<TResult>(Func<TResult> write)
    {
        _lock.EnterWriteLock();
        try { return write(); }
        finally { _lock.ExitWriteLock(); }
    }

    private sealed record Query(
        RecordSex Sex,
        int? BornFrom,
        int? BornTo,
        double? Age,
        float[][] Faces,
        Guid Id,
        IEnumerable<RecordKey> Names,
        IEnumerable<RecordKey> Places,
        IEnumerable<RecordKey> Marks);

    private interface IEntry
    {
        RecordSex Sex { get; }

        int? BornFrom { get; }

        int? BornTo { get; }
    }

    private sealed record Entry<T>(T Record, RecordSex Sex, int? BornFrom, int? BornTo, float[][] Faces) : IEntry;

    private sealed record Prepared<T>(
        Guid Id,
        Entry<T> Entry,
        List<RecordKey> Names,
        List<RecordKey> Places,
        List<RecordKey> Marks,
        FaceRecord Record,
        (Guid SignatureId, float[] Signature)[] Faces);

    /// <summary>One side's records, their keys, and a dense order for the attribute sample (swap-remove keeps it dense).</summary>
    private sealed class Side<T>
        where T : class
    {
        private readonly Dictionary<Guid, int> _position = [];

        public Dictionary<Guid, Entry<T>> Entries { get; } = [];

        public List<Guid> Order { get; } = [];

        public KeyIndex Names { get; } = new();

        public KeyIndex Places { get; } = new();

        public KeyIndex Marks { get; } = new();

        public int Count => Order.Count;

        public void Set(Entry<T> entry, IEnumerable<RecordKey> names, IEnumerable<RecordKey> places, IEnumerable<RecordKey> marks)
        {
            var id = SetEntry(entry);
            Names.Set(id, names);
            Places.Set(id, places);
            Marks.Set(id, marks);
        }

        /// <summary>Holds the record (not its keys); returns its id.</summary>
        public Guid SetEntry(Entry<T> entry)
        {
            var id = IdOf(entry.Record);
            if (!Entries.ContainsKey(id))
            {
                _position[id] = Order.Count;
                Order.Add(id);
            }
            Entries[id] = entry;
            return id;
        }

        public bool Remove(Guid id)
        {
            if (!Entries.Remove(id)) return false;
            Names.Remove(id);
            Places.Remove(id);
            Marks.Remove(id);
            _position.Remove(id, out var at);
            var last = Order[^1];
            Order.RemoveAt(Order.Count - 1);
            if (last != id)
            {
                Order[at] = last;
                _position[last] = at;
            }
            return true;
        }

        private static Guid IdOf(T record) => record switch
        {
            MatchNotice notice => notice.Id,
            MatchPerson person => person.Id,
            _ => throw new InvalidOperationException("not a record"),
        };
    }
}
