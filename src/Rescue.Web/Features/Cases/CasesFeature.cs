namespace Rescue.Web.Features.Cases;

/// <summary>Stays from reception to exit and their deadlines; so far the working-day calendar they are counted on.</summary>
public static class CasesFeature
{
    public static IServiceCollection AddCases(this IServiceCollection services) =>
        // The national calendar alone until the administrators' local days are stored.
        services.AddSingleton(_ => new WorkingCalendar(ChinaHolidays.Embedded));
}
