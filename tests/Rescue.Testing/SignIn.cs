using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Rescue.Web.Data;
using Rescue.Web.Hosting;

namespace Rescue.Testing;

/// <summary>Signs in through the real login form, as a browser would (antiforgery token included).</summary>
public static partial class SignIn
{
    public static Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/login", "login", ("Input.Email", email), ("Input.Password", password));

    /// <summary>Opens a page and posts its form named <paramref name="form"/> with the page's antiforgery token, as a browser does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string form, params (string Name, string Value)[] fields) =>
        await client.PostAsync(path, new FormUrlEncodedContent(await FormValuesAsync(client, path, form, fields)));

    /// <summary>Posts a page's form as multipart/form-data, as a browser does a form that takes files (none here).</summary>
    public static async Task<HttpResponseMessage> PostMultipartFormAsync(this HttpClient client, string path, string form, params (string Name, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in await FormValuesAsync(client, path, form, fields)) content.Add(new StringContent(value), name);
        return await client.PostAsync(path, content);
    }

    private static async Task<Dictionary<string, string>> FormValuesAsync(HttpClient client, string path, string form, (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(path);
        var values = new Dictionary<string, string>
        {
            ["_handler"] = form,
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
        };
        foreach (var (name, value) in fields) values[name] = value;
        return values;
    }

    /// <summary>
    /// Signs in and fails the test unless the login page redirects onwards; from then on the client sends the header
    /// a signed-in page's script sends with its API changes (<see cref="CookiePosts"/>).
    /// </summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostLoginAsync(email, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var page = await response.Content.ReadAsStringAsync();
            var said = Regex.Match(page, "class=\"error[^\"]*\"[^>]*>([^<]*)<").Groups[1].Value;
            throw new InvalidOperationException($"sign-in as {email} failed: {(int)response.StatusCode} {said}");
        }
        client.DefaultRequestHeaders.Remove(CookiePosts.Header);
        client.DefaultRequestHeaders.Add(CookiePosts.Header, "1");
    }

    /// <summary>
    /// A client that keeps cookies and does not follow redirects, so tests see them; to the Kestrel server when the app
    /// runs on one (a browser test's), else in memory.
    /// </summary>
    public static HttpClient CreateBrowserlikeClient(this WebApplicationFactory<Program> factory) =>
        factory is RescueApp { KestrelAddress: { } address }
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = new Uri(address) }
            : factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser-like client signed in as the demo user of <paramref name="role"/>.</summary>
    public static async Task<HttpClient> SignedInAsync(this WebApplicationFactory<Program> factory, string role)
    {
        var client = factory.CreateBrowserlikeClient();
        var user = DemoData.Users.Single(u => u.Role == role);
        await client.SignInAsync(user.Email, user.Password);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
