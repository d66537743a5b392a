using Rescue.Web.Features.Cases.Forms;
using Rescue.Web.Features.Changes;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// Stays from reception to exit and their deadlines: the working-day calendar they are counted on, the tasks the rules
/// put on each stay (<see cref="CaseDeadlines"/>, following the change outbox), DNA requests, and the forms printed
/// from a stay (<see cref="CaseForms"/>).
/// </summary>
public static class CasesFeature
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        // The national calendar alone until the administrators' local days are stored.
        services.AddSingleton(_ => new WorkingCalendar(ChinaHolidays.Embedded));
        services.AddScoped<CaseDeadlines>();
        services.AddScoped<Stays>();
        services.AddScoped<CasePolicies>();
        services.AddScoped<DnaRequests>();
        services.AddScoped<CaseTaskQueries>();
        services.AddScoped<CaseFiles>();
        services.AddSingleton<CaseForms>();
        services.AddChangeFollower<CaseDeadlines>();
        return services;
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app) => app.MapCasesApi().MapFormsApi();
}
