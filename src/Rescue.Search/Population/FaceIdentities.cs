namespace Rescue.Search.Population;

/// <summary>
/// Face photos grouped by the person they show, so that a generated notice and its person get different photos of
/// one identity and everyone else gets an identity of their own.
/// </summary>
public sealed class FaceIdentities
{
    private FaceIdentities(IReadOnlyList<IReadOnlyList<string>> identities) => All = identities;

    /// <summary>Each identity's photo file names, sorted; identities sorted by their first file.</summary>
    public IReadOnlyList<IReadOnlyList<string>> All { get; }

    /// <summary>Every photo is a different person (a folder of photos without labels).</summary>
    public static FaceIdentities OnePerPhoto(IEnumerable<string> files) =>
        new([.. files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(f => (IReadOnlyList<string>)[f])]);

    /// <summary>
    /// Reads labelled pairs (<c>file_x,file_y,Decision</c> with Yes for the same person, as in master.csv) and joins
    /// every Yes pair into one identity. Only files for which <paramref name="exists"/> holds are kept.
    /// </summary>
    public static FaceIdentities FromPairs(TextReader pairs, Func<string, bool>? exists = null)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var header = pairs.ReadLine() ?? throw new FormatException("the pairs file is empty");
        var columns = header.Split(',').Select(c => c.Trim()).ToList();
        int x = columns.IndexOf("file_x"), y = columns.IndexOf("file_y"), decision = columns.IndexOf("Decision");
        if (x < 0 || y < 0 || decision < 0) throw new FormatException("the pairs file needs the columns file_x, file_y and Decision");

        while (pairs.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            if (fields.Length <= Math.Max(x, Math.Max(y, decision))) throw new FormatException($"too few fields: {line}");
            var (a, b) = (fields[x], fields[y]);
            if (exists is not null && !(exists(a) && exists(b)))
            {
                if (exists(a)) Find(a);
                if (exists(b)) Find(b);
                continue;
            }
            var (ra, rb) = (Find(a), Find(b));
            if (string.Equals(fields[decision], "Yes", StringComparison.OrdinalIgnoreCase) && ra != rb)
                parent[string.CompareOrdinal(ra, rb) < 0 ? rb : ra] = string.CompareOrdinal(ra, rb) < 0 ? ra : rb;
        }

        var groups = parent.Keys.GroupBy(Find)
            .Select(g => (IReadOnlyList<string>)[.. g.Order(StringComparer.Ordinal)])
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();
        return new FaceIdentities(groups);

        string Find(string file)
        {
            if (!parent.TryGetValue(file, out var p)) return parent[file] = file;
            while (p != parent[p]) p = parent[p];
            return p;
        }
    }
}
