namespace Rescue.Vision;

/// <summary>Which faces of a photo may be the person it was taken of, and which are in the background.</summary>
/// <remarks>
/// <para>
/// A photo taken at the station is of one person, close up and in focus; other faces in it are a poster
/// on the wall, a passer-by far behind, something blurred that the detector took for a face. Each made
/// staff choose "the person" when the answer was plain. A face is measured against the main face: the
/// largest usable one that is not blurred (the largest usable one when all are).
/// </para>
/// <para>
/// The rules come from the faces the detector finds in the labelled face set (see
/// <c>./rescue cli faces verify</c>), as side, detector score and sharpness relative to the main face:
/// </para>
/// <list type="bullet">
/// <item>background: a poster behind the subject (side 0.10, score 0.13 lower, sharpness 0.10); a
/// blurred woman behind another (side 0.33, score 0.15 lower, sharpness 0.03); bokeh taken for a face
/// (side 1.03, score 0.03 lower, sharpness 0.11).</item>
/// <item>people of the photo: a couple (side 1.0, same score, sharpness 0.95); a selfie of four (sides
/// 0.63–0.83, every score 1.000, sharpness 0.46–1.8).</item>
/// </list>
/// <para>
/// Hence two rules, each asking for a face both far smaller or blurrier <i>and</i> weaker, so that a second
/// real person is never dropped for one measure alone (dropping the wrong face would match the wrong
/// person; keeping one too many only asks staff to choose):
/// </para>
/// <list type="number">
/// <item>Far smaller and weaker: a side under a quarter of the main face's (a sixteenth of its area),
/// with a detector score at least 0.05 lower or under half its sharpness. The selfie's smallest face is
/// at 0.63; a face copied in at a fifth of the main one's side keeps a score of 0.99 but half the sharpness.</item>
/// <item>Out of focus and weaker: blurred, under a fifth of the main face's sharpness, and a lower
/// detector score, whatever its size. The people of the photos above stay above 0.46.</item>
/// </list>
/// </remarks>
internal static class PersonCandidates
{
    private const float FarSmallerSide = 0.25f;
    private const float ClearlyLowerScore = 0.05f;
    private const float LessSharp = 0.5f;
    private const float OutOfFocus = 0.2f;

    /// <summary>The usable faces that may be the person, in the order of <paramref name="faces"/>.</summary>
    public static IReadOnlyList<AnalyzedFace> Of(IReadOnlyList<AnalyzedFace> faces)
    {
        var usable = faces.Where(f => f.Quality.IsUsable).ToList();
        if (usable.Count < 2) return usable;
        var main = usable.Where(f => !f.Quality.IsBlurred).MaxBy(f => f.Box.Width) ?? usable.MaxBy(f => f.Box.Width)!;
        return usable.Where(f => ReferenceEquals(f, main) || !IsBackground(f.Quality, f.Box.Width, main.Quality, main.Box.Width)).ToList();
    }

    private static bool IsBackground(FaceQuality face, float side, FaceQuality main, float mainSide)
    {
        var farSmaller = side < FarSmallerSide * mainSide
            && (face.DetectorScore <= main.DetectorScore - ClearlyLowerScore || face.Sharpness < LessSharp * main.Sharpness);
        var outOfFocus = face.IsBlurred && face.Sharpness < OutOfFocus * main.Sharpness && face.DetectorScore < main.DetectorScore;
        return farSmaller || outOfFocus;
    }
}
