using Microsoft.AspNetCore.Diagnostics;
using Rescue.Web.Components;

namespace Rescue.Web.Hosting;

/// <summary>
/// Errors read as the app: a person's browser gets a page in their language saying what to do next,
/// with the correlation id to quote; a program (an /api path, or a request for JSON) gets ProblemDetails.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/error";

    /// <summary>The statuses with their own words; others fall back to a general 4xx or 5xx text.</summary>
    private static readonly int[] Described = [400, 403, 404, 405, 413, 429, 500, 503];

    public static IServiceCollection AddRescueErrorPages(this IServiceCollection services)
    {
        // Registered after RescueExceptionHandler, so it sees only what that one left: the unexpected.
        services.AddExceptionHandler<UnexpectedApiErrorHandler>();
        return services;
    }

    public static IApplicationBuilder UseRescueErrorPages(this IApplicationBuilder app)
    {
        // A fresh scope for the error page: the failed request's services (its renderer, its DbContext) may be broken.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = Path, StatusCodeSelector = StatusOf, CreateScopeForErrors = true });
        app.UseStatusCodePagesWithReExecute(Path + "/{0}", createScopeForStatusCodePages: true);
        // Inside the page re-execution (which must sit on the app itself, not in a branch, to route again):
        // a program's empty error gets ProblemDetails first, so there is nothing left for a page to fill.
        app.UseWhen(WantsProblemDetails, api => api.UseStatusCodePages());
        return app;
    }

    /// <summary>Addresses that fail on purpose, for the tests of these pages; mapped only in the Testing environment.</summary>
    public static IEndpointRouteBuilder MapErrorProbes(this IEndpointRouteBuilder app)
    {
        RequestDelegate fail = _ => throw new InvalidOperationException("a deliberate failure, to test the error pages");
        app.Map("/test/fail", fail).ExcludeFromDescription();
        app.Map("/api/test/fail", fail).ExcludeFromDescription();
        return app;
    }

    /// <summary>A program's request: an /api or /openapi path, or one that asks for JSON.</summary>
    public static bool WantsProblemDetails(HttpContext context)
    {
        // While an exception is handled the path already reads /error; the request's own path is kept aside.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi")) return true;
        var accept = context.Request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            || accept.Contains("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The status an exception answers with, on a page as in the API.</summary>
    public static int StatusOf(Exception exception) => exception switch
    {
        ValidationFailedException => StatusCodes.Status400BadRequest,
        BadHttpRequestException e => e.StatusCode,
        KeyNotFoundException => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>What went wrong, in the reader's language.</summary>
    public static string TitleOf(int status) => UiText.Format($"Error.{TextKeyOf(status)}.Title");

    /// <summary>What the reader can do next.</summary>
    public static string AdviceOf(int status) => UiText.Format($"Error.{TextKeyOf(status)}.Advice");

    private static string TextKeyOf(int status) =>
        Described.Contains(status) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : status < 500 ? "4xx" : "5xx";

    /// <summary>Any exception RescueExceptionHandler did not map, on a program's request: a 500 ProblemDetails.</summary>
    private sealed class UnexpectedApiErrorHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (!WantsProblemDetails(context)) return false;
            context.Response.StatusCode = StatusOf(exception);
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = context.Response.StatusCode },
                Exception = exception,
            });
        }
    }
}
