using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Rescue.Web.Components;
using Rescue.Web.Features.Photos;

namespace Rescue.Web.Hosting;

/// <summary>
/// Reads a record posted either as JSON, or as multipart/form-data with the record as a JSON part and
/// photos (or other files) as file parts, so one call carries a record and its photos and commits them together.
/// </summary>
public static class JsonWithPhotos
{
    public static async Task<(T Body, List<IncomingPhoto> Photos)> ReadAsync<T>(HttpRequest request, string part, CancellationToken ct)
        where T : class
    {
        var (body, files) = await ReadWithFilesAsync<T>(request, part, ct);
        return (body, IncomingPhoto.FromForm(files));
    }

    /// <summary>The record and the form's files as posted (none for JSON), for a call whose files are not photos.</summary>
    public static async Task<(T Body, IFormFileCollection Files)> ReadWithFilesAsync<T>(HttpRequest request, string part, CancellationToken ct)
        where T : class
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (!request.HasFormContentType)
        {
            using var reader = new StreamReader(request.Body);
            return (Deserialize<T>(await reader.ReadToEndAsync(ct), part, options), new FormFileCollection());
        }
        var form = await request.ReadFormAsync(ct);
        return (Deserialize<T>(form[part].ToString(), part, options), form.Files);
    }

    private static T Deserialize<T>(string text, string part, JsonSerializerOptions options)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ValidationFailedException(part, UiText.Format("Err.Missing"));
        try
        {
            return JsonSerializer.Deserialize<T>(text, options) ?? throw new ValidationFailedException(part, UiText.Format("Err.Missing"));
        }
        catch (JsonException e)
        {
            // The JSON path names the field: $.foundAt → foundAt.
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : part;
            throw new ValidationFailedException(field, UiText.Format("Err.Unreadable"));
        }
    }
}
