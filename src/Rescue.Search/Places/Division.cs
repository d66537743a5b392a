namespace Rescue.Search.Places;

/// <summary>The three levels of China's administrative divisions that matching compares.</summary>
public enum DivisionLevel
{
    /// <summary>省级: province, autonomous region, municipality, special administrative region.</summary>
    Province,

    /// <summary>地级: prefecture-level city, 地区, 自治州, 盟.</summary>
    Prefecture,

    /// <summary>县级: county, district, county-level city, 旗.</summary>
    County,
}

/// <summary>One administrative division (GB/T 2260 code, name, the division it belongs to).</summary>
public sealed class Division
{
    internal Division(string code, string name, Division? parent)
    {
        Code = code;
        Name = name;
        Parent = parent;
        // The code says the level: a municipality's districts hang under the province yet are counties.
        Level = code.EndsWith("0000", StringComparison.Ordinal) ? DivisionLevel.Province
            : code.EndsWith("00", StringComparison.Ordinal) ? DivisionLevel.Prefecture
            : DivisionLevel.County;
    }

    /// <summary>Six-digit GB/T 2260 code, e.g. 430524.</summary>
    public string Code { get; }

    /// <summary>Official name with its suffix, e.g. 隆回县.</summary>
    public string Name { get; }

    public Division? Parent { get; }

    public DivisionLevel Level { get; }

    /// <summary>The province this division lies in (itself for a province).</summary>
    public Division Province => Parent is null ? this : Parent.Province;

    /// <summary>
    /// The prefecture this division lies in, or null for a province and for a county that belongs directly to
    /// its province (a municipality's districts, 省直辖县级市 such as 仙桃市).
    /// </summary>
    public Division? Prefecture => Level switch
    {
        DivisionLevel.Prefecture => this,
        DivisionLevel.County when Parent!.Level == DivisionLevel.Prefecture => Parent,
        _ => null,
    };

    /// <summary>The names from the province down, e.g. 湖南省邵阳市隆回县.</summary>
    public string FullName => Parent is null ? Name : Parent.FullName + Name;

    /// <summary>True when <paramref name="other"/> is this division or lies within it.</summary>
    public bool Contains(Division other)
    {
        for (Division? d = other; d is not null; d = d.Parent)
        {
            if (ReferenceEquals(d, this))
            {
                return true;
            }
        }
        return false;
    }

    public override string ToString() => $"{FullName} ({Code})";
}
