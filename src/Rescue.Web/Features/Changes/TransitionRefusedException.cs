namespace Rescue.Web.Features.Changes;

/// <summary>
/// A record refused a status change its rules do not allow; answered as a 400 naming <see cref="Field"/>, like
/// any other refused value, so a form shows it next to the status.
/// </summary>
public sealed class TransitionRefusedException(string reason, string field = "status") : Exception(reason)
{
    public string Field { get; } = field;

    public IReadOnlyDictionary<string, string[]> Errors => new Dictionary<string, string[]> { [Field] = [Message] };
}
