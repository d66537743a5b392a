namespace Rescue.Vision.Tests;

/// <summary>Which faces of a photo may be the person: the people in it, not a poster or a passer-by behind them.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PersonCandidateTests(PipelineFixture fixture)
{
    private readonly FacePipeline _pipeline = fixture.Pipeline;

    [Fact]
    public void A_small_face_in_a_corner_behind_the_person_is_not_a_candidate()
    {
        var portrait = Photos.Read("img17.jpg");
        var person = _pipeline.Analyze(portrait).BestFace!;
        var other = Photos.Read("img21.jpg");
        // A fifth of the person's face: big enough to compare, far too small to be whom the photo is of.
        var withPoster = Photos.WithFaceInCorner(portrait, other, _pipeline.Analyze(other).BestFace!.Box, person.Box.Width / 5);

        var analysis = _pipeline.Analyze(withPoster);

        Assert.Equal(2, analysis.Faces.Count(f => f.Quality.IsUsable));
        var candidate = Assert.Single(analysis.Candidates);
        Assert.True(candidate.Embedding.Similarity(person.Embedding) > 0.95f);
        Assert.Same(candidate, analysis.BestFace);
    }

    [Fact]
    public void Both_people_of_a_couple_are_candidates()
    {
        var analysis = _pipeline.Analyze(Photos.Read("couple.jpg"));

        Assert.Equal(2, analysis.Candidates.Count);
    }

    [Fact]
    public void A_face_a_third_the_size_of_the_others_and_as_clear_stays_a_candidate()
    {
        // A third person further back but in focus: smaller is not enough to leave a face out; someone must choose.
        var couple = Photos.Read("couple.jpg");
        var faces = _pipeline.Analyze(couple).Faces;
        var other = Photos.Read("img17.jpg");
        var withThird = Photos.WithFaceInCorner(couple, other, _pipeline.Analyze(other).BestFace!.Box, faces[0].Box.Width * 0.3f);

        var analysis = _pipeline.Analyze(withThird);

        Assert.Equal(3, analysis.Candidates.Count);
    }
}
