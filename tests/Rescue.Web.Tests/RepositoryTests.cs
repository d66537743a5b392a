using System.Text.RegularExpressions;
using Rescue.Testing;

namespace Rescue.Web.Tests;

/// <summary>The repository explains itself: what its documents and comments point to is in it.</summary>
public partial class RepositoryTests
{
    private static readonly string Root = AppProcess.RepositoryRoot();

    [Fact]
    public void Documents_and_comments_cite_only_files_inside_the_repository()
    {
        var problems = new List<string>();
        foreach (var file in Tracked())
        {
            var relative = Path.GetRelativePath(Root, file);
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var prose = file.EndsWith(".md", StringComparison.Ordinal) || Comment().IsMatch(line);
                if (!prose) continue;
                if (OutsideBrief().IsMatch(line)) problems.Add($"{relative}:{i + 1}: cites a brief that is not in the repository");
                foreach (Match path in CitedPath().Matches(line))
                {
                    var cited = path.Groups[1].Value;
                    if (cited.StartsWith(".data/", StringComparison.Ordinal) || cited.Contains("YYYY", StringComparison.Ordinal)) continue;
                    var candidates = new[] { Path.Combine(Root, cited), Path.Combine(Path.GetDirectoryName(file)!, cited), Path.Combine(Root, "src", "Rescue.Web", cited) };
                    if (!candidates.Any(c => File.Exists(c) || Directory.Exists(c))) problems.Add($"{relative}:{i + 1}: {cited} does not exist");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Generated_files_are_marked_as_generated()
    {
        var attributes = File.ReadAllText(Path.Combine(Root, ".gitattributes"));

        Assert.Contains("src/Rescue.Web/Data/Migrations/** linguist-generated=true", attributes);
        Assert.Contains("src/Rescue.Web/Components/UiText*.resx linguist-generated=true", attributes);
    }

    /// <summary>The project's own files: documents and code, without build output or data.</summary>
    private static IEnumerable<string> Tracked() =>
        new[] { "README.md", "CHANGELOG.md" }.Select(f => Path.Combine(Root, f))
            .Concat(new[] { "docs", "src", "tests", "infra", "models" }
                .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.*", SearchOption.AllDirectories)))
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"^\s*(//|@\*|\*|<!--)")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\b(DESIGN|STYLE)\.md\b|\.\./shared/")]
    private static partial Regex OutsideBrief();

    /// <summary>A relative path with at least one folder and a file extension, as documents cite files.</summary>
    [GeneratedRegex(@"(?<![\w/.:-])((?:[\w.-]+/)+[\w.-]+\.(?:cs|md|razor|json|sh|py|tsv|csv|props|onnx))\b")]
    private static partial Regex CitedPath();
}
