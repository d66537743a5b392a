namespace Rescue.Web.Hosting;

/// <summary>
/// The Chinese TrueType font the app draws with (posters, charts): the first Debian installs, fonts-wqy-zenhei first
/// (the <c>rescue</c> script installs it). TrueType outlines only, which PDFsharp can embed (it cannot embed CFF, as in
/// Noto CJK's OpenType).
/// </summary>
public static class ChineseFont
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ];

    /// <summary>The font file's path; null when none is installed.</summary>
    public static string? FilePath => Candidates.FirstOrDefault(File.Exists);
}
