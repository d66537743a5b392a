namespace Rescue.Web.Features.Users;

/// <summary>The four roles of a station's users; each endpoint group requires one of them.</summary>
public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string StationStaff = nameof(StationStaff);
    public const string CaseOfficer = nameof(CaseOfficer);
    public const string Liaison = nameof(Liaison);

    public static readonly IReadOnlyList<string> All = [Administrator, StationStaff, CaseOfficer, Liaison];
}

/// <summary>Claim types Rescue adds to a signed-in user or an API key.</summary>
public static class RescueClaims
{
    /// <summary>The agency (police station or city-management unit) a liaison or API key acts for.</summary>
    public const string AgencyId = "rescue:agency";

    public const string DisplayName = "rescue:name";
}

/// <summary>Policies for endpoints that more than one role uses (single-role policies are named as the role).</summary>
public static class Policies
{
    /// <summary>The station's own people: staff and case officers, who see every record.</summary>
    public const string Station = nameof(Station);

    /// <summary>Reads of discovery reports: liaisons (their agency's only) and the station.</summary>
    public const string Reports = nameof(Reports);

    /// <summary>The monthly statistics: the station's roles and its administrators, who report to the civil-affairs bureau.</summary>
    public const string Statistics = nameof(Statistics);
}
