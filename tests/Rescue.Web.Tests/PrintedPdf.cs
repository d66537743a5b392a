using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rescue.Web.Tests;

/// <summary>
/// A PDF read back as a reader would: poppler's tools (installed by ./rescue test) parse it, extract its text and its
/// words' boxes, and list its images. The file lives in a folder of its own, removed with everything rendered beside it.
/// </summary>
internal sealed partial class PrintedPdf : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rescue-pdf-").FullName;

    public PrintedPdf(byte[] content)
    {
        Assert.True(content.AsSpan().StartsWith("%PDF-"u8), "not a PDF");
        File.WriteAllBytes(Path, content);
    }

    public string Path => System.IO.Path.Combine(_folder, "printed.pdf");

    /// <summary>The text without white space: a wrapped line breaks a value wherever the page ends.</summary>
    public string Text => Squeezed(Poppler("pdftotext", "-enc", "UTF-8", Path, "-"));

    /// <summary>Asserts that the document has <paramref name="pages"/> pages (any number when null), each A4 (595 × 842 pt); returns the count.</summary>
    public int AssertA4Pages(int? pages = null)
    {
        var info = Poppler("pdfinfo", Path);
        var count = int.Parse(PageCount().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
        if (pages is { } expected) Assert.Equal(expected, count);
        var boxes = MediaBox().Matches(Poppler("pdfinfo", "-box", "-f", "1", "-l", count.ToString(CultureInfo.InvariantCulture), Path));
        Assert.Equal(count, boxes.Count);
        foreach (Match box in boxes)
        {
            Assert.InRange(Number(box.Groups[3].Value) - Number(box.Groups[1].Value), 594, 596);
            Assert.InRange(Number(box.Groups[4].Value) - Number(box.Groups[2].Value), 841, 843);
        }
        return count;
    }

    /// <summary>Every word's box on every page: left, top, right, bottom in points.</summary>
    public IReadOnlyList<(double Left, double Top, double Right, double Bottom, string Word)> Words() =>
        [.. WordBox().Matches(Poppler("pdftotext", "-bbox", "-enc", "UTF-8", Path, "-"))
            .Select(w => (Number(w.Groups[1].Value), Number(w.Groups[2].Value), Number(w.Groups[3].Value), Number(w.Groups[4].Value), w.Value))];

    public bool HasImage => Poppler("pdfimages", "-list", Path).Contains("image", StringComparison.OrdinalIgnoreCase);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static string Squeezed(string text) => Whitespace().Replace(text, "");

    public static string Poppler(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start: install poppler-utils (./rescue test does)");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool}: {error}");
        return output;
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?m)^Pages:\s+(\d+)$")]
    private static partial Regex PageCount();

    [GeneratedRegex(@"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)")]
    private static partial Regex MediaBox();

    [GeneratedRegex(@"<word xMin=""([\d.]+)"" yMin=""([\d.]+)"" xMax=""([\d.]+)"" yMax=""([\d.]+)"">")]
    private static partial Regex WordBox();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
