using Rescue.Search.Vectors;

namespace Rescue.Search.Tests.Vectors;

/// <summary>100,000 clustered faces, generated and indexed once for the tests that only query.</summary>
public sealed class ClusteredFacesFixture : IDisposable
{
    internal FaceCollection Faces { get; } = FaceCollection.Clustered(100_000, seed: 10);

    internal FaceSignatureIndex Index { get; }

    public ClusteredFacesFixture() => Index = Faces.BuildIndex();

    public void Dispose() => Index.Dispose();
}

public class FaceSignatureIndexTests(ClusteredFacesFixture fixture) : IClassFixture<ClusteredFacesFixture>
{
    /// <summary>Admissions, open, compatible with a woman born 2003–2004: about 0.5% of the faces.</summary>
    private static readonly FaceFilter HalfAPercent = new()
    {
        Kind = RecordKind.Admission,
        Status = RecordStatus.Open,
        Sex = RecordSex.Female,
        BornFrom = 2003,
        BornTo = 2004,
    };

    /// <summary>Open records compatible with a man: about half of the faces.</summary>
    private static readonly FaceFilter Half = new() { Status = RecordStatus.Open, Sex = RecordSex.Male };

    [Fact]
    public void Filtered_query_selecting_half_a_percent_of_100000_faces_returns_the_brute_force_top_k()
    {
        var selectivity = fixture.Faces.Selectivity(HalfAPercent);
        Assert.InRange(selectivity, 0.004, 0.006);
        AssertEqualsBruteForce(fixture.Faces, fixture.Index, HalfAPercent, k: 20, queries: 20);
    }

    [Fact]
    public void Filtered_query_selecting_half_of_100000_faces_returns_the_brute_force_top_k()
    {
        Assert.InRange(fixture.Faces.Selectivity(Half), 0.45, 0.55);
        AssertEqualsBruteForce(fixture.Faces, fixture.Index, Half, k: 20, queries: 20);
    }

    [Fact]
    public void Unfiltered_query_returns_the_brute_force_top_k() =>
        AssertEqualsBruteForce(fixture.Faces, fixture.Index, FaceFilter.Everything, k: 50, queries: 10);

    [Fact]
    public void Best_face_per_record_equals_the_brute_force_best_records()
    {
        var random = new Random(3);
        foreach (var filter in new[] { FaceFilter.Everything, Half, HalfAPercent })
        {
            for (var q = 0; q < 8; q++)
            {
                var query = fixture.Faces.QueryNear(random.Next(10_000));
                var expected = FaceCollection.BruteForceRecords(fixture.Faces.Faces, query, filter, 20);
                Assert.Equal(expected, fixture.Index.SearchRecords(query, filter, 20));
            }
        }
    }

    [Fact]
    public void Uniform_random_faces_return_the_brute_force_top_k()
    {
        var faces = FaceCollection.Uniform(30_000, seed: 4);
        using var index = faces.BuildIndex();
        var random = new Random(5);
        foreach (var filter in new[] { FaceFilter.Everything, Half, HalfAPercent })
        {
            for (var q = 0; q < 5; q++)
            {
                var query = faces.Faces[random.Next(faces.Faces.Count)].Face;
                Assert.Equal(FaceCollection.BruteForce(faces.Faces, query, filter, 20), index.Search(query, filter, 20));
            }
        }
    }

    [Fact]
    public void Too_few_candidates_for_the_bound_still_give_the_exact_top_k()
    {
        // With one candidate per k and worker the first pass rarely proves itself; the threshold scan must.
        var faces = FaceCollection.Clustered(20_000, seed: 6);
        using var index = faces.BuildIndex(oversample: 1);
        AssertEqualsBruteForce(faces, index, FaceFilter.Everything, k: 20, queries: 10);
        AssertEqualsBruteForce(faces, index, Half, k: 20, queries: 10);
    }

    [Fact]
    public void Asking_for_more_than_the_filter_admits_returns_every_admitted_face()
    {
        var filter = HalfAPercent with { Status = RecordStatus.Closed, BornFrom = 2005, BornTo = 2005 };
        var admitted = fixture.Faces.Faces.Count(f => filter.Admits(f.Record));
        Assert.InRange(admitted, 1, 400);
        var query = fixture.Faces.QueryNear(1);

        var found = fixture.Index.Search(query, filter, admitted + 100);

        Assert.Equal(admitted, found.Count);
        Assert.Equal(FaceCollection.BruteForce(fixture.Faces.Faces, query, filter, admitted + 100), found);
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        using var index = new FaceSignatureIndex();
        Assert.Empty(index.Search(fixture.Faces.QueryNear(1), FaceFilter.Everything, 20));
        Assert.Empty(index.SearchRecords(fixture.Faces.QueryNear(1), FaceFilter.Everything, 20));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void A_removed_face_is_not_returned_by_the_next_query()
    {
        var faces = FaceCollection.Clustered(40_000, seed: 7);
        using var index = faces.BuildIndex();
        var query = faces.QueryNear(0);
        var best = index.Search(query, FaceFilter.Everything, 1).Single();

        Assert.True(index.Remove(best.SignatureId));

        Assert.DoesNotContain(index.Search(query, FaceFilter.Everything, 20), m => m.SignatureId == best.SignatureId);
        Assert.False(index.Contains(best.SignatureId));
        Assert.False(index.Remove(best.SignatureId));
    }

    [Fact]
    public void Removing_many_faces_across_segments_leaves_the_exact_top_k_of_the_rest()
    {
        // Swap-removal moves rows between segments (16,384 rows each); the rest must still be found exactly.
        var faces = FaceCollection.Clustered(40_000, seed: 8);
        using var index = faces.BuildIndex();
        var random = new Random(8);
        var removed = faces.Faces.Where(_ => random.NextDouble() < 0.3).Select(f => f.SignatureId).ToHashSet();
        foreach (var id in removed) Assert.True(index.Remove(id));
        var rest = faces.Faces.Where(f => !removed.Contains(f.SignatureId)).ToList();

        Assert.Equal(rest.Count, index.Count);
        for (var q = 0; q < 10; q++)
        {
            var query = faces.QueryNear(random.Next(5000));
            Assert.Equal(FaceCollection.BruteForce(rest, query, Half, 20), index.Search(query, Half, 20));
        }
    }

    [Fact]
    public void Removing_a_record_removes_all_its_faces()
    {
        var faces = FaceCollection.Clustered(5_000, seed: 9);
        using var index = faces.BuildIndex();
        var query = faces.QueryNear(0);
        var record = index.Search(query, FaceFilter.Everything, 1).Single().RecordId;
        var ofRecord = faces.Faces.Count(f => f.Record.RecordId == record);

        Assert.Equal(ofRecord, index.RemoveRecord(record));

        Assert.DoesNotContain(index.Search(query, FaceFilter.Everything, 50), m => m.RecordId == record);
        Assert.Equal(faces.Faces.Count - ofRecord, index.Count);
    }

    [Fact]
    public void A_notice_closed_leaves_open_searches_at_once()
    {
        var faces = FaceCollection.Clustered(5_000, seed: 11);
        using var index = faces.BuildIndex();
        var open = new FaceFilter { Status = RecordStatus.Open };
        var query = faces.QueryNear(2);
        var best = index.Search(query, open, 1).Single();
        var record = faces.Faces.First(f => f.SignatureId == best.SignatureId).Record;

        index.UpdateRecord(record with { Status = RecordStatus.Closed });

        Assert.DoesNotContain(index.Search(query, open, 50), m => m.RecordId == record.RecordId);
        Assert.Contains(index.Search(query, FaceFilter.Everything, 50), m => m.RecordId == record.RecordId);
    }

    [Fact]
    public void A_replaced_signature_is_found_by_its_new_face_and_not_its_old()
    {
        var faces = FaceCollection.Clustered(5_000, seed: 12);
        using var index = faces.BuildIndex();
        var (id, record, old) = faces.Faces[100];
        var replacement = faces.Faces[4_000].Face;

        index.Upsert(id, record, replacement);

        Assert.Equal(5_000, index.Count);
        var byNew = index.Search(replacement, FaceFilter.Everything, 2);
        Assert.Contains(byNew, m => m.SignatureId == id);
        Assert.Equal(1f, byNew.First(m => m.SignatureId == id).Score, 1e-5f);
        var updated = faces.Faces.Select(f => f.SignatureId == id ? (id, record, replacement) : f).ToList();
        Assert.Equal(FaceCollection.BruteForce(updated, old, FaceFilter.Everything, 20), index.Search(old, FaceFilter.Everything, 20));
    }

    [Fact]
    public void A_signature_that_is_not_normalised_is_refused()
    {
        using var index = new FaceSignatureIndex();
        var face = fixture.Faces.QueryNear(1).Select(x => x * 2).ToArray();
        var record = new FaceRecord(Guid.NewGuid(), RecordKind.Notice, RecordStatus.Open);

        Assert.Throws<ArgumentException>(() => index.Upsert(Guid.NewGuid(), record, face));
        Assert.Throws<ArgumentException>(() => index.Upsert(Guid.NewGuid(), record, new float[128]));
    }

    [Fact]
    public async Task Queries_running_while_faces_are_added_see_every_face_added_before_they_started()
    {
        var faces = FaceCollection.Clustered(30_000, seed: 13);
        using var index = new FaceSignatureIndex();
        var added = 0;
        var writer = Task.Run(() =>
        {
            foreach (var (id, record, face) in faces.Faces)
            {
                index.Upsert(id, record, face);
                Volatile.Write(ref added, added + 1);
            }
        });
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var random = new Random(r);
            var checkedQueries = 0;
            while (!writer.IsCompleted || checkedQueries < 3)
            {
                var query = faces.QueryNear(random.Next(3000));
                var before = Volatile.Read(ref added);
                var found = index.Search(query, Half, 20);
                var after = Volatile.Read(ref added);

                // The query saw some prefix of the additions between `before` and `after`: everything the
                // first `before` faces put above its last result must be in it, and nothing beyond the face being
                // added when `after` was read (it may be searchable before its Upsert returns and the count moves).
                var known = faces.Faces.Take(after + 1).Select(f => f.SignatureId).ToHashSet();
                Assert.All(found, m => Assert.Contains(m.SignatureId, known));
                var mustAppear = FaceCollection.BruteForce(faces.Faces.Take(before), query, Half, 20)
                    .Where(m => found.Count < 20 || FaceSignatureIndex.Compare(m, found[^1]) <= 0);
                Assert.All(mustAppear, m => Assert.Contains(m, found));
                checkedQueries++;
            }
        })).ToArray();

        await Task.WhenAll([writer, .. readers]);
        var last = faces.QueryNear(5);
        Assert.Equal(FaceCollection.BruteForce(faces.Faces, last, Half, 20), index.Search(last, Half, 20));
    }

    private static void AssertEqualsBruteForce(FaceCollection faces, FaceSignatureIndex index, FaceFilter filter, int k, int queries)
    {
        var random = new Random(queries * 31 + k);
        for (var q = 0; q < queries; q++)
        {
            // Most queries are another photo of an indexed person; some are a stranger's face.
            var query = q % 4 == 3 ? new SyntheticFaces(seed: q).Person(q) : faces.QueryNear(random.Next(10_000));
            var expected = FaceCollection.BruteForce(faces.Faces, query, filter, k);
            var found = index.Search(query, filter, k);
            Assert.Equal(expected, found);
        }
    }
}
