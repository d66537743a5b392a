using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Rescue.Testing;

namespace Rescue.Web.Tests;

public class ErrorPageTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Page_that_fails_shows_the_apps_error_page_in_Chinese_with_the_correlation_id()
    {
        var client = app.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "crash-zh-1");
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var response = await client.GetAsync("/test/fail");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("crash-zh-1", response.Headers.GetValues("X-Correlation-Id").Single());
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("系统出错了", html);
        Assert.Contains("<code data-correlation-id>crash-zh-1</code>", html);
        Assert.Contains("href=\"/\"", html);
        Assert.DoesNotContain("InvalidOperationException", html);
    }

    [Fact]
    public async Task Page_that_fails_shows_the_error_page_in_English_with_the_culture_cookie()
    {
        var client = app.CreateBrowserlikeClient();
        await client.GetAsync("/culture/en?returnUrl=/login");
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "crash-en-1");

        var response = await client.GetAsync("/test/fail");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("<html lang=\"en\"", html);
        Assert.Contains("Something went wrong", html);
        Assert.Contains("crash-en-1", html);
    }

    [Fact]
    public async Task Form_post_that_fails_shows_the_error_page_with_the_way_back_to_the_form()
    {
        var client = app.CreateBrowserlikeClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/test/fail")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "some-form", ["Name"] = "x" }),
        };
        request.Headers.Referrer = new Uri(client.BaseAddress!, "/admissions/new");

        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("系统出错了", html);
        Assert.Contains("href=\"/admissions/new\" data-action=\"back\"", html);
    }

    [Fact]
    public async Task Unknown_page_shows_the_not_found_page_of_the_app()
    {
        var client = app.CreateBrowserlikeClient();

        var response = await client.GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(html.Contains("找不到所要的页面或记录"), html);
        Assert.Contains("data-correlation-id", html);
        Assert.Contains("找不到所要的页面或记录 – 救助管理系统</title>", html);
    }

    [Theory]
    [InlineData("/api/test/fail", null)]
    [InlineData("/test/fail", "application/json")]
    public async Task Api_failure_still_answers_problem_json_with_a_localised_title(string path, string? accept)
    {
        var client = app.CreateClient();
        if (accept is not null) client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        client.DefaultRequestHeaders.Add("X-Correlation-Id", "api-crash-1");

        var chinese = await client.GetAsync(path);
        var english = await client.GetAsync(path + "?culture=en");

        Assert.Equal(HttpStatusCode.InternalServerError, chinese.StatusCode);
        Assert.Equal("application/problem+json", chinese.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await chinese.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("系统出错了", problem.GetProperty("title").GetString());
        Assert.Equal("api-crash-1", problem.GetProperty("correlationId").GetString());
        var englishProblem = JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Something went wrong", englishProblem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Unknown_api_address_answers_problem_json()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/no-such-thing?culture=en");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Not found", problem.GetProperty("title").GetString());
    }
}
