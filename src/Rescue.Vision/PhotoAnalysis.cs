using System.Numerics;

namespace Rescue.Vision;

/// <summary>What a photo gave: faces, none, or nothing readable.</summary>
public enum PhotoOutcome
{
    /// <summary>At least one face is usable (see <see cref="FaceQuality.IsUsable"/>).</summary>
    FaceFound,

    /// <summary>Faces were detected, but every one is too small to compare.</summary>
    NoUsableFace,

    /// <summary>The detector found no face.</summary>
    NoFace,

    /// <summary>The bytes are not an image SkiaSharp can decode.</summary>
    Undecodable,
}

/// <summary>The result of running the face pipeline on one photo.</summary>
/// <param name="Outcome">Whether a usable face was found; callers branch on this, not on exceptions.</param>
/// <param name="Width">Upright width of the photo in pixels (0 when undecodable).</param>
/// <param name="Height">Upright height of the photo in pixels (0 when undecodable).</param>
/// <param name="Faces">Every detected face, best detector score first.</param>
/// <param name="Timings">Time spent in each stage, for benchmarks and slow-photo logs.</param>
public sealed record PhotoAnalysis(PhotoOutcome Outcome, int Width, int Height, IReadOnlyList<AnalyzedFace> Faces, StageTimings Timings)
{
    /// <summary>
    /// The usable faces that may be the person the photo is of, best detector score first: background
    /// faces far smaller or blurrier and weaker than the main face (a poster, a passer-by) are left out
    /// (see <see cref="PersonCandidates"/>). One candidate is the person; several, and someone must choose.
    /// </summary>
    public IReadOnlyList<AnalyzedFace> Candidates => PersonCandidates.Of(Faces);

    /// <summary>
    /// The candidate with the best detector score, or null. Score rather than area, because a large
    /// blurred face in the background is common and scores lower than the sharp subject.
    /// </summary>
    public AnalyzedFace? BestFace => Candidates.FirstOrDefault();
}

/// <summary>One face in a photo: where it is, its landmarks, its embedding and how good it is.</summary>
/// <param name="Box">Square box around the face (side = the detector box's height), in photo pixels; may extend past the edges.</param>
/// <param name="Landmarks">The 68 iBUG landmarks in photo pixels.</param>
/// <param name="Embedding">The L2-normalised 512-d face embedding.</param>
/// <param name="Quality">Size, score, sharpness, cut-off and pose, for a reviewer and for ranking.</param>
public sealed record AnalyzedFace(FaceBox Box, IReadOnlyList<Vector2> Landmarks, FaceEmbedding Embedding, FaceQuality Quality);

/// <summary>An axis-aligned box in photo pixels.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    /// <summary>Intersection over union, the overlap measure of non-maximum suppression.</summary>
    public float IoU(FaceBox other)
    {
        var w = MathF.Min(X + Width, other.X + other.Width) - MathF.Max(X, other.X);
        var h = MathF.Min(Y + Height, other.Y + other.Height) - MathF.Max(Y, other.Y);
        if (w <= 0 || h <= 0) return 0;
        var intersection = w * h;
        return intersection / (Width * Height + other.Width * other.Height - intersection);
    }

    /// <summary>Whether more than <paramref name="share"/> of <paramref name="other"/>'s area lies inside this box.</summary>
    public bool Covers(FaceBox other, float share)
    {
        var w = MathF.Min(X + Width, other.X + other.Width) - MathF.Max(X, other.X);
        var h = MathF.Min(Y + Height, other.Y + other.Height) - MathF.Max(Y, other.Y);
        return w > 0 && h > 0 && w * h > share * other.Width * other.Height;
    }
}

/// <summary>How usable a face is for comparison, in terms a reviewer can check against the photo.</summary>
/// <param name="SizePixels">Side of the face box in photo pixels.</param>
/// <param name="DetectorScore">Detector confidence, 0.65–1.</param>
/// <param name="Sharpness">Variance of the Laplacian of the aligned 112×112 grey face; below about 50 the face looks blurred.</param>
/// <param name="CutOff">The face runs off the edge of the photo.</param>
/// <param name="YawDegrees">Rough left-right turn from the landmarks; positive when the face turns towards the photo's right.</param>
/// <param name="RollDegrees">Tilt of the line through the eyes; positive clockwise in the photo.</param>
/// <param name="IsUsable">Big enough (see <see cref="VisionOptions.MinFaceSize"/>) for its embedding to mean something.</param>
public sealed record FaceQuality(int SizePixels, float DetectorScore, float Sharpness, bool CutOff, float YawDegrees, float RollDegrees, bool IsUsable)
{
    /// <summary>Below this sharpness a face is flagged as blurred.</summary>
    public const float BlurredBelow = 50f;

    /// <summary>Beyond this yaw the embedding degrades noticeably and a reviewer should know.</summary>
    public const float TurnedBeyondDegrees = 40f;

    public bool IsBlurred => Sharpness < BlurredBelow;

    public bool IsTurned => MathF.Abs(YawDegrees) > TurnedBeyondDegrees;
}

/// <summary>Time spent in each stage of the pipeline for one photo.</summary>
public readonly record struct StageTimings(TimeSpan Decode, TimeSpan Detect, TimeSpan Landmarks, TimeSpan Embed)
{
    public TimeSpan Total => Decode + Detect + Landmarks + Embed;
}
