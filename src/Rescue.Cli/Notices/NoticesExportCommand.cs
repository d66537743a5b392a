using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Features.Notices.Exchange;

namespace Rescue.Cli.Notices;

/// <summary>Exports the open notices as PFIF 1.4 or as CSV in the import layout.</summary>
internal sealed class NoticesExportCommand : ICliCommand
{
    public string Group => "notices";

    public string Verb => "export";

    public string Usage => "FILE [--format pfif|csv]  (default: from the file's extension, .csv or else PFIF)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        if (options.Positional.Count != 1) throw new CliUsageException("give the file to write");
        var path = options.Positional[0];
        var format = (options.Get("format") ?? (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "pfif")) switch
        {
            "pfif" => ExportFormat.Pfif,
            "csv" => ExportFormat.Csv,
            var other => throw new CliUsageException($"unknown format '{other}': use pfif or csv"),
        };

        using var host = await CliHost.StartAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var exporter = scope.ServiceProvider.GetRequiredService<NoticeExporter>();
        var temporary = path + ".partial";
        int count;
        await using (var file = File.Create(temporary))
        {
            count = await exporter.WriteAsync(format, file, cancellationToken);
        }
        // Renamed only when complete, so an interrupted export never leaves a file that looks whole.
        File.Move(temporary, path, overwrite: true);
        Console.Error.WriteLine($"{count} open notices written to {path}");
        return 0;
    }
}
