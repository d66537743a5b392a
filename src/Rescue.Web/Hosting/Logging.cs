using Serilog;
using Serilog.Context;
using Serilog.Formatting.Compact;

namespace Rescue.Web.Hosting;

/// <summary>Serilog from configuration: console for people, a rolling JSON file for tools; a correlation id on every line.</summary>
public static class Logging
{
    public const string CorrelationHeader = "X-Correlation-Id";

    public static WebApplicationBuilder AddRescueLogging(this WebApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration[$"{RescueOptions.Section}:{nameof(RescueOptions.DataDirectory)}"] ?? ".data";
        var logFile = Path.Combine(Path.GetFullPath(dataDirectory), "logs", "rescue-.json");
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}")
            .WriteTo.File(new CompactJsonFormatter(), logFile, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 30),
            // Each host writes through its own logger, not the process-wide Log.Logger: with several hosts in one
            // process (the tests), the static logger is the last one built and would take the others' events.
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>Takes the caller's correlation id (or makes one) and puts it on every log line of the request.</summary>
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var id = context.Request.Headers[CorrelationHeader].ToString();
        if (id.Length is 0 or > 64) id = context.TraceIdentifier;
        context.TraceIdentifier = id;
        // Set when the response starts: the exception handler clears the headers before the error page.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationHeader] = id;
            return Task.CompletedTask;
        });
        using (LogContext.PushProperty("CorrelationId", id))
        {
            await next(context);
        }
    });
}
