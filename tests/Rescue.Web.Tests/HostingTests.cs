using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rescue.Testing;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

public class HostingTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Ready_health_check_reports_the_database_healthy()
    {
        var client = app.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/users", document);
        Assert.Contains("/api/v1/agencies/{agencyId}/api-keys", document);
    }

    [Fact]
    public async Task Every_response_carries_the_callers_correlation_id()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "test-correlation-42");

        var response = await client.GetAsync("/health/live");

        Assert.Equal("test-correlation-42", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_naming_the_field_and_changes_nothing()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var before = (await admin.GetAsAsync<List<UserAdministration.UserItem>>("/api/v1/users"))!.Count;

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "not-an-email", displayName = "x", password = "long enough password", role = Roles.Liaison });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadAsAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), problem.ToString());
        Assert.Equal(before, (await admin.GetAsAsync<List<UserAdministration.UserItem>>("/api/v1/users"))!.Count);
    }

    [Fact]
    public async Task Liaison_without_an_agency_is_refused_naming_the_agency_field()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);

        var response = await admin.PostAsJsonAsync("/api/v1/users", new { email = "l@test.rescue", displayName = "x", password = "long enough password", role = Roles.Liaison });

        var problem = await response.Content.ReadAsAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("agencyId", out _), problem.ToString());
    }
}
