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
];

if (args.Length < 2 || args[0] is "help" or "--help" or "-h")
{
    Console.WriteLine("usage: rescue cli GROUP VERB [options]");
    foreach (var c in commands) Console.WriteLine($"  {c.Group} {c.Verb}  {c.Usage}");
    return args.Length == 0 || args[0] is "help" or "--help" or "-h" ? 0 : 2;
}

var command = commands.FirstOrDefault(c => c.Group == args[0] && c.Verb == args[1]);
if (command is null)
{
    Console.Error.WriteLine($"unknown command '{args[0]} {args[1]}'; 'rescue cli help' lists them");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
try
{
    return await command.RunAsync(args[2..], cts.Token);
}
catch (CliUsageException e)
{
    Console.Error.WriteLine($"{e.Message}\nusage: rescue cli {command.Group} {command.Verb} {command.Usage}");
    return 2;
}
