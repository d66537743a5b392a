using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Hosting;

/// <summary>Checks a request's data annotations and throws one error per field, named as in JSON.</summary>
public static class RequestValidation
{
    public static void Validate(object request)
    {
        var errors = Errors(request);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }

    public static Dictionary<string, string[]> Errors(object request)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        return results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(m => (Field: JsonName(m), r.ErrorMessage)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "is not valid").ToArray());
    }

    public static string JsonName(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];
}
