using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Rescue.Web.Components;
using Rescue.Web.Features.Changes;

namespace Rescue.Web.Hosting;

/// <summary>Every error leaves as ProblemDetails; rule breaks name the field and the reason.</summary>
public static class ErrorHandling
{
    public static IServiceCollection AddRescueErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["correlationId"] = context.HttpContext.TraceIdentifier;
            // A title says what the status means, in the reader's language; specifics go in detail or errors.
            if (context.ProblemDetails is not HttpValidationProblemDetails && context.ProblemDetails.Status is { } status)
            {
                context.ProblemDetails.Title = ErrorPages.TitleOf(status);
            }
        });
        services.AddExceptionHandler<RescueExceptionHandler>();
        // A body or query value that cannot be bound throws, so the handler above can name the field (outside
        // Development the framework would otherwise answer a bare 400).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}

/// <summary>
/// Maps the exceptions that mean bad input (a refused status change included) or a missing record to 400 and 404,
/// and a public form's used-up limit to 429 with Retry-After.
/// </summary>
internal sealed class RescueExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // A person's page request gets the error page instead (ErrorPages).
        if (!ErrorPages.WantsProblemDetails(context)) return false;
        ProblemDetails? problem = exception switch
        {
            ValidationFailedException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = UiText.Format("Err.Title"),
            },
            // A refused status change is a refused value of the status field: 400, like the form's own checks.
            TransitionRefusedException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = UiText.Format("Err.Title"),
            },
            BadHttpRequestException e when RequestValidation.FieldOf(e) is { } field => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [field] = [UiText.Format(e.InnerException is null && e.Message.StartsWith("Required", StringComparison.Ordinal) ? "Err.Required" : "Err.Unreadable")] })
            {
                Status = e.StatusCode,
                Title = UiText.Format("Err.Title"),
            },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = UiText.Format("Err.Unreadable"), Detail = e.Message },
            KeyNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = e.Message },
            TooManySubmissionsException e => new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Detail = UiText.Format(e.Reason ?? "Err.TooManySubmissions") },
            _ => null,
        };
        if (problem is null) return false;
        if (exception is TooManySubmissionsException limited) context.Response.Headers.RetryAfter = ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString();
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
