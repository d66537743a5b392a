using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Announcements;

/// <summary>The station's export of its current announcements: PFIF, CSV and Excel.</summary>
public static class AnnouncementExportApi
{
    public static IEndpointRouteBuilder MapAnnouncementExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/announcements/export", ExportAnnouncements)
            .WithTags("Announcements")
            .RequireAuthorization(Policies.Station)
            .Produces(StatusCodes.Status200OK, contentType: AnnouncementExport.ContentType(AnnouncementExportFormat.Pfif))
            .Produces(StatusCodes.Status200OK, contentType: AnnouncementExport.ContentType(AnnouncementExportFormat.Csv))
            .Produces(StatusCodes.Status200OK, contentType: AnnouncementExport.ContentType(AnnouncementExportFormat.Xlsx))
            .ProducesValidationProblem()
            .WithName(nameof(ExportAnnouncements))
            .WithSummary("The current announcements as PFIF 1.4 (format=pfif, the default: a person and an at-the-station note each), " +
                "or CSV (format=csv) or Excel (format=xlsx) in the national family-search site's field order.");
        return app;
    }

    private static PushStreamHttpResult ExportAnnouncements(string? format, HttpRequest request, AnnouncementExport export, TimeProvider clock, CancellationToken ct)
    {
        var chosen = (format ?? "pfif").ToLowerInvariant() switch
        {
            "pfif" => AnnouncementExportFormat.Pfif,
            "csv" => AnnouncementExportFormat.Csv,
            "xlsx" => AnnouncementExportFormat.Xlsx,
            _ => throw new ValidationFailedException(nameof(format), UiText.Format("Err.OneOf", "pfif, csv, xlsx")),
        };
        var links = AnnouncementLinks.For(request);
        return TypedResults.Stream(stream => export.WriteAsync(chosen, stream, links, ct), AnnouncementExport.ContentType(chosen),
            AnnouncementExport.FileName(chosen, clock.GetUtcNow()));
    }
}
