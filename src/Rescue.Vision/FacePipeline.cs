using System.Diagnostics;
using System.Numerics;

namespace Rescue.Vision;

/// <summary>
/// Photo in, faces out: decode upright, detect every face, 68 landmarks, 5-point alignment to 112×112,
/// 512-d embedding, and a quality report per face. Build one per process; it is safe to call from
/// several threads at once.
/// </summary>
public sealed class FacePipeline : IDisposable
{
    private const string DetectorFile = "fr_detect.onnx";
    private const string LandmarkFile = "fr_landmark.onnx";
    private const string FeatureFile = "fr_feature.onnx";
    private const int LandmarkInputSize = 64;
    private const int LandmarkCount = 68;

    private readonly OnnxModel _detectorModel;
    private readonly OnnxModel _landmarkModel;
    private readonly OnnxModel _featureModel;
    private readonly FaceDetector _detector;

    /// <summary>Loads the three models, refusing any file whose SHA-256 differs from <c>manifest.tsv</c>.</summary>
    /// <exception cref="ModelVerificationException">A model file is missing, altered, truncated or unloadable; the message names it.</exception>
    public FacePipeline(VisionOptions options)
    {
        options.Validate();
        Options = options;
        var catalog = new ModelCatalog(options.ModelsDirectory);
        var loaded = new List<OnnxModel>();
        try
        {
            _detectorModel = Load(DetectorFile);
            _landmarkModel = Load(LandmarkFile);
            _featureModel = Load(FeatureFile);
        }
        catch
        {
            foreach (var model in loaded) model.Dispose();
            throw;
        }
        _detector = new FaceDetector(_detectorModel, options);
        // Eight hex digits of each model's SHA-256, in pipeline order: enough to tell models apart and
        // to find the files again from a stored signature.
        ModelVersion = $"fr:{_detectorModel.Sha256[..8]}-{_landmarkModel.Sha256[..8]}-{_featureModel.Sha256[..8]}";

        OnnxModel Load(string file)
        {
            var model = new OnnxModel(catalog, file, options.IntraOpThreads, options.DenormalsAsZero);
            loaded.Add(model);
            return model;
        }
    }

    public VisionOptions Options { get; }

    /// <summary>Which models make this pipeline's embeddings; stored with every signature.</summary>
    public string ModelVersion { get; }

    /// <summary>Analyses a photo held in memory (JPEG, PNG, WebP, …).</summary>
    public PhotoAnalysis Analyze(ReadOnlySpan<byte> photo)
    {
        var clock = Stopwatch.StartNew();
        var decoded = PhotoDecoder.Decode(photo, Options.MaxDecodeSide);
        var decode = clock.Elapsed;
        if (decoded is null)
            return new PhotoAnalysis(PhotoOutcome.Undecodable, 0, 0, [], new StageTimings(decode, default, default, default));
        var (image, toPhoto) = decoded.Value;
        using var _ = image;

        clock.Restart();
        var detections = _detector.Detect(image);
        var detect = clock.Elapsed;

        var landmarkTime = TimeSpan.Zero;
        var embedTime = TimeSpan.Zero;
        var faces = new List<AnalyzedFace>(detections.Count);
        foreach (var detection in detections)
        {
            clock.Restart();
            var square = Square(detection.Box);
            var landmarks = Landmarks(image, square);
            landmarkTime += clock.Elapsed;

            clock.Restart();
            faces.Add(Describe(image, toPhoto, detection, square, landmarks));
            embedTime += clock.Elapsed;
        }

        var outcome = faces.Count == 0 ? PhotoOutcome.NoFace
            : faces.Any(f => f.Quality.IsUsable) ? PhotoOutcome.FaceFound
            : PhotoOutcome.NoUsableFace;
        return new PhotoAnalysis(outcome, (int)MathF.Round(image.Width * toPhoto), (int)MathF.Round(image.Height * toPhoto),
            faces, new StageTimings(decode, detect, landmarkTime, embedTime));
    }

    /// <summary>Analyses a photo read from a stream, e.g. an upload; the stream is read to its end.</summary>
    public async Task<PhotoAnalysis> AnalyzeAsync(Stream photo, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await photo.CopyToAsync(buffer, cancellationToken);
        return Analyze(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The detector's box made square around its centre, side = its height, as the landmark model expects.</summary>
    private static FaceBox Square(FaceBox box)
    {
        var side = box.Height;
        return new FaceBox(box.X + (box.Width - side) / 2, box.Y, side, side);
    }

    /// <summary>The 68 landmarks in image pixels (continuous coordinates: the left edge of the image is 0).</summary>
    private Vector2[] Landmarks(RgbaImage image, FaceBox square)
    {
        using var input = new PooledBuffer<float>(_landmarkModel.InputLength);
        image.Sample(AffineMap.Resize(square.X, square.Y, square.Width, square.Height, LandmarkInputSize, LandmarkInputSize),
            LandmarkInputSize, LandmarkInputSize, input.Span, luma: true, offset: 0, scale: 1 / 256f);
        using var buffer = new PooledBuffer<float>(_landmarkModel.OutputLength(0));
        _landmarkModel.Run(input.Memory, buffer.Memory);
        var output = buffer.Span;
        var points = new Vector2[LandmarkCount];
        for (var i = 0; i < LandmarkCount; i++)
            points[i] = new Vector2(square.X + output[2 * i] * square.Width, square.Y + output[2 * i + 1] * square.Height);
        return points;
    }

    private AnalyzedFace Describe(RgbaImage image, float toPhoto, Detection detection, FaceBox square, Vector2[] landmarks)
    {
        // The models were trained with pixel centres at integer coordinates (OpenCV); landmarks here
        // measure from the image's edge, half a pixel before the first centre.
        var fivePoints = FaceGeometry.FivePoints(landmarks);
        var centred = fivePoints.Select(p => p - new Vector2(0.5f)).ToArray();
        using var aligned = new PooledBuffer<float>(_featureModel.InputLength);
        const float offset = -127f, scale = 1 / 128f;
        image.Sample(FaceGeometry.AlignedToImage(centred), FaceGeometry.AlignedSize, FaceGeometry.AlignedSize, aligned.Span,
            luma: false, offset, scale);
        using var feature = new PooledBuffer<float>(_featureModel.OutputLength(0));
        _featureModel.Run(aligned.Memory, feature.Memory);

        var raw = detection.Box;
        var cutOff = raw.X < 0 || raw.Y < 0 || raw.X + raw.Width > image.Width || raw.Y + raw.Height > image.Height
            || landmarks.Any(p => p.X < 0 || p.Y < 0 || p.X > image.Width || p.Y > image.Height);
        var size = (int)MathF.Round(square.Width * toPhoto);
        var quality = new FaceQuality(
            SizePixels: size,
            DetectorScore: detection.Score,
            Sharpness: FaceGeometry.Sharpness(aligned.Span, offset, scale),
            CutOff: cutOff,
            YawDegrees: FaceGeometry.YawDegrees(landmarks),
            RollDegrees: FaceGeometry.RollDegrees(fivePoints),
            IsUsable: size >= Options.MinFaceSize);
        return new AnalyzedFace(
            new FaceBox(square.X * toPhoto, square.Y * toPhoto, square.Width * toPhoto, square.Height * toPhoto),
            [.. landmarks.Select(p => p * toPhoto)],
            new FaceEmbedding(feature.Span, ModelVersion),
            quality);
    }

    public void Dispose()
    {
        _detectorModel.Dispose();
        _landmarkModel.Dispose();
        _featureModel.Dispose();
    }
}
