namespace Rescue.Search.Places;

/// <summary>How close two places are, from the same county down to different provinces.</summary>
public enum PlaceAgreement
{
    SameCounty,
    SamePrefecture,
    SameProvince,
    NeighbouringProvince,
    DifferentProvince,

    /// <summary>One of the places is unknown or too ambiguous to say.</summary>
    Unknown,
}

/// <summary>
/// Two places compared (a notice's 家乡 or 走失地点 against an admission's told 户籍地 or 发现地点): a named level,
/// whether the two statements can both be true, and one sentence in Chinese for the officer.
/// </summary>
/// <param name="IsConsistent">
/// One place is, or lies within, the other (隆回县 and 邵阳): both statements can be exactly true. Two different
/// counties of one prefecture are close but not consistent.
/// </param>
public sealed record PlaceCompatibility(PlaceAgreement Level, bool IsConsistent, string Explanation)
{
    /// <summary>Compares two resolved places with the shared divisions' province borders.</summary>
    public static PlaceCompatibility Between(ResolvedPlace a, ResolvedPlace b) => Between(a, b, Divisions.Shared);

    /// <summary>
    /// Compares two resolved places. An ambiguous place is compared through each of its candidates and given the
    /// level that holds whichever candidate is meant (the least close one), so ambiguity never raises a score.
    /// </summary>
    public static PlaceCompatibility Between(ResolvedPlace a, ResolvedPlace b, Divisions divisions)
    {
        if (a.Resolution == PlaceResolution.Unknown || b.Resolution == PlaceResolution.Unknown)
        {
            var unknown = a.Resolution == PlaceResolution.Unknown ? a : b;
            return new(PlaceAgreement.Unknown, false, string.IsNullOrWhiteSpace(unknown.Text)
                ? "有一方没有地点，无法比较。"
                : $"“{unknown.Text}”不是能识别的地名，无法比较。");
        }

        var pairs = (from x in a.Candidates from y in b.Candidates select Compare(x, y, divisions)).ToList();
        var level = pairs.Max(p => p.Level);
        var consistent = pairs.All(p => p.IsConsistent);
        if (pairs.Count == 1)
        {
            return pairs[0];
        }
        var ambiguous = a.Resolution == PlaceResolution.Ambiguous ? a : b;
        var names = string.Join("、", ambiguous.Candidates.Select(c => c.FullName));
        return new(level, consistent, $"“{ambiguous.Text}”可能是{names}；无论哪一个，{Describe(level)}。");
    }

    /// <summary>Compares two divisions.</summary>
    public static PlaceCompatibility Compare(Division a, Division b, Divisions divisions)
    {
        if (a == b)
        {
            var same = a.Level switch
            {
                DivisionLevel.County => PlaceAgreement.SameCounty,
                DivisionLevel.Prefecture => PlaceAgreement.SamePrefecture,
                _ => PlaceAgreement.SameProvince,
            };
            return new(same, true, $"两处都是{a.FullName}。");
        }
        if (a.Contains(b) || b.Contains(a))
        {
            var (outer, inner) = a.Contains(b) ? (a, b) : (b, a);
            var level = outer.Level == DivisionLevel.Province && !IsMunicipality(outer)
                ? PlaceAgreement.SameProvince
                : PlaceAgreement.SamePrefecture;
            return new(level, true, $"{inner.FullName}位于{outer.FullName}，两者相符。");
        }
        if (a.Province != b.Province)
        {
            return divisions.AreNeighbouringProvinces(a, b)
                ? new(PlaceAgreement.NeighbouringProvince, false, $"{a.FullName}与{b.FullName}不在同一省份，但{a.Province.Name}与{b.Province.Name}相邻。")
                : new(PlaceAgreement.DifferentProvince, false, $"{a.FullName}与{b.FullName}不在同一省份，也不相邻。");
        }
        var prefecture = PrefectureOf(a);
        return prefecture is not null && prefecture == PrefectureOf(b)
            ? new(PlaceAgreement.SamePrefecture, false, $"{a.Name}与{b.Name}同属{prefecture.FullName}，但不是同一个县区。")
            : new(PlaceAgreement.SameProvince, false, $"{a.Name}与{b.Name}同属{a.Province.Name}，但不在同一个地市。");
    }

    // A municipality's districts (北京市朝阳区, 海淀区) are as close as two counties of one prefecture.
    private static Division? PrefectureOf(Division d) =>
        d.Prefecture ?? (d.Level == DivisionLevel.County && IsMunicipality(d.Province) ? d.Province : null);

    private static bool IsMunicipality(Division province) =>
        province.Code is "110000" or "120000" or "310000" or "500000";

    private static string Describe(PlaceAgreement level) => level switch
    {
        PlaceAgreement.SameCounty => "都在同一个县区",
        PlaceAgreement.SamePrefecture => "都在同一个地市",
        PlaceAgreement.SameProvince => "都在同一个省份",
        PlaceAgreement.NeighbouringProvince => "两地在相邻省份",
        _ => "两地不在同一省份，也不相邻",
    };
}
