using System.Collections.Concurrent;
using Rescue.Search.Places;

namespace Rescue.Search.Population;

/// <summary>
/// Where generated people come from and are found: a county drawn with its province's share of the population
/// (2020 census), then evenly among that province's counties; 台湾, 香港 and 澳门 are left out (their people do not
/// reach mainland rescue stations through the household register). Also the dialect heard from someone of a place.
/// </summary>
internal sealed class PlaceTables
{
    /// <summary>Resident population in millions by province code (第七次全国人口普查, 2020).</summary>
    private static readonly Dictionary<string, double> ProvinceMillions = new(StringComparer.Ordinal)
    {
        ["110000"] = 21.9,
        ["120000"] = 13.9,
        ["130000"] = 74.6,
        ["140000"] = 34.9,
        ["150000"] = 24.0,
        ["210000"] = 42.6,
        ["220000"] = 24.1,
        ["230000"] = 31.9,
        ["310000"] = 24.9,
        ["320000"] = 84.7,
        ["330000"] = 64.6,
        ["340000"] = 61.0,
        ["350000"] = 41.5,
        ["360000"] = 45.2,
        ["370000"] = 101.5,
        ["410000"] = 99.4,
        ["420000"] = 57.8,
        ["430000"] = 66.4,
        ["440000"] = 126.0,
        ["450000"] = 50.1,
        ["460000"] = 10.1,
        ["500000"] = 32.1,
        ["510000"] = 83.7,
        ["520000"] = 38.6,
        ["530000"] = 47.2,
        ["540000"] = 3.6,
        ["610000"] = 39.5,
        ["620000"] = 25.0,
        ["630000"] = 5.9,
        ["640000"] = 7.2,
        ["650000"] = 25.9,
    };

    private readonly Division[] _provinces;
    private readonly double[] _provinceCumulative;
    private readonly Dictionary<Division, Division[]> _countiesByProvince;
    private readonly Dictionary<Division, Division[]> _countiesByPrefecture;
    private readonly ConcurrentDictionary<Division, Dialect[]> _dialectsByCounty = new();

    private PlaceTables(Divisions divisions, Dialects dialects)
    {
        Divisions = divisions;
        Dialects = dialects;
        var counties = divisions.All.Where(d => d.Level == DivisionLevel.County && ProvinceMillions.ContainsKey(d.Province.Code)).ToList();
        _countiesByProvince = counties.GroupBy(c => c.Province).ToDictionary(g => g.Key, g => g.ToArray());
        _countiesByPrefecture = counties.Where(c => c.Prefecture is not null).GroupBy(c => c.Prefecture!).ToDictionary(g => g.Key, g => g.ToArray());
        _provinces = [.. _countiesByProvince.Keys.OrderBy(p => p.Code, StringComparer.Ordinal)];
        _provinceCumulative = Cumulative(_provinces.Select(p => ProvinceMillions[p.Code]));
    }

    public static PlaceTables Shared { get; } = new(Places.Divisions.Shared, Places.Dialects.Shared);

    public Divisions Divisions { get; }

    public Dialects Dialects { get; }

    /// <summary>A county anywhere, weighted by its province's population.</summary>
    public Division County(Random random) => Pick(random, _countiesByProvince[_provinces[Index(_provinceCumulative, random.NextDouble())]]);

    /// <summary>Another county of the same province (the same one only when the province has just one).</summary>
    public Division CountyInProvince(Random random, Division county) => Other(random, _countiesByProvince[county.Province], county);

    /// <summary>Another county of the same prefecture, or of the province when the county has no prefecture.</summary>
    public Division CountyInPrefecture(Random random, Division county) =>
        county.Prefecture is { } prefecture ? Other(random, _countiesByPrefecture[prefecture], county) : CountyInProvince(random, county);

    /// <summary>A county of another province.</summary>
    public Division CountyElsewhere(Random random, Division county)
    {
        while (true)
        {
            var other = County(random);
            if (other.Province != county.Province) return other;
        }
    }

    /// <summary>
    /// What staff would write for the accent of someone from a county: a dialect of the table spoken there, the
    /// most local first, else the prefecture's or province's name with 话 (邵阳话), which the table reads as
    /// spoken in that place.
    /// </summary>
    public string DialectOf(Random random, Division county)
    {
        var spoken = _dialectsByCounty.GetOrAdd(county, c => [.. Dialects.All.Where(d => !d.SpokenEverywhere && d.Regions.Any(r => r.Contains(c)))]);
        if (spoken.Length > 0 && random.NextDouble() < 0.8) return spoken[random.Next(spoken.Length)].Name;
        // The table finds a dialect by the longest alias inside the text, so 银川话 reads as 四川话 (川话): a
        // place's own name is used only when the table reads it back as spoken there.
        foreach (var place in new[] { county.Prefecture, county.Province })
        {
            if (place is null || Places.Divisions.ShortNames(place).FirstOrDefault(n => !n.Contains('族')) is not { } shortName) continue;
            var told = shortName + "话";
            if (Dialects.Compare(told, ResolvedPlace.Of(county.FullName, county)).Level == DialectAgreement.SpokenThere) return told;
        }
        return spoken.Length > 0 ? spoken[random.Next(spoken.Length)].Name : county.Province.Name + "口音";
    }

    /// <summary>
    /// A way a family or a person writes a county that resolves to exactly it: the full chain (湖南省邵阳市隆回县),
    /// short names (湖南邵阳隆回), the prefecture and the county (邵阳市隆回县); the full chain when a shorter form
    /// is ambiguous.
    /// </summary>
    public string WriteCounty(Random random, Division county)
    {
        var province = county.Province;
        var prefecture = county.Prefecture;
        var candidates = new List<string>();
        var countyShort = Short(county);
        var provinceShort = Short(province);
        if (prefecture is not null)
        {
            candidates.Add(provinceShort + Short(prefecture) + countyShort);
            candidates.Add(prefecture.Name + county.Name);
            candidates.Add(Short(prefecture) + countyShort);
        }
        candidates.Add(provinceShort + countyShort);
        candidates.Add(province.Name + county.Name);
        var text = candidates[random.Next(candidates.Count)];
        return Divisions.Resolve(text).Division == county ? text : county.FullName;
    }

    /// <summary>The province or the prefecture alone (湖南, 邵阳市), as told by someone who gives no more.</summary>
    public (string Text, Division Division) WriteProvinceOrPrefecture(Random random, Division county)
    {
        var division = county.Prefecture is { } prefecture && random.NextDouble() < 0.5 ? prefecture : county.Province;
        var text = random.NextDouble() < 0.5 ? Short(division) : division.Name;
        return Divisions.Resolve(text).Division == division ? (text, division) : (division.FullName, division);
    }

    private static string Short(Division division) => Places.Divisions.ShortNames(division).FirstOrDefault() ?? division.Name;

    private static Division Other(Random random, Division[] counties, Division county)
    {
        if (counties.Length == 1) return county;
        while (true)
        {
            var other = Pick(random, counties);
            if (other != county) return other;
        }
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    internal static double[] Cumulative(IEnumerable<double> weights)
    {
        var cumulative = new List<double>();
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
            cumulative.Add(total);
        }
        return [.. cumulative.Select(c => c / total)];
    }

    /// <summary>The first index whose cumulative share reaches <paramref name="draw"/> (0 ≤ draw &lt; 1).</summary>
    internal static int Index(double[] cumulative, double draw)
    {
        var i = Array.BinarySearch(cumulative, draw);
        if (i < 0) i = ~i;
        return Math.Min(i, cumulative.Length - 1);
    }
}
