using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Hosting;

/// <summary>Checks a request's data annotations and throws one error per field, named as in JSON.</summary>
public static class RequestValidation
{
    public static void Validate(object request, TimeProvider clock)
    {
        var errors = Errors(request, clock);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }

    /// <summary>The errors by field; rules about "the future" ask <see cref="Now"/>, so they follow the app's clock.</summary>
    public static Dictionary<string, string[]> Errors(object request, TimeProvider clock)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request, new Clock(clock), null), results, validateAllProperties: true);
        return results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(m => (Field: JsonName(m), r.ErrorMessage)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "is not valid").ToArray());
    }

    /// <summary>The current time, for an <see cref="IValidatableObject"/> checked by this class.</summary>
    public static DateTimeOffset Now(ValidationContext context) =>
        (context.GetService(typeof(TimeProvider)) as TimeProvider ?? throw new InvalidOperationException("validate requests through RequestValidation")).GetUtcNow();

    public static string JsonName(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];
}

/// <summary>Hands the app's clock to the validation context.</summary>
file sealed class Clock(TimeProvider clock) : IServiceProvider
{
    public object? GetService(Type serviceType) => serviceType == typeof(TimeProvider) ? clock : null;
}
