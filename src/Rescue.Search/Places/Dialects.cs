using System.Text.RegularExpressions;

namespace Rescue.Search.Places;

/// <summary>A dialect, accent or language and the divisions where it is spoken (a row of dialects.tsv).</summary>
/// <param name="SpokenEverywhere">True for 普通话: hearing it says nothing about where someone is from.</param>
public sealed record Dialect(string Name, IReadOnlyList<string> Aliases, IReadOnlyList<Division> Regions, bool SpokenEverywhere, string Note);

/// <summary>Whether a told dialect or accent fits a place.</summary>
public enum DialectAgreement
{
    /// <summary>Spoken in the place (or in part of it, when the place is a whole province).</summary>
    SpokenThere,

    /// <summary>Spoken elsewhere in the same province or in a neighbouring province.</summary>
    SpokenNearby,

    NotSpokenThere,

    /// <summary>Unknown dialect, no place, or a dialect spoken everywhere (普通话).</summary>
    Unknown,
}

/// <summary>A told dialect or accent compared with a place: a named level and one sentence in Chinese.</summary>
public sealed record DialectCompatibility(DialectAgreement Level, Dialect? Dialect, string Explanation);

/// <summary>
/// The editable table of dialects and accents (Data/dialects.tsv; its header documents the columns) and the
/// comparison of a told dialect (湖南话, 一口四川口音) with a place.
/// </summary>
public sealed partial class Dialects
{
    private static readonly Lazy<Dialects> s_shared = new(() =>
    {
        using var reader = Divisions.OpenResource("dialects.tsv");
        return Load(reader, Divisions.Shared);
    });

    private readonly Divisions _divisions;
    private readonly List<(string Alias, Dialect Dialect)> _byAliasLongestFirst;

    private Dialects(List<Dialect> all, Divisions divisions)
    {
        All = all;
        _divisions = divisions;
        _byAliasLongestFirst = all
            .SelectMany(d => d.Aliases.Prepend(d.Name).Select(alias => (Alias: alias, Dialect: d)))
            .OrderByDescending(a => a.Alias.Length)
            .ToList();
    }

    /// <summary>The table shipped with the library, loaded once.</summary>
    public static Dialects Shared => s_shared.Value;

    public IReadOnlyList<Dialect> All { get; }

    /// <summary>Reads a dialect table; every region code must be a division of <paramref name="divisions"/>.</summary>
    public static Dialects Load(TextReader reader, Divisions divisions)
    {
        var all = new List<Dialect>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0 || line[0] == '#')
            {
                continue;
            }
            var fields = line.Split('\t').Select(f => f.Trim()).ToArray();
            if (fields.Length < 3)
            {
                throw new FormatException($"a dialect needs name, aliases and regions: {line}");
            }
            var aliases = fields[1].Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var codes = fields[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var everywhere = codes is ["*"];
            var regions = everywhere ? [] : codes
                .Select(code => divisions.Find(code) ?? throw new FormatException($"{fields[0]}: {code} is no known division"))
                .ToList();
            all.Add(new Dialect(fields[0], aliases, regions, everywhere, fields.Length > 3 ? fields[3] : ""));
        }
        return new Dialects(all, divisions);
    }

    /// <summary>
    /// The dialect a told text names: the longest name or alias in it (一口湖南话 → 湖南话), else a place followed
    /// by 话, 口音, 方言 or 腔 (邵阳话, 隆回口音) taken as spoken in that place; null when neither.
    /// </summary>
    public Dialect? Find(string? told)
    {
        if (string.IsNullOrWhiteSpace(told))
        {
            return null;
        }
        var text = string.Concat(told.Where(c => !char.IsWhiteSpace(c)));
        var placed = PlacePlusSpeech().Match(text);
        var place = placed.Success ? _divisions.Resolve(placed.Groups["place"].Value).Division : null;
        foreach (var (alias, dialect) in _byAliasLongestFirst)
        {
            var at = text.IndexOf(alias, StringComparison.Ordinal);
            if (at >= 0 && !InsideNameOf(place, text, at))
            {
                return dialect;
            }
        }
        return place is null ? null : new Dialect(placed.Value, [], [place], false, $"Taken as spoken in {place.FullName}.");
    }

    /// <summary>Compares a told dialect or accent with a place where the person is said to come from.</summary>
    public DialectCompatibility Compare(string? toldDialect, ResolvedPlace place)
    {
        var dialect = Find(toldDialect);
        if (dialect is null)
        {
            return new(DialectAgreement.Unknown, null, string.IsNullOrWhiteSpace(toldDialect)
                ? "没有口音信息。"
                : $"“{toldDialect}”不是表中的方言或口音，无法比较。");
        }
        if (dialect.SpokenEverywhere)
        {
            return new(DialectAgreement.Unknown, dialect, $"{dialect.Name}各地都有人说，不能说明来自哪里。");
        }
        if (!place.IsResolved && place.Resolution != PlaceResolution.Ambiguous)
        {
            return new(DialectAgreement.Unknown, dialect, "没有可比较的地点。");
        }

        // An ambiguous place counts only as far as all its candidates agree, as with places.
        var level = place.Candidates.Max(Agreement);
        var where = place.IsResolved ? place.Division!.FullName : $"“{place.Text}”";
        var regions = string.Join("、", dialect.Regions.Take(4).Select(r => r.Name)) + (dialect.Regions.Count > 4 ? "等地" : "");
        return new(level, dialect, level switch
        {
            DialectAgreement.SpokenThere => $"{where}说{dialect.Name}，与口音相符。",
            DialectAgreement.SpokenNearby => $"{dialect.Name}在{regions}使用，与{where}同省或相邻，接近但不一致。",
            _ => $"{dialect.Name}在{regions}使用，{where}不说这种话。",
        });

        DialectAgreement Agreement(Division at)
        {
            if (dialect.Regions.Any(r => r.Contains(at) || at.Contains(r)))
            {
                return DialectAgreement.SpokenThere;
            }
            return dialect.Regions.Any(r => r.Province == at.Province || _divisions.AreNeighbouringProvinces(r, at))
                ? DialectAgreement.SpokenNearby
                : DialectAgreement.NotSpokenThere;
        }
    }

    /// <summary>
    /// 银川话 holds the alias 川话 (四川话) but names the speech of 银川: an alias that begins inside the name of the
    /// place the text names is part of that name, not an alias.
    /// </summary>
    private static bool InsideNameOf(Division? place, string text, int at) =>
        place is not null && Divisions.ShortNames(place).Append(place.Name).Any(name =>
        {
            var start = text.IndexOf(name, StringComparison.Ordinal);
            return start >= 0 && start < at && at < start + name.Length;
        });

    [GeneratedRegex(@"(?<place>\p{IsCJKUnifiedIdeographs}{2,})(?:话|口音|方言|腔)")]
    private static partial Regex PlacePlusSpeech();
}
