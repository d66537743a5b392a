using System.Net;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>A page's address with a value that cannot be read is a 400 that names it, never a 500.</summary>
public class PageQueryTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Theory]
    [InlineData(Roles.StationStaff, "/reports?from=x", "from")]
    [InlineData(Roles.StationStaff, "/reports?to=2026-02-30", "to")]
    [InlineData(Roles.StationStaff, "/reports?agency=nope", "agency")]
    [InlineData(Roles.StationStaff, "/reports?status=Lost", "status")]
    [InlineData(Roles.StationStaff, "/admissions?from=yesterday", "from")]
    [InlineData(Roles.StationStaff, "/admissions?status=1", "status")]
    [InlineData(Roles.StationStaff, "/admissions/new?reportId=nope", "reportId")]
    [InlineData(Roles.CaseOfficer, "/notices?status=Open,Found", "status")]
    [InlineData(Roles.CaseOfficer, "/notices?source=Fax", "source")]
    [InlineData(Roles.StationStaff, "/gg?ageFrom=forty", "ageFrom")]
    [InlineData(Roles.StationStaff, "/gg?region=Beijing", "region")]
    [InlineData(Roles.CaseOfficer, "/tips?status=Lost", "status")]
    public async Task Unreadable_query_value_is_a_400_naming_it(string role, string url, string parameter)
    {
        var client = await app.SignedInAsync(role);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"data-parameter=\"{parameter}\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.StationStaff, "/reports?from=&to=&status=&agency=&q=")]
    [InlineData(Roles.StationStaff, "/reports?from=2026-01-01&status=submitted")]
    [InlineData(Roles.StationStaff, "/admissions?from=2026-01-01&to=2026-12-31&status=InStation")]
    [InlineData(Roles.CaseOfficer, "/notices?status=PendingVetting&source=PublicForm")]
    [InlineData(Roles.StationStaff, "/gg?sex=&ageFrom=&ageTo=&heightFrom=&heightTo=&region=&foundFrom=&foundTo=&dialect=")]
    [InlineData(Roles.StationStaff, "/gg?sex=female&ageFrom=20&ageTo=60&heightFrom=150&heightTo=180&region=430524&foundFrom=2026-01-01&foundTo=2026-12-31&dialect=%E6%B9%98&page=2")]
    [InlineData(Roles.CaseOfficer, "/tips?status=New")]
    public async Task Empty_and_readable_query_values_are_taken(string role, string url)
    {
        var client = await app.SignedInAsync(role);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("bad-query", await response.Content.ReadAsStringAsync());
    }
}
