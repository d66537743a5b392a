using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Features.Notices.Exchange;

namespace Rescue.Cli.Notices;

/// <summary>
/// Imports missing-person notices from a CSV, Excel or PFIF file. Progress goes to standard error; the last line
/// on standard output is the summary as JSON. Exit 0 when the file was read (even with refused records), 1 when
/// it could not be read at all (nothing is stored) or the import was interrupted (run it again to resume).
/// </summary>
internal sealed class NoticesImportCommand : ICliCommand
{
    // The API's names (camelCase); Chinese column names stay readable in a terminal.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Group => "notices";

    public string Verb => "import";

    public string Usage => "FILE [--dry-run] [--source NAME] [--format csv|xlsx|pfif]  (source: the CSV/Excel source name, default the file name)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        if (options.Positional.Count != 1) throw new CliUsageException("give one file to import");
        var path = options.Positional[0];
        ImportRequest request;
        try
        {
            request = new ImportRequest(path, options.Has("dry-run"), options.Get("source"), options.Get("format") is { } format ? ImportRequest.ParseFormat(format) : null);
        }
        catch (ImportFileException e)
        {
            throw new CliUsageException(e.Message);
        }
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path}: no such file");
            return 1;
        }

        using var host = await CliHost.StartAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
        try
        {
            await using var file = File.OpenRead(path);
            var summary = await importer.ImportAsync(file, request, "cli", new StandardErrorProgress(), cancellationToken);
            Console.WriteLine(JsonSerializer.Serialize(summary, Json));
            return 0;
        }
        catch (ImportFileException e)
        {
            Console.Error.WriteLine($"{path}: {e.Message}{(e.NothingStored ? "; nothing was stored" : "")}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: what was committed stays; run the same command again to continue after it");
            return 1;
        }
    }

    /// <summary>Writes at once, on the calling thread, so no progress line lands after the JSON line.</summary>
    private sealed class StandardErrorProgress : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) =>
            Console.Error.WriteLine($"{value.Records} records read, {value.Accepted} accepted, {value.Refused} refused, {value.Unchanged} unchanged, {value.RecordsPerSecond:F0} records/s");
    }
}
