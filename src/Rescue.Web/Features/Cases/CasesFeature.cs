using Rescue.Web.Features.Cases.Forms;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Retention;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// Stays from reception to exit and their deadlines: the working-day calendar they are counted on and the station's
/// policy values (both set by administrators), the tasks the rules put on each stay (<see cref="CaseDeadlines"/>,
/// following the change outbox) with their daily overdue summary, DNA requests, and the forms printed from a stay
/// (<see cref="CaseForms"/>).
/// </summary>
public static class CasesFeature
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton(_ => new WorkingCalendars(ChinaHolidays.Embedded));
        services.AddScoped<LocalDays>();
        services.AddScoped<CaseDeadlines>();
        services.AddScoped<Stays>();
        services.AddScoped<CasePolicies>();
        services.AddScoped<DnaRequests>();
        services.AddScoped<CaseTaskQueries>();
        services.AddScoped<CaseFiles>();
        services.AddSingleton<CaseForms>();
        services.AddChangeFollower<CaseDeadlines>();
        services.AddHostedService<StayClock>();
        services.AddSingleton<DailyOverdueSummary>();
        services.AddHostedService(sp => sp.GetRequiredService<DailyOverdueSummary>());
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Deidentification>();
        services.AddHostedService(sp => sp.GetRequiredService<Deidentification>());
        return services;
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app) => app.MapCasesApi().MapCaseSettingsApi().MapFormsApi();
}
