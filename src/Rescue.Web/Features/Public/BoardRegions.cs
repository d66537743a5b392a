using Rescue.Search.Places;

namespace Rescue.Web.Features.Public;

/// <summary>
/// The regions the board's "found in" filter offers: the provinces, and within the one chosen its cities (a
/// municipality's districts). Without a script the choice is made in two steps: a province, then one of its cities.
/// </summary>
public static class BoardRegions
{
    private static readonly Lazy<(IReadOnlyList<Division> Provinces, ILookup<string, Division> Cities)> s_shared = new(() =>
    {
        var all = Divisions.Shared.All;
        return (
            all.Where(d => d.Parent is null).OrderBy(d => d.Code, StringComparer.Ordinal).ToList(),
            all.Where(d => d.Parent is { Parent: null }).OrderBy(d => d.Code, StringComparer.Ordinal).ToLookup(d => d.Parent!.Code, StringComparer.Ordinal));
    });

    public static IReadOnlyList<Division> Provinces => s_shared.Value.Provinces;

    /// <summary>The cities of the province the region lies in (none when no region, or an unknown one, is chosen).</summary>
    public static IEnumerable<Division> CitiesAround(string? region) =>
        ProvinceOf(region) is { } province ? s_shared.Value.Cities[province.Code] : [];

    /// <summary>The division a region code names by its first six digits (a town's nine-digit code names its county).</summary>
    public static Division? Find(string? region) => region is { Length: >= 6 } ? Divisions.Shared.Find(region[..6]) : null;

    public static Division? ProvinceOf(string? region) => Find(region)?.Province;
}
