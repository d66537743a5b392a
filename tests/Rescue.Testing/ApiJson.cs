using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rescue.Testing;

/// <summary>Reads API responses as the app writes them (camelCase, enums by name).</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static Task<T?> ReadAsAsync<T>(this HttpContent content) => content.ReadFromJsonAsync<T>(Options);

    public static Task<T?> GetAsAsync<T>(this HttpClient client, string url) => client.GetFromJsonAsync<T>(url, Options);
}
