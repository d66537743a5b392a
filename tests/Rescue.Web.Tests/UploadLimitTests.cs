using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Hosting;

namespace Rescue.Web.Tests;

/// <summary>Every route that takes files declares how much it takes, and a larger request gets 413 before anything is stored (Hosting/UploadLimits.cs).</summary>
public class UploadLimitTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public void Every_api_endpoint_that_takes_multipart_declares_its_size_limit()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().Any(a => a.ContentTypes.Contains("multipart/form-data")))
            .ToList();

        Assert.True(endpoints.Count >= 9, $"only {endpoints.Count} multipart endpoints found");
        var unlimited = endpoints.Where(e => e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is null).Select(e => e.RoutePattern.RawText).ToList();
        Assert.Empty(unlimited);
    }

    [Fact]
    public void Every_page_with_a_file_form_declares_its_size_limit()
    {
        // A component takes files when it binds a posted IFormFile; a page takes them when it, or a component it shows, does.
        var components = Path.Combine(AppProcess.RepositoryRoot(), "src", "Rescue.Web", "Components");
        var sources = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .ToDictionary(f => "Rescue.Web.Components." + Path.ChangeExtension(Path.GetRelativePath(components, f), null).Replace(Path.DirectorySeparatorChar, '.'), File.ReadAllText);
        var takingFiles = sources.Where(s => Regex.IsMatch(s.Value, @"\bIFormFile")).Select(s => s.Key).ToHashSet();
        var pages = sources.Where(s => s.Value.StartsWith("@page", StringComparison.Ordinal)
                && (takingFiles.Contains(s.Key) || takingFiles.Any(c => s.Value.Contains("<" + c.Split('.')[^1], StringComparison.Ordinal))))
            .Select(s => s.Key).ToHashSet();
        var pageEndpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is { } component && pages.Contains(component.Type.FullName!))
            .ToList();

        Assert.True(pages.Count >= 9, "file pages found: " + string.Join(", ", pages));
        Assert.Equal(pages.Order(), pageEndpoints.Select(e => e.Metadata.GetMetadata<ComponentTypeMetadata>()!.Type.FullName!).Distinct().Order());
        var unlimited = pageEndpoints.Where(e => e.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is null).Select(e => e.DisplayName).ToList();
        Assert.Empty(unlimited);
    }

    [Fact]
    public async Task Tip_larger_than_its_limit_gets_413_problem_details_and_stores_nothing()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        var before = await TipCountAsync();

        var response = await app.CreateClient().PostAsync($"/api/v1/public/announcements/{code}/tips", new MultipartFormDataContent
        {
            { JsonContent.Create(new { message = "我在火车站见过他", senderName = "路人", senderPhone = "13800000000" }), "tip" },
            { new ByteArrayContent(new byte[UploadLimits.OnePhoto]), "photos", "huge.jpg" },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadAsAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("21 MB", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await TipCountAsync());
    }

    [Fact]
    public async Task Page_form_larger_than_its_limit_gets_the_413_error_page()
    {
        var (_, code) = await app.PublishedAnnouncementAsync();
        var visitor = app.CreateBrowserlikeClient();
        await visitor.GetStringAsync($"/gg/{code}/tip");

        var response = await visitor.PostAsync($"/gg/{code}/tip", new MultipartFormDataContent
        {
            { new StringContent("tip"), "_handler" },
            { new ByteArrayContent(new byte[UploadLimits.OnePhoto]), "Photos", "huge.jpg" },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("class=\"card error-page\"", await response.Content.ReadAsStringAsync());
    }

    private async Task<long> TipCountAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Tips" """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
