using System.Net;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class RoleAccessTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>
    /// One endpoint of each role's group, with the roles (comma-separated) that own it; <c>{admission}</c> stands for a
    /// stay admitted for the test.
    /// </summary>
    public static TheoryData<string, string> Endpoints => new()
    {
        { "/api/v1/users", Roles.Administrator },
        { "/api/v1/admissions", Roles.StationStaff },
        { "/api/v1/notices", Roles.CaseOfficer },
        { "/api/v1/tips", Roles.CaseOfficer },
        { "/api/v1/agency", Roles.Liaison },
        { "/api/v1/announcements/export?format=csv", Station },
        { "/api/v1/announcements/newspaper.pdf", Station },
        { "/api/v1/policy", $"{Station},{Roles.Administrator}" },
        { "/api/v1/calendar/local-days", $"{Station},{Roles.Administrator}" },
        { "/api/v1/tasks/overdue-summary", Roles.Administrator },
        { "/api/v1/admissions/{admission}/forms/registration.pdf", Station },
        { "/api/v1/statistics/2026-11", Statistics },
        { "/api/v1/statistics/2026-11.xlsx", Statistics },
    };

    /// <summary>What anyone may read, signed in or not.</summary>
    public static TheoryData<string> Public => new()
    {
        "/gg/feed.atom",
        "/gg/feed.json",
    };

    /// <summary>The station's two roles: the match candidates are where staff and case officers each see the other's records.</summary>
    private const string Station = $"{Roles.StationStaff},{Roles.CaseOfficer}";

    /// <summary>The monthly statistics: the station's roles and the administrators who report them.</summary>
    private const string Statistics = $"{Roles.StationStaff},{Roles.CaseOfficer},{Roles.Administrator}";

    /// <summary>One page of each role, with the roles (comma-separated) that open it.</summary>
    public static TheoryData<string, string> Pages => new()
    {
        { "/admin/users", Roles.Administrator },
        { "/admissions", $"{Roles.StationStaff},{Roles.CaseOfficer}" },
        { "/admin/policy", Roles.Administrator },
        { "/admin/calendar", Roles.Administrator },
        { "/notices", Roles.CaseOfficer },
        { "/tips", Roles.CaseOfficer },
        { "/tips?status=Dismissed", Roles.CaseOfficer },
        { $"/tips/{Guid.Empty}", Roles.CaseOfficer },
        { "/agency", Roles.Liaison },
        { "/matching", Station },
        { "/matching?status=Confirmed", Station },
        { $"/matching/{Guid.Empty}", Station },
        { $"/matching/search?noticeId={Guid.Empty}", Station },
        { $"/matching/search?admissionId={Guid.Empty}", Station },
        { "/announcements", Station },
        { "/announcements?list=Withdrawn", Station },
        { $"/announcements/{Guid.Empty}", Station },
        { $"/admissions/{Guid.Empty}/settlement", Station },
        { "/statistics", Statistics },
        { "/statistics?month=2026-10", Statistics },
    };

    /// <summary>Pages for everyone: the public board and what a family fills in.</summary>
    public static TheoryData<string> PublicPages => new()
    {
        "/gg",
        "/gg?sex=Female&ageFrom=20&ageTo=60&region=110000&foundFrom=2026-01-01&page=2",
        "/public/notices/new",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_answers_its_role_and_refuses_the_others(string path, string owner)
    {
        foreach (var role in Roles.All)
        {
            var client = await SignedInAsync(role);
            var response = await client.GetAsync(await WithRecordsAsync(path));
            Assert.True(
                owner.Split(',').Contains(role) ? response.StatusCode == HttpStatusCode.OK : response.StatusCode == HttpStatusCode.Forbidden,
                $"{role} on {path}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_refuses_anonymous_callers_with_401(string path, string owner)
    {
        _ = owner;
        var response = await app.CreateBrowserlikeClient().GetAsync(await WithRecordsAsync(path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Public))]
    public async Task Public_path_answers_anonymous_callers_and_every_role(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserlikeClient().GetAsync(path)).StatusCode);
        foreach (var role in Roles.All) Assert.Equal(HttpStatusCode.OK, (await (await SignedInAsync(role)).GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_opens_for_its_role_and_is_denied_to_the_others(string path, string owners)
    {
        foreach (var role in Roles.All)
        {
            var response = await (await SignedInAsync(role)).GetAsync(path);
            if (owners.Split(',').Contains(role))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task Public_page_opens_for_everyone_signed_in_or_not(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserlikeClient().GetAsync(path)).StatusCode);
        foreach (var role in Roles.All)
        {
            Assert.Equal(HttpStatusCode.OK, (await (await SignedInAsync(role)).GetAsync(path)).StatusCode);
        }
    }

    private readonly Dictionary<string, HttpClient> _clients = [];

    private Guid? _admission;

    private async Task<string> WithRecordsAsync(string path)
    {
        if (!path.Contains("{admission}", StringComparison.Ordinal)) return path;
        _admission ??= (await app.AdmitAsync(await SignedInAsync(Roles.StationStaff), new { sex = "Male" })).Admission;
        return path.Replace("{admission}", _admission.ToString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsync(string role)
    {
        if (_clients.TryGetValue(role, out var client)) return client;
        return _clients[role] = await app.SignedInAsync(role);
    }
}
