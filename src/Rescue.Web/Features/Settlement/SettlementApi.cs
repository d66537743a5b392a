using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Settlement;

/// <summary>A stay's settlement (落户安置): the eligibility check, the steps, their documents.</summary>
public static class SettlementApi
{
    /// <summary>The multipart part that carries the step as JSON, and the file part of its document.</summary>
    public const string StepPart = "step";

    public const string DocumentPart = "document";

    public static IEndpointRouteBuilder MapSettlementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admissions/{id:guid}/settlement").WithTags("Settlement").RequireAuthorization(Policies.Station);
        api.MapGet("", GetSettlement).WithName(nameof(GetSettlement))
            .WithSummary("A stay's settlement: the eligibility check (each condition by code and name, met or not), the steps done and the next ones. The new ID number is in full for case officers (an audited read), masked for station staff.");
        // Same reasoning as admissions: a cookie caller sends the header Hosting/CookiePosts.cs asks for.
        api.MapPost("/steps", RecordStep)
            .RequireAuthorization(Roles.CaseOfficer)
            .DisableAntiforgery()
            .WithUploadLimit(UploadLimits.Document)
            .Accepts<Settlements.StepForm>("application/json", "multipart/form-data")
            .Produces<SettlementStepView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .WithName(nameof(RecordStep))
            .WithSummary("Records a settlement step: JSON, or multipart with a 'step' JSON part and an optional 'document' file (PDF, JPEG or PNG). Each step needs the one before; the application needs every eligibility condition.");
        api.MapGet("/steps/{kind}/document", GetStepDocument)
            .RequireAuthorization(Roles.CaseOfficer)
            .WithName(nameof(GetStepDocument))
            .WithSummary("The document of a step, as uploaded, for download. The read is audited.");
        return app;
    }

    private static async Task<Results<Ok<SettlementView>, NotFound>> GetSettlement(Guid id, ClaimsPrincipal user, Settlements settlements, CancellationToken ct) =>
        await settlements.GetAsync(id, user, ct) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<Results<Created<SettlementStepView>, NotFound>> RecordStep(Guid id, HttpRequest request, ClaimsPrincipal user, Settlements settlements, CancellationToken ct)
    {
        var (form, files) = await JsonWithPhotos.ReadWithFilesAsync<Settlements.StepForm>(request, StepPart, ct);
        var document = files.GetFiles(DocumentPart).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList() switch
        {
            [] => null,
            [var file] => new Settlements.Upload(DocumentPart, file.FileName, file.OpenReadStream),
            _ => throw new ValidationFailedException(DocumentPart, UiText.Format("Err.Settlement.OneDocument")),
        };
        return await settlements.RecordAsync(id, form, document, Actor.Of(user), ct) is { } step
            ? TypedResults.Created($"/api/v1/admissions/{id}/settlement", step)
            : TypedResults.NotFound();
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> GetStepDocument(Guid id, string kind, Settlements settlements, CancellationToken ct)
    {
        var step = RequestValidation.EnumOrNull<SettlementStepKind>(kind, "kind");
        // A download, never shown inline: a PDF viewer in the browser is not where a scanned ID card belongs.
        return step is { } k && await settlements.OpenDocumentAsync(id, k, ct) is { } document
            ? TypedResults.File(document.Content, document.ContentType, document.Name)
            : TypedResults.NotFound();
    }
}
