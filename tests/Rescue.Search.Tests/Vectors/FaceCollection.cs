using Rescue.Search.Vectors;

namespace Rescue.Search.Tests.Vectors;

/// <summary>Generated faces with records, and the brute-force float scan every index result is held against.</summary>
internal sealed class FaceCollection
{
    public List<(Guid SignatureId, FaceRecord Record, float[] Face)> Faces { get; } = [];

    public SyntheticFaces Generator { get; }

    public FaceCollection(int seed) => Generator = new SyntheticFaces(seed);

    /// <summary>
    /// Clustered faces: people with 1 to 6 photos each. Records: 10% admissions, 80% open, sex 10% unknown, 50%
    /// male, 40% female, birth years 1940–2019 with ranges up to 10 years wide and 5% unknown ends.
    /// </summary>
    public static FaceCollection Clustered(int count, int seed)
    {
        var collection = new FaceCollection(seed);
        var random = new Random(seed);
        for (var person = 0; collection.Faces.Count < count; person++)
        {
            var record = SyntheticFaces.RandomRecord(random);
            var centre = collection.Generator.Person(person);
            var photos = Math.Min(random.Next(1, 7), count - collection.Faces.Count);
            for (var photo = 0; photo < photos; photo++)
                collection.Faces.Add((SyntheticFaces.NewId(random), record, collection.Generator.Photo(centre, person, photo)));
        }
        return collection;
    }

    /// <summary>Uniformly random unit vectors (one group per person, so no two people are close).</summary>
    public static FaceCollection Uniform(int count, int seed)
    {
        var collection = new FaceCollection(seed);
        var random = new Random(seed);
        var uniform = new SyntheticFaces(seed, groups: 1, personSpread: 1000f);
        for (var i = 0; i < count; i++)
            collection.Faces.Add((SyntheticFaces.NewId(random), SyntheticFaces.RandomRecord(random), uniform.Person(i)));
        return collection;
    }

    public FaceSignatureIndex BuildIndex(int oversample = 4)
    {
        var index = new FaceSignatureIndex(oversample);
        foreach (var (id, record, face) in Faces) index.Upsert(id, record, face);
        return index;
    }

    /// <summary>Another photo of an indexed person: the query a real admission makes.</summary>
    public float[] QueryNear(int person) => Generator.Photo(Generator.Person(person), person, photo: 1000);

    public double Selectivity(FaceFilter filter) => Faces.Count(f => filter.Admits(f.Record)) / (double)Faces.Count;

    public static List<FaceMatch> BruteForce(IEnumerable<(Guid SignatureId, FaceRecord Record, float[] Face)> faces, float[] query, FaceFilter filter, int k) =>
        faces.Where(f => filter.Admits(f.Record))
            .Select(f => new FaceMatch(f.SignatureId, f.Record.RecordId, SignatureCodes.Similarity(f.Face, query)))
            .OrderByDescending(m => m.Score).ThenBy(m => m.SignatureId)
            .Take(k)
            .ToList();

    public static List<FaceMatch> BruteForceRecords(IEnumerable<(Guid SignatureId, FaceRecord Record, float[] Face)> faces, float[] query, FaceFilter filter, int k) =>
        faces.Where(f => filter.Admits(f.Record))
            .Select(f => new FaceMatch(f.SignatureId, f.Record.RecordId, SignatureCodes.Similarity(f.Face, query)))
            .OrderByDescending(m => m.Score).ThenBy(m => m.SignatureId)
            .DistinctBy(m => m.RecordId)
            .Take(k)
            .ToList();
}
