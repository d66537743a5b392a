namespace Rescue.Vision.Tests;

/// <summary>Top-k search over stored embeddings, one query or a batch.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FaceGalleryTests(PipelineFixture fixture)
{
    [Fact]
    public void A_search_returns_the_same_person_first_with_scores_in_order()
    {
        var gallery = new FaceGallery<string>(fixture.Pipeline.ModelVersion);
        foreach (var name in new[] { "img17.jpg", "img21.jpg", "img25.jpg" }) gallery.Set(name, fixture.Embed(name));
        var query = fixture.Embed("img16.jpg");

        var matches = gallery.Search(query, top: 2);

        Assert.Equal(2, matches.Count);
        Assert.Equal("img17.jpg", matches[0].Key);
        Assert.Equal(query.Similarity(fixture.Embed("img17.jpg")), matches[0].Similarity, 5);
        Assert.True(matches[0].Similarity > matches[1].Similarity);
    }

    [Fact]
    public void A_batch_search_gives_each_query_what_a_single_search_gives()
    {
        var gallery = new FaceGallery<int>(fixture.Pipeline.ModelVersion);
        var random = new Random(7);
        for (var key = 0; key < 500; key++) gallery.Set(key, RandomEmbedding(random));
        var queries = Enumerable.Range(0, 20).Select(_ => RandomEmbedding(random)).ToList();

        var batch = gallery.Search(queries, top: 5);

        for (var q = 0; q < queries.Count; q++) Assert.Equal(gallery.Search(queries[q], top: 5), batch[q]);
    }

    [Fact]
    public void A_removed_face_is_no_longer_found()
    {
        var gallery = new FaceGallery<string>(fixture.Pipeline.ModelVersion);
        gallery.Set("img17.jpg", fixture.Embed("img17.jpg"));
        gallery.Set("img25.jpg", fixture.Embed("img25.jpg"));

        Assert.True(gallery.Remove("img17.jpg"));

        Assert.Equal(1, gallery.Count);
        Assert.DoesNotContain(gallery.Search(fixture.Embed("img16.jpg"), top: 10), m => m.Key == "img17.jpg");
    }

    [Fact]
    public void A_gallery_refuses_embeddings_of_another_model()
    {
        var gallery = new FaceGallery<int>("fr:another-model");

        Assert.Throws<InvalidOperationException>(() => gallery.Set(1, fixture.Embed("img16.jpg")));
    }

    private FaceEmbedding RandomEmbedding(Random random) =>
        new(Enumerable.Range(0, FaceEmbedding.Dimension).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(), fixture.Pipeline.ModelVersion);
}
