using System.Text;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Rescue.Web.Hosting;

/// <summary>
/// Reads a page's posted form before antiforgery and Blazor do, so every value reaches the page's own checks, which
/// name the field in the reader's language. ASP.NET Core's form reader refuses a whole URL-encoded form for one NUL in
/// one value (its URL decoder rejects <c>%00</c>); antiforgery then takes the form for a forged one and Blazor answers
/// an empty 400. Such a form is read again here with the same limits, NUL kept, so the page refuses the value under its
/// field as the API does. A form past the reader's limits, or one that cannot be read at all, gets the error page.
/// </summary>
public static class PageForms
{
    public static IApplicationBuilder UsePageForms(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsPageForm(context))
        {
            var urlEncoded = context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
            // Only a URL-encoded form is read twice, and it is small: a page's fields, no files.
            if (urlEncoded) context.Request.EnableBuffering();
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException refused)
            {
                if (!urlEncoded) throw new BadHttpRequestException(refused.Message, StatusCodes.Status400BadRequest, refused);
                var limits = context.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
                context.Features.Set<IFormFeature>(new FormFeature(await ReadKeepingEveryCharacterAsync(context.Request, limits, context.RequestAborted)));
            }
        }
        await next(context);
    });

    /// <summary>A form posted to a page, outside the error page's own run (which reads no form).</summary>
    private static bool IsPageForm(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.Request.HasFormContentType
        && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
        && context.Features.Get<IExceptionHandlerFeature>() is null
        && context.Features.Get<IStatusCodeReExecuteFeature>() is null;

    /// <summary>
    /// The URL-encoded form as posted, within the framework reader's limits (lengths as sent, encoded), every character
    /// kept: what the framework's reader refused for a character is left to the page's checks.
    /// </summary>
    private static async Task<FormCollection> ReadKeepingEveryCharacterAsync(HttpRequest request, FormOptions limits, CancellationToken ct)
    {
        request.Body.Position = 0;
        // One value may be this long; the whole of a page's form past it is too large to read into memory.
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var form = new StringBuilder();
        var chunk = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(chunk, ct)) > 0)
        {
            form.Append(chunk, 0, read);
            if (form.Length > limits.ValueLengthLimit) throw TooLarge($"form length limit {limits.ValueLengthLimit} exceeded");
        }

        var fields = new KeyValueAccumulator();
        foreach (var pair in new QueryStringEnumerable(form.ToString()))
        {
            if (pair.EncodedName.Length > limits.KeyLengthLimit) throw TooLarge($"form key length limit {limits.KeyLengthLimit} exceeded");
            if (fields.ValueCount >= limits.ValueCountLimit) throw TooLarge($"form value count limit {limits.ValueCountLimit} exceeded");
            fields.Append(pair.DecodeName().ToString(), pair.DecodeValue().ToString());
        }
        return new FormCollection(fields.HasValues ? fields.GetResults() : new Dictionary<string, StringValues>());
    }

    private static BadHttpRequestException TooLarge(string message) => new(message, StatusCodes.Status413PayloadTooLarge);
}
