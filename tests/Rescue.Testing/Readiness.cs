using System.Net;

namespace Rescue.Testing;

/// <summary>
/// Waits for the app's readiness: it serves requests at once but is ready only when its face index has loaded
/// (a background load), as a load balancer would wait.
/// </summary>
public static class Readiness
{
    /// <summary>The body of the first 200 from /health/ready ("Healthy"); throws if none comes within a minute.</summary>
    public static async Task<string> WaitAsync(HttpClient client)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK) return await response.Content.ReadAsStringAsync();
            if (waited.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"not ready after a minute: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }
}
