using System.Net;
using System.Net.Http.Json;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class ApiKeyTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Api_key_authenticates_its_agency_until_revoked()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var agencies = await admin.GetAsAsync<List<UserAdministration.AgencyItem>>("/api/v1/agencies");
        var police = agencies!.Single(a => a.Name == DemoData.PoliceAgency);
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{police.Id}/api-keys", new { name = "110 联动平台" }))
            .Content.ReadAsAsync<UserAdministration.IssuedApiKey>();

        var system = app.CreateClient();
        system.DefaultRequestHeaders.Add("X-Api-Key", issued!.Secret);
        var agency = await system.GetAsAsync<UserAdministration.AgencyItem>("/api/v1/agency");
        var adminOnly = await system.GetAsync("/api/v1/users");

        Assert.Equal(police.Id, agency!.Id);
        Assert.Equal(HttpStatusCode.Forbidden, adminOnly.StatusCode);

        var revoke = await admin.DeleteAsync($"/api/v1/api-keys/{issued.Key.Id}");
        var afterRevoke = await system.GetAsync("/api/v1/agency");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored_and_its_list_never_shows_the_secret()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var agencies = await admin.GetAsAsync<List<UserAdministration.AgencyItem>>("/api/v1/agencies");
        var agencyId = agencies![0].Id;
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{agencyId}/api-keys", new { name = "test" }))
            .Content.ReadAsAsync<UserAdministration.IssuedApiKey>();

        var list = await admin.GetStringAsync($"/api/v1/agencies/{agencyId}/api-keys");

        Assert.Contains(issued!.Key.Prefix, list);
        Assert.DoesNotContain(issued.Secret, list);
    }

    [Theory]
    [InlineData("rk_0000000000000000.made-up")]
    [InlineData("not a key")]
    public async Task Unknown_or_malformed_key_is_refused(string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.GetAsync("/api/v1/agency");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
