using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rescue.Web.Components;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Matching;

/// <summary>The review queue's API: candidates, their details, decisions, repeat-visit links and the hand search.</summary>
public static class MatchingApi
{
    public static IEndpointRouteBuilder MapMatchingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/matching").WithTags("Matching").RequireAuthorization(Policies.Station);

        api.MapGet("/candidates", ListCandidates).WithName(nameof(ListCandidates))
            .WithSummary("Candidates of a status (New by default), best first; admissionId or noticeId narrows to one record's.");
        api.MapGet("/candidates/{id:guid}", GetCandidate).WithName(nameof(GetCandidate))
            .WithSummary("One candidate: both records side by side and every part of the score. The read is audited.");
        api.MapPost("/candidates/{id:guid}/confirm", ConfirmCandidate).WithName(nameof(ConfirmCandidate))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Confirms a candidate: the notice is found and the person identified, or a repeat visit is linked to the earlier Person.");
        api.MapPost("/candidates/{id:guid}/reject", RejectCandidate).WithName(nameof(RejectCandidate))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Rejects a candidate with a reason; it is not proposed again unless one record changes materially.");
        api.MapPost("/links/{id:guid}/undo", UndoLink).WithName(nameof(UndoLink))
            .RequireAuthorization(Roles.CaseOfficer)
            .WithSummary("Undoes a repeat-visit link: the admission returns to the Person it had.");
        api.MapGet("/search", SearchByHand).WithName(nameof(SearchByHand))
            .WithSummary("The top 20 of the other side for a notice (noticeId) or an admission (admissionId), filtered by sex and a lowest total. The read is audited.");
        return app;
    }

    private static async Task<Ok<List<CandidateItem>>> ListCandidates(CandidateQueries queries, string? status, Guid? admissionId, Guid? noticeId, int? take, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(RequestValidation.EnumOrNull<CandidateStatus>(status, "status") ?? CandidateStatus.New, admissionId, noticeId, take ?? 100, ct));

    private static async Task<Results<Ok<CandidateDetails>, NotFound>> GetCandidate(Guid id, CandidateQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, ct) is { } candidate ? TypedResults.Ok(candidate) : TypedResults.NotFound();

    private static async Task<Results<Ok<CandidateDetails>, NotFound>> ConfirmCandidate(Guid id, CandidateDecision? decision, ClaimsPrincipal user, MatchCandidates candidates, CandidateQueries queries, CancellationToken ct)
    {
        if (await candidates.ConfirmAsync(id, decision?.Note, Actor.Of(user).Id, Actor.Of(user).Name, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok((await queries.GetAsync(id, ct))!);
    }

    private static async Task<Results<Ok<CandidateDetails>, NotFound>> RejectCandidate(Guid id, CandidateDecision decision, ClaimsPrincipal user, MatchCandidates candidates, CandidateQueries queries, CancellationToken ct)
    {
        decision.RequireReason();
        if (await candidates.RejectAsync(id, decision.Note!, Actor.Of(user).Id, Actor.Of(user).Name, ct) is null) return TypedResults.NotFound();
        return TypedResults.Ok((await queries.GetAsync(id, ct))!);
    }

    private static async Task<Results<NoContent, NotFound>> UndoLink(Guid id, ClaimsPrincipal user, MatchCandidates candidates, CancellationToken ct) =>
        await candidates.UndoLinkAsync(id, Actor.Of(user).Id, Actor.Of(user).Name, ct) is null ? TypedResults.NotFound() : TypedResults.NoContent();

    private static async Task<Results<Ok<List<HandSearchHit>>, NotFound>> SearchByHand(CandidateQueries queries, Guid? noticeId, Guid? admissionId, string? sex, double? from, CancellationToken ct)
    {
        var wanted = RequestValidation.EnumOrNull<Sex>(sex, "sex");
        if (from is { } f && (!double.IsFinite(f) || Math.Abs(f) > 1000)) throw new ValidationFailedException("from", UiText.Format("Err.Range", -1000, 1000));
        if (noticeId is null == admissionId is null) throw new ValidationFailedException("noticeId", UiText.Format("Err.NoticeOrAdmission"));
        return await queries.SearchAsync(noticeId, admissionId, wanted, from, ct) is { } hits ? TypedResults.Ok(hits) : TypedResults.NotFound();
    }
}
