namespace Rescue.Vision.Tests;

/// <summary>The pipeline on real photos: matching, orientation, several faces, none, tiny ones, threads.</summary>
[Collection(PipelineCollection.Name)]
public sealed class FacePipelineTests(PipelineFixture fixture)
{
    private readonly FacePipeline _pipeline = fixture.Pipeline;
    private readonly float _threshold = fixture.Options.MatchThreshold;

    [Fact]
    public void Photos_of_the_same_person_score_above_the_threshold()
    {
        var similarity = fixture.Embed("img16.jpg").Similarity(fixture.Embed("img17.jpg"));

        Assert.True(similarity >= _threshold, $"same person scored {similarity}, threshold {_threshold}");
    }

    [Theory]
    [InlineData("img16.jpg", "img21.jpg")]
    [InlineData("img17.jpg", "img25.jpg")]
    [InlineData("img21.jpg", "img25.jpg")]
    public void Photos_of_different_people_score_below_the_threshold(string x, string y)
    {
        var similarity = fixture.Embed(x).Similarity(fixture.Embed(y));

        Assert.True(similarity < _threshold, $"different people scored {similarity}, threshold {_threshold}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    public void A_photo_stored_turned_with_an_EXIF_orientation_embeds_like_the_original(ushort orientation)
    {
        var original = Photos.Read("img21.jpg");
        var turned = _pipeline.Analyze(Photos.StoredWithOrientation(original, orientation));
        var upright = _pipeline.Analyze(original);

        Assert.Equal((upright.Width, upright.Height), (turned.Width, turned.Height));
        var similarity = turned.BestFace!.Embedding.Similarity(upright.BestFace!.Embedding);
        Assert.True(similarity >= 0.99f, $"cosine {similarity} with the upright original");
    }

    [Fact]
    public void A_photo_of_a_couple_yields_two_faces()
    {
        var analysis = _pipeline.Analyze(Photos.Read("couple.jpg"));

        Assert.Equal(PhotoOutcome.FaceFound, analysis.Outcome);
        Assert.Equal(2, analysis.Faces.Count);
        Assert.True(analysis.Faces[0].Embedding.Similarity(analysis.Faces[1].Embedding) < _threshold);
    }

    [Fact]
    public void A_photo_without_a_face_gives_the_no_face_outcome()
    {
        var analysis = _pipeline.Analyze(Photos.Landscape(1600, 1000));

        Assert.Equal(PhotoOutcome.NoFace, analysis.Outcome);
        Assert.Empty(analysis.Faces);
        Assert.Null(analysis.BestFace);
    }

    [Theory]
    [InlineData("not a photo at all")]
    [InlineData("")]
    public void Bytes_that_are_not_an_image_give_the_undecodable_outcome(string content)
    {
        var analysis = _pipeline.Analyze(System.Text.Encoding.UTF8.GetBytes(content));

        Assert.Equal(PhotoOutcome.Undecodable, analysis.Outcome);
        Assert.Empty(analysis.Faces);
    }

    [Fact]
    public void A_truncated_upload_still_gives_the_face_in_the_rows_that_arrived()
    {
        var photo = Photos.Read("img17.jpg");

        var analysis = _pipeline.Analyze(photo.AsSpan(0, photo.Length * 9 / 10));

        Assert.Equal(PhotoOutcome.FaceFound, analysis.Outcome);
    }

    [Fact]
    public void A_face_narrower_than_3_percent_of_a_large_photo_is_found_and_still_matches()
    {
        var portrait = Photos.Read("img12.jpg");
        var reference = _pipeline.Analyze(portrait).BestFace!;
        var crowd = Photos.SmallFaceIn(portrait, reference.Box, width: 2400, height: 1600, widthShare: 0.034f);
        using var wholeImageOnly = new FacePipeline(new VisionOptions { ModelsDirectory = fixture.Options.ModelsDirectory, TilingMinWidth = int.MaxValue });

        var found = _pipeline.Analyze(crowd);

        var face = Assert.Single(found.Faces);
        var jawWidth = face.Landmarks[16].X - face.Landmarks[0].X;
        Assert.InRange(jawWidth / found.Width, 0.015f, 0.03f);
        Assert.True(face.Embedding.Similarity(reference.Embedding) >= _threshold);
        Assert.Empty(wholeImageOnly.Analyze(crowd).Faces);
    }

    [Fact]
    public void Each_face_carries_a_quality_report_and_the_model_version()
    {
        var face = _pipeline.Analyze(Photos.Read("img17.jpg")).BestFace!;

        Assert.True(face.Quality.IsUsable);
        Assert.InRange(face.Quality.SizePixels, 200, 400);
        Assert.InRange(face.Quality.DetectorScore, 0.65f, 1f);
        Assert.False(face.Quality.IsBlurred);
        Assert.False(face.Quality.CutOff);
        Assert.InRange(face.Quality.RollDegrees, -20, 20);
        Assert.Equal(68, face.Landmarks.Count);
        Assert.Equal(_pipeline.ModelVersion, face.Embedding.ModelVersion);
        Assert.Matches("^fr:[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", _pipeline.ModelVersion);
    }

    [Fact]
    public void Embeddings_of_different_model_versions_are_never_compared()
    {
        var embedding = fixture.Embed("img16.jpg");
        var other = new FaceEmbedding(embedding.Vector, "fr:another-model");

        Assert.Throws<InvalidOperationException>(() => embedding.Similarity(other));
    }

    [Fact]
    public void Photos_analysed_on_several_threads_at_once_give_the_same_embeddings()
    {
        string[] names = ["img16.jpg", "img17.jpg", "img21.jpg", "img25.jpg"];
        var alone = names.Select(fixture.Embed).ToArray();

        var together = new FaceEmbedding[names.Length * 2];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => together[i] = fixture.Embed(names[i % names.Length]));

        for (var i = 0; i < together.Length; i++)
            Assert.Equal(alone[i % names.Length].Vector.ToArray(), together[i].Vector.ToArray());
    }
}
