namespace Rescue.Vision.Tests;

/// <summary>Denormal floats flushed to zero while the models run: faster on some CPUs, and the same faces.</summary>
[Collection(PipelineCollection.Name)]
public sealed class DenormalTests(PipelineFixture fixture)
{
    [Fact]
    public void Embeddings_with_denormals_flushed_to_zero_agree_with_exact_ones()
    {
        Assert.True(fixture.Options.DenormalsAsZero);
        using var exact = new FacePipeline(new VisionOptions { ModelsDirectory = fixture.Options.ModelsDirectory, DenormalsAsZero = false });

        string[] photos = ["img12.jpg", "img16.jpg", "img17.jpg", "img21.jpg", "img25.jpg", "couple.jpg"];
        foreach (var photo in photos)
        {
            var flushed = fixture.Pipeline.Analyze(Photos.Read(photo)).Faces;
            var precise = exact.Analyze(Photos.Read(photo)).Faces;

            Assert.Equal(precise.Count, flushed.Count);
            for (var i = 0; i < flushed.Count; i++)
            {
                var cosine = flushed[i].Embedding.Similarity(precise[i].Embedding);
                Assert.True(cosine >= 0.9999f, $"{photo} face {i}: cosine {cosine}");
            }
        }
    }

    [Fact]
    public void Denormal_mode_holds_for_a_run_on_any_thread_and_is_put_back_after_it()
    {
        // A thread of its own: the pipeline runs on whatever thread calls it, never one ONNX Runtime set up.
        var seen = new List<(bool On, float Half)>();
        var thread = new Thread(() =>
        {
            seen.Add((DenormalMode.IsOn, Halve(SmallestNormal)));
            using (DenormalMode.Enter(denormalsAsZero: true)) seen.Add((DenormalMode.IsOn, Halve(SmallestNormal)));
            seen.Add((DenormalMode.IsOn, Halve(SmallestNormal)));
        });
        thread.Start();
        thread.Join();

        var denormal = BitConverter.Int32BitsToSingle(0x0040_0000);
        Assert.Equal([(false, denormal), (true, 0f), (false, denormal)], seen);
    }

    private static readonly float SmallestNormal = BitConverter.Int32BitsToSingle(0x0080_0000);

    // Not inlined, so the division happens at run time, in the thread's mode, and is not folded into a constant.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static float Halve(float value) => value / 2;
}
