using Rescue.Cli;
using Rescue.Cli.Users;

ICliCommand[] commands =
[
    new CreateAdminCommand(),
    new Rescue.Cli.Faces.FacesVerifyCommand(),
    new Rescue.Cli.Notices.NoticesImportCommand(),
    new Rescue.Cli.Notices.NoticesExportCommand(),
    new Rescue.Cli.Demo.DemoPopulationCommand(),
    new Rescue.Cli.Matching.MatchTrainCommand(),
    new Rescue.Cli.Matching.MatchEvalCommand(),
    new Rescue.Cli.Statistics.StatsCommand(),
    new Rescue.Cli.Retention.RetentionRunCommand(),
    new Rescue.Cli.Audit.AuditVerifyCommand(),
];

if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine("usage: rescue cli GROUP [VERB] [options]");
    foreach (var c in commands) Console.WriteLine($"  {string.Join(' ', new[] { c.Group, c.Verb }.Where(w => w.Length > 0))}  {c.Usage}");
    return 0;
}

// A group of one command has no verb (stats --month 2026-11); the others name theirs.
var command = args.Length > 1 ? commands.FirstOrDefault(c => c.Group == args[0] && c.Verb == args[1]) : null;
var rest = command is null ? args[1..] : args[2..];
command ??= commands.FirstOrDefault(c => c.Group == args[0] && c.Verb == "");
if (command is null)
{
    Console.Error.WriteLine($"unknown command '{string.Join(' ', args.Take(2))}'; 'rescue cli help' lists them");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    return await command.RunAsync(rest, cts.Token);
}
catch (CliUsageException e)
{
    Console.Error.WriteLine($"{e.Message}\nusage: rescue cli {string.Join(' ', new[] { command.Group, command.Verb }.Where(w => w.Length > 0))} {command.Usage}");
    return 2;
}
