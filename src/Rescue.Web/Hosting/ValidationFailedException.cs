namespace Rescue.Web.Hosting;

/// <summary>Input that breaks a rule: the field and the reason, turned into a 400 ProblemDetails.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("One or more fields are not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public ValidationFailedException(string field, string reason)
        : this(new Dictionary<string, string[]> { [field] = [reason] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
