using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Rescue.Web.Components;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Settlement;

namespace Rescue.Web.Hosting;

/// <summary>
/// How large a request each route that takes files may send, declared on the route (<see cref="RequestSizeLimitAttribute"/>
/// on an API endpoint, <c>@attribute [RequestSizeLimit(...)]</c> on a page) and refused with 413 before anything is read.
/// </summary>
public static class UploadLimits
{
    /// <summary>Room beside the files for the record's JSON part, the other fields and the multipart framing.</summary>
    public const long FormRoom = 1024 * 1024;

    /// <summary>
    /// A record with its photos (at most <see cref="PhotoAttachments.MaxPerUpload"/>): ten phone photos of several MB each
    /// with room to spare; one photo may be as large as <see cref="PhotoStore.MaxBytes"/>. Under the form reader's own
    /// 128 MB limit for a multipart body, so that one never answers first.
    /// </summary>
    public const long Photos = 100 * 1024 * 1024;

    /// <summary>A form that carries at most one photo (a tip from the public).</summary>
    public const long OnePhoto = PhotoStore.MaxBytes + FormRoom;

    /// <summary>A settlement step and its document.</summary>
    public const long Document = SettlementDocuments.MaxBytes + FormRoom;

    /// <summary>A file of notices to import (<see cref="NoticeImporter.MaxUploadBytes"/>; its form options say the same).</summary>
    public const long NoticeFile = NoticeImporter.MaxUploadBytes;

    /// <summary>Declares the route's limit.</summary>
    public static TBuilder WithUploadLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequestSizeLimitAttribute(bytes));

    /// <summary>
    /// Applies the route's declared limit: a body that says it is larger gets 413 at once (as ProblemDetails, or the
    /// error page for a person), and the server's own limit is set to it so a body that does not say its size is cut
    /// off at the same point.
    /// </summary>
    public static IApplicationBuilder UseUploadLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit)
        {
            if (context.Request.ContentLength > limit)
            {
                throw new BadHttpRequestException(UiText.Format("Err.RequestTooLarge", Math.Max(1, limit / (1024 * 1024))), StatusCodes.Status413PayloadTooLarge);
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server) server.MaxRequestBodySize = limit;
        }
        await next(context);
    });
}
