namespace Rescue.Cli;

/// <summary>One operation of the command-line tool: <c>rescue cli GROUP VERB [options]</c>.</summary>
internal interface ICliCommand
{
    string Group { get; }

    string Verb { get; }

    /// <summary>One line shown by <c>rescue cli help</c>.</summary>
    string Usage { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}

/// <summary>Reads <c>--name value</c> and bare <c>--flag</c> options.</summary>
internal sealed class CliOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public CliOptions(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null) _values[pending] = null;
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                Positional.Add(arg);
            }
        }
        if (pending is not null) _values[pending] = null;
    }

    public List<string> Positional { get; } = [];

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public string Require(string name) =>
        Get(name) ?? throw new CliUsageException($"--{name} is required");
}

/// <summary>Wrong arguments: the message is shown with the command's usage.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
