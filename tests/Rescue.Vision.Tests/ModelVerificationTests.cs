namespace Rescue.Vision.Tests;

/// <summary>Model files that are not the ones in the manifest are refused at construction.</summary>
public sealed class ModelVerificationTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("rescue-models-").FullName;

    public ModelVerificationTests()
    {
        var real = VisionOptions.FromEnvironment().ModelsDirectory;
        foreach (var file in Directory.GetFiles(real))
            File.Copy(file, Path.Combine(_models, Path.GetFileName(file)));
    }

    [Fact]
    public void A_truncated_model_file_is_refused_naming_the_file()
    {
        var path = Path.Combine(_models, "fr_feature.onnx");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var refused = Assert.Throws<ModelVerificationException>(() => new FacePipeline(new VisionOptions { ModelsDirectory = _models }));

        Assert.Contains("fr_feature.onnx", refused.Message);
        Assert.Contains("SHA-256", refused.Message);
    }

    [Fact]
    public void A_missing_model_file_is_refused_naming_the_file()
    {
        File.Delete(Path.Combine(_models, "fr_landmark.onnx"));

        var refused = Assert.Throws<ModelVerificationException>(() => new FacePipeline(new VisionOptions { ModelsDirectory = _models }));

        Assert.Contains("fr_landmark.onnx", refused.Message);
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}
