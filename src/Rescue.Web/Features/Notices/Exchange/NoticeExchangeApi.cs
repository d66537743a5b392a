using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Rescue.Web.Components;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>Case officers' bulk import and export of missing-person notices.</summary>
public static class NoticeExchangeApi
{
    public static IEndpointRouteBuilder MapNoticeExchangeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notices")
            .WithTags("Notices")
            .RequireAuthorization(Roles.CaseOfficer);

        // A cookie caller sends the header Hosting/CookiePosts.cs asks for, which a form of another site cannot.
        // A 100,000-row file is about 30 MB, the server's default limit for a request: the importer sets a larger one.
        api.MapPost("/import", ImportNotices)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.NoticeFile)
            .WithFormOptions(multipartBodyLengthLimit: NoticeImporter.MaxUploadBytes)
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesValidationProblem()
            .WithName(nameof(ImportNotices))
            .WithSummary("Imports notices from a CSV, Excel (.xlsx) or PFIF 1.2–1.4 file in the 'file' part; dryRun=true reports without storing. The answer is the same summary the CLI prints.");
        api.MapGet("/export", ExportNotices)
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .WithName(nameof(ExportNotices))
            .WithSummary("The open notices as PFIF 1.4 (format=pfif, the default) or CSV in the import layout (format=csv).");

        return app;
    }

    private static async Task<Ok<ImportSummary>> ImportNotices(IFormFile file, bool? dryRun, string? source, string? format, ClaimsPrincipal user,
        NoticeImporter importer, CancellationToken ct)
    {
        try
        {
            var request = new ImportRequest(file.FileName, dryRun ?? false, source, format is null ? null : ImportRequest.ParseFormat(format));
            await using var stream = await SeekableAsync(file, ct);
            return TypedResults.Ok(await importer.ImportAsync(stream, request, user.FindFirstValue(ClaimTypes.NameIdentifier)!, null, ct));
        }
        catch (ImportFileException e)
        {
            throw new ValidationFailedException(nameof(file), e.Message);
        }
    }

    private static PushStreamHttpResult ExportNotices(string? format, NoticeExporter exporter, TimeProvider clock, CancellationToken ct)
    {
        var chosen = (format ?? "pfif").ToLowerInvariant() switch
        {
            "pfif" => ExportFormat.Pfif,
            "csv" => ExportFormat.Csv,
            _ => throw new ValidationFailedException(nameof(format), UiText.Format("Err.OneOf", "pfif, csv")),
        };
        return TypedResults.Stream(stream => exporter.WriteAsync(chosen, stream, ct), NoticeExporter.ContentType(chosen), NoticeExporter.FileName(chosen, clock.GetUtcNow()));
    }

    /// <summary>The importer reads the file twice (its hash, then its records); an upload buffered by the server already seeks.</summary>
    internal static async Task<Stream> SeekableAsync(IFormFile file, CancellationToken ct)
    {
        var stream = file.OpenReadStream();
        if (stream.CanSeek) return stream;
        await using (stream)
        {
            var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            return copy;
        }
    }
}
