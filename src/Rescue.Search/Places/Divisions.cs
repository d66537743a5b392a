using System.Reflection;
using System.Text.RegularExpressions;

namespace Rescue.Search.Places;

/// <summary>
/// China's administrative divisions (province, prefecture, county; Data/divisions.tsv) and the resolution
/// of free text such as 湖南邵阳隆回 or 邵阳市隆回县 to the most specific division it names.
/// </summary>
public sealed partial class Divisions
{
    private static readonly Lazy<Divisions> s_shared = new(() =>
    {
        using var reader = OpenResource("divisions.tsv");
        using var neighbours = OpenResource("province-neighbours.tsv");
        return Load(reader, neighbours);
    });

    private readonly Dictionary<string, Division> _byCode;
    private readonly Dictionary<string, List<Alias>> _aliases;
    private readonly int _longestAlias;
    private readonly Dictionary<string, HashSet<string>> _neighbours;

    private Divisions(List<Division> all, Dictionary<string, HashSet<string>> neighbours)
    {
        All = all;
        _byCode = all.ToDictionary(d => d.Code, StringComparer.Ordinal);
        _neighbours = neighbours;
        _aliases = new(StringComparer.Ordinal);
        foreach (var division in all)
        {
            AddAlias(division.Name, division, exact: true);
            foreach (var shortName in ShortNames(division))
            {
                AddAlias(shortName, division, exact: false);
            }
        }
        _longestAlias = _aliases.Keys.Max(k => k.Length);
    }

    /// <summary>The divisions shipped with the library, loaded once.</summary>
    public static Divisions Shared => s_shared.Value;

    public IReadOnlyList<Division> All { get; }

    /// <summary>
    /// Reads a divisions table (<c>code&lt;TAB&gt;name&lt;TAB&gt;parent code</c>, # comments, parents before children)
    /// and a province neighbours table (<c>code&lt;TAB&gt;codes of bordering provinces</c>).
    /// </summary>
    public static Divisions Load(TextReader divisions, TextReader provinceNeighbours)
    {
        var byCode = new Dictionary<string, Division>(StringComparer.Ordinal);
        var all = new List<Division>();
        foreach (var fields in ReadTable(divisions))
        {
            if (fields.Length < 3)
            {
                throw new FormatException($"a division needs code, name and parent: {string.Join('\t', fields)}");
            }
            Division? parent = null;
            if (fields[2].Length > 0 && !byCode.TryGetValue(fields[2], out parent))
            {
                throw new FormatException($"{fields[0]} {fields[1]}: parent {fields[2]} is not listed before it");
            }
            var division = new Division(fields[0], fields[1], parent);
            byCode.Add(division.Code, division);
            all.Add(division);
        }

        var neighbours = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var fields in ReadTable(provinceNeighbours))
        {
            foreach (var other in fields.Length > 1 ? fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
            {
                // Borders go both ways whichever side the table lists them on.
                Neighbours(fields[0]).Add(other);
                Neighbours(other).Add(fields[0]);
            }
        }
        return new Divisions(all, neighbours);

        HashSet<string> Neighbours(string code) =>
            neighbours.TryGetValue(code, out var set) ? set : neighbours[code] = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The division with this six-digit code, or null.</summary>
    public Division? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>True when the two provinces share a border (the table says which; seas do not count).</summary>
    public bool AreNeighbouringProvinces(Division a, Division b) =>
        _neighbours.TryGetValue(a.Province.Code, out var set) && set.Contains(b.Province.Code);

    /// <summary>
    /// Resolves free text to the most specific division it names. Every place name in the text is found (full names
    /// and names without their suffix: 湖南, 邵阳, 隆回); the division that explains the most of them wins, so a
    /// province or prefecture in the text picks the right one of several 朝阳区. When the text still fits several
    /// divisions equally, the answer is <see cref="PlaceResolution.Ambiguous"/> with the candidates, never a guess.
    /// A six-digit code in the text (alone or opening a 身份证号) is taken as it is.
    /// </summary>
    public ResolvedPlace Resolve(string? text)
    {
        text ??= "";
        var compact = Compact(text);
        if (compact.Length == 0)
        {
            return ResolvedPlace.Unknown(text);
        }

        var code = CodePattern().Match(compact);
        if (code.Success && _byCode.TryGetValue(code.Groups[1].Value, out var coded))
        {
            return ResolvedPlace.Of(text, coded);
        }

        var mentions = FindMentions(compact);
        if (mentions.Count == 0)
        {
            return ResolvedPlace.Unknown(text);
        }

        var scored = new Dictionary<Division, (int Support, int Rank, int Mention)>();
        for (var m = 0; m < mentions.Count; m++)
        {
            foreach (var alias in mentions[m])
            {
                var support = Support(alias.Division, mentions);
                var rank = alias.Rank;
                if (scored.TryGetValue(alias.Division, out var seen))
                {
                    rank = Math.Min(rank, seen.Rank);
                }
                scored[alias.Division] = (support, rank, m);
            }
        }
        var best = scored.Values.Max(s => s.Support);
        var leaders = scored.Where(s => s.Value.Support == best).ToList();

        // Leaders from different mentions are different places named side by side (湖南 … 广州): no guess.
        if (leaders.Select(l => l.Value.Mention).Distinct().Count() == 1)
        {
            var topRank = leaders.Min(l => l.Value.Rank);
            leaders = leaders.Where(l => l.Value.Rank == topRank).ToList();
        }
        return leaders.Count == 1
            ? ResolvedPlace.Of(text, leaders[0].Key)
            : ResolvedPlace.Among(text, leaders.Select(l => l.Key).OrderBy(d => d.Code, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// How many of the mentions a candidate explains, each by a different division of its chain (province,
    /// prefecture, itself): in 湖南邵阳邵阳 the second 邵阳 is explained only by 邵阳县, so the county wins over
    /// the city, while 湖南邵阳 explains 邵阳市 and 邵阳县 equally.
    /// </summary>
    private static int Support(Division candidate, List<List<Alias>> mentions)
    {
        var chain = new List<Division>(3);
        for (Division? d = candidate; d is not null; d = d.Parent)
        {
            chain.Add(d);
        }
        // A maximum matching between mentions and chain members; the chain has at most three.
        var owner = new int[chain.Count];
        Array.Fill(owner, -1);
        var matched = 0;
        for (var m = 0; m < mentions.Count; m++)
        {
            if (Assign(m, new bool[chain.Count]))
            {
                matched++;
            }
        }
        return matched;

        bool Assign(int mention, bool[] tried)
        {
            for (var c = 0; c < chain.Count; c++)
            {
                if (tried[c] || !mentions[mention].Any(a => a.Division == chain[c]))
                {
                    continue;
                }
                tried[c] = true;
                if (owner[c] < 0 || Assign(owner[c], tried))
                {
                    owner[c] = mention;
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// Splits the text into place names, choosing the split that covers the most characters (济南市中区 is 济南 +
    /// 市中区, not 济南市 + 中区); characters that are no place name (镇, 村, other words) are skipped.
    /// </summary>
    private List<List<Alias>> FindMentions(string text)
    {
        var n = text.Length;
        var covered = new int[n + 1];
        var count = new int[n + 1];
        var take = new int[n + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            (covered[i], count[i], take[i]) = (covered[i + 1], count[i + 1], 0);
            for (var length = Math.Min(_longestAlias, n - i); length >= 2; length--)
            {
                if (!_aliases.ContainsKey(text.Substring(i, length)))
                {
                    continue;
                }
                var c = length + covered[i + length];
                var k = 1 + count[i + length];
                if (c > covered[i] || (c == covered[i] && k < count[i]))
                {
                    (covered[i], count[i], take[i]) = (c, k, length);
                }
            }
        }

        var mentions = new List<List<Alias>>();
        for (var i = 0; i < n;)
        {
            if (take[i] == 0)
            {
                i++;
                continue;
            }
            mentions.Add(_aliases[text.Substring(i, take[i])]);
            i += take[i];
        }
        return mentions;
    }

    private void AddAlias(string name, Division division, bool exact)
    {
        if (name.Length < 2)
        {
            return;
        }
        if (!_aliases.TryGetValue(name, out var list))
        {
            _aliases[name] = list = [];
        }
        if (list.All(a => a.Division != division))
        {
            list.Add(new Alias(division, exact));
        }
    }

    /// <summary>
    /// The names people use without the official suffix: 湖南 for 湖南省, 广西 for 广西壮族自治区, 湘西 for
    /// 湘西土家族苗族自治州, 隆回 for 隆回县. A short name of one character (景 for 景县) would match too much.
    /// </summary>
    public static IEnumerable<string> ShortNames(Division division)
    {
        var name = division.Name;
        var autonomous = AutonomousPattern().Match(name);
        if (autonomous.Success)
        {
            yield return autonomous.Groups["stem"].Value;
            yield return autonomous.Groups["stem"].Value + autonomous.Groups["ethnic"].Value;
        }
        var plain = SuffixPattern().Match(name);
        if (plain.Success)
        {
            yield return plain.Groups["stem"].Value;
        }
        if (division.Code == "150000")
        {
            yield return "内蒙";
        }
    }

    private static string Compact(string text)
    {
        var chars = new List<char>(text.Length);
        foreach (var c in text.Normalize(System.Text.NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c))
            {
                chars.Add(c);
            }
        }
        return new string([.. chars]);
    }

    private static IEnumerable<string[]> ReadTable(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            yield return line.Split('\t').Select(f => f.Trim()).ToArray();
        }
    }

    internal static TextReader OpenResource(string file)
    {
        var name = "Rescue.Search.Places.Data." + file;
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is missing from Rescue.Search");
        return new StreamReader(stream);
    }

    // A bare code, a 12-digit statistics code or an 18-digit 身份证号, whose first six digits are the 户籍地.
    [GeneratedRegex(@"(?<![0-9])([1-9][0-9]{5})(?:[0-9]{6}|[0-9]{11}[0-9Xx])?(?![0-9Xx])")]
    private static partial Regex CodePattern();

    // Ethnic names that autonomous divisions carry between the place name and 自治区/州/县/旗.
    [GeneratedRegex(@"^(?<stem>.{2,}?)(?<ethnic>(?:(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族?)+)(?:自治区|自治州|自治县|自治旗)$")]
    private static partial Regex AutonomousPattern();

    [GeneratedRegex(@"^(?<stem>.{2,}?)(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|新区|省|市|盟|县|区|旗)$")]
    private static partial Regex SuffixPattern();

    private sealed record Alias(Division Division, bool Exact)
    {
        /// <summary>
        /// Which of one name's divisions is meant: an official name first (朝阳区), then for a short name the higher
        /// level (邵阳 is 邵阳市 rather than its 邵阳县, 吉林 the province rather than the city).
        /// </summary>
        public int Rank => Exact ? 0 : 1 + (int)Division.Level;
    }
}
