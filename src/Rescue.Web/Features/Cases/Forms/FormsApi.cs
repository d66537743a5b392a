using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Cases.Forms;

/// <summary>A stay's printable forms (PDF), for the station.</summary>
public static class FormsApi
{
    public static IEndpointRouteBuilder MapFormsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admissions/{id:guid}/forms/{form}.pdf", GetCaseForm).WithName(nameof(GetCaseForm)).WithTags("Cases")
            .RequireAuthorization(Policies.Station)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("A stay's form as an A4 PDF in Chinese: registration (入站登记表), self-departure (自行离站声明书), service-record "
                + "(在站服务及离站登记表), termination (终止救助通知书, only after a termination) or hukou-application (入户申请审批表). "
                + "404 for an unknown stay or form. The read is audited.");
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> GetCaseForm(
        Guid id, string form, ClaimsPrincipal user, CaseFiles files, CaseForms forms, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        if (CaseForms.FromSlug(form) is not { } which) return TypedResults.NotFound();
        if (await files.LoadAsync(id, user, ct) is not { } file) return TypedResults.NotFound();
        var pdf = forms.Print(which, file);
        await audit.RecordReadAsync(nameof(Admission), id, $"form {form}", ct);
        // The forms hold what the person told and their health: no copy kept by a browser or a proxy.
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.File(pdf, "application/pdf", $"{file.Admission.CaseNumber}-{form}.pdf");
    }
}
