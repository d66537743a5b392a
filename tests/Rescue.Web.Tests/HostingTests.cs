using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rescue.Testing;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using SkiaSharp;

namespace Rescue.Web.Tests;

public class HostingTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Ready_health_check_reports_the_database_healthy()
    {
        var client = app.CreateClient();

        Assert.Equal("Healthy", await Readiness.WaitAsync(client));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
    }

    [Fact]
    public async Task OpenApi_document_lists_the_api()
    {
        var document = await (await app.SignedInAsync(Roles.Liaison)).GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/v1/users", document);
        Assert.Contains("/api/v1/agencies/{agencyId}/api-keys", document);
    }

    [Fact]
    public async Task Api_description_and_its_page_are_for_signed_in_users_and_api_keys_only()
    {
        var anonymous = app.CreateBrowserlikeClient();
        var admin = await app.SignedInAsync(Roles.Administrator);
        var police = (await admin.GetAsAsync<List<UserAdministration.AgencyItem>>("/api/v1/agencies"))!.Single(a => a.Name == Rescue.Web.Data.DemoData.PoliceAgency);
        var issued = await (await admin.PostAsJsonAsync($"/api/v1/agencies/{police.Id}/api-keys", new { name = "文档" })).Content.ReadAsAsync<UserAdministration.IssuedApiKey>();
        var partner = app.CreateClient();
        partner.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.Header, issued!.Secret);

        var anonymousDocument = await anonymous.GetAsync("/openapi/v1.json");
        var anonymousPage = await anonymous.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDocument.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymousPage.StatusCode);
        Assert.StartsWith("/login", anonymousPage.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/scalar/v1")).StatusCode);
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

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var liaison = await app.SignedInAsync(Roles.Liaison);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var photo = await FileReportWithPhotoAsync(liaison);
        var anonymous = app.CreateBrowserlikeClient();

        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["page"] = await anonymous.GetAsync("/login"),
            ["signed-in page"] = await liaison.GetAsync("/"),
            ["api"] = await liaison.GetAsync("/api/v1/agency"),
            ["api refusal"] = await anonymous.GetAsync("/api/v1/agency"),
            ["api 404"] = await liaison.GetAsync("/api/v1/no-such-thing"),
            ["api crash"] = await anonymous.GetAsync("/api/test/fail"),
            ["static file"] = await anonymous.GetAsync("/app.css"),
            ["photo"] = await liaison.GetAsync(photo),
            ["file download"] = await officer.GetAsync("/api/v1/notices/export?format=csv"),
            ["error page"] = await anonymous.GetAsync("/no/such/page"),
            ["crash"] = await anonymous.GetAsync("/test/fail"),
        };

        foreach (var (kind, response) in responses)
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, $"{kind} ({(int)response.StatusCode}) has no Content-Security-Policy");
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.DoesNotContain("unsafe-eval", csp);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
            Assert.Equal(SecurityHeaders.PermissionsPolicy, Header(response, "Permissions-Policy"));
            Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        }
        Assert.Equal(HttpStatusCode.OK, responses["file download"].StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, responses["error page"].StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, responses["api 404"].StatusCode);
        Assert.Equal(HttpStatusCode.OK, responses["photo"].StatusCode);
        Assert.Equal("image/jpeg", responses["photo"].Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Each_page_title_names_the_page_then_the_app()
    {
        var admin = await app.SignedInAsync(Roles.Administrator);
        var anonymous = app.CreateBrowserlikeClient();

        Assert.Equal("登录 – 救助管理系统", TitleOf(await anonymous.GetStringAsync("/login")));
        Assert.Equal("首页 – 救助管理系统", TitleOf(await admin.GetStringAsync("/")));
        Assert.Equal("用户管理 – 救助管理系统", TitleOf(await admin.GetStringAsync("/admin/users")));
        Assert.Equal("Agencies and API keys – Rescue", TitleOf(await admin.GetStringAsync("/admin/agencies?culture=en")));
    }

    [Fact]
    public async Task Favicon_is_linked_from_every_page_and_served()
    {
        var client = app.CreateBrowserlikeClient();
        var page = await client.GetStringAsync("/login");
        var linked = Regex.Match(page, "<link rel=\"icon\" href=\"([^\"]+)\"").Groups[1].Value;

        var icon = await client.GetAsync("/" + linked.TrimStart('/'));
        var ico = await client.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, ico.StatusCode);
        Assert.Equal([0, 0, 1, 0], (await ico.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task OpenApi_document_declares_the_api_key_on_the_operations_a_key_may_call()
    {
        var document = JsonDocument.Parse(await (await app.SignedInAsync(Roles.Liaison)).GetStringAsync("/openapi/v1.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(TakesApiKey(paths.GetProperty("/api/v1/reports").GetProperty("post")));
        Assert.True(TakesApiKey(paths.GetProperty("/api/v1/agency").GetProperty("get")));
        Assert.False(TakesApiKey(paths.GetProperty("/api/v1/users").GetProperty("get")));
    }

    [Fact]
    public async Task OpenApi_document_declares_the_idempotency_key_where_it_is_honoured()
    {
        var paths = JsonDocument.Parse(await (await app.SignedInAsync(Roles.Liaison)).GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");

        var fileReport = HeaderParameters(paths.GetProperty("/api/v1/reports").GetProperty("post"));
        var createUser = HeaderParameters(paths.GetProperty("/api/v1/users").GetProperty("post"));

        var key = Assert.Single(fileReport, p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.False(key.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal(100, key.GetProperty("schema").GetProperty("maxLength").GetInt32());
        Assert.DoesNotContain(createUser, p => p.GetProperty("name").GetString() == "Idempotency-Key");
    }

    private static bool TakesApiKey(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("ApiKey", out _));

    private static List<JsonElement> HeaderParameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").ToList()
            : [];

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;

    private static string TitleOf(string html)
    {
        var titles = Regex.Matches(html, "<title>([^<]*)</title>");
        return Assert.Single(titles).Groups[1].Value;
    }

    private async Task<string> FileReportWithPhotoAsync(HttpClient liaison)
    {
        var form = new MultipartFormDataContent { { JsonContent.Create(ReportTests.ValidReport(app.Clock, "安全头测试地点")), "report" } };
        form.Add(new ByteArrayContent(TestImages.Jpeg(400, 300, SKColors.Teal)), "photos", "IMG.jpg");
        var response = await liaison.PostAsync("/api/v1/reports", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.Content.ReadAsAsync<ReportDetails>();
        return Assert.Single(report!.Photos).Thumbnail;
    }
}
