using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rescue.Search.Population;

namespace Rescue.Cli.Demo;

/// <summary>
/// Writes a generated population (N.csv, P.csv, T.csv) for the matching evaluation, demos and benchmarks; the
/// last line printed is one JSON object with the counts.
/// </summary>
internal sealed class DemoPopulationCommand : ICliCommand
{
    public string Group => "demo";

    public string Verb => "population";

    public string Usage => "--notices N --people N --matched N --out DIR [--images DIR] [--seed 42] [--as-of YYYY-MM-DD]";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        var notices = Count(options, "notices");
        var people = Count(options, "people");
        var matched = Count(options, "matched");
        var seed = options.Get("seed") is { } s ? Parse(s, "seed") : 42;
        var output = options.Require("out");
        var population = new PopulationOptions(notices, people, matched, seed);
        if (options.Get("as-of") is { } asOf)
        {
            if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new CliUsageException("--as-of must be a date YYYY-MM-DD");
            population = population with { AsOf = date };
        }
        if (options.Get("images") is { } images)
        {
            if (!Directory.Exists(images)) throw new CliUsageException($"images folder '{images}' does not exist");
            population = population with { Faces = ReadFaces(images) };
        }

        PopulationGenerator generator;
        try
        {
            generator = new PopulationGenerator(population);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }

        var watch = Stopwatch.StartNew();
        Directory.CreateDirectory(output);
        // UTF-8 with a byte order mark, as the export writes, so that Excel reads the Chinese too.
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        PopulationCounts counts;
        using (var noticeFile = new StreamWriter(Path.Combine(output, "N.csv"), false, encoding, 1 << 16))
        using (var personFile = new StreamWriter(Path.Combine(output, "P.csv"), false, encoding, 1 << 16))
        using (var truthFile = new StreamWriter(Path.Combine(output, "T.csv"), false, encoding, 1 << 16))
        {
            counts = generator.Write(noticeFile, personFile, truthFile);
        }

        Console.WriteLine(new JsonObject
        {
            ["out"] = Path.GetFullPath(output),
            ["seed"] = seed,
            ["notices"] = counts.Notices,
            ["people"] = counts.People,
            ["matched"] = counts.Matched,
            ["notice_photos"] = counts.NoticePhotos,
            ["person_photos"] = counts.PersonPhotos,
            ["matched_with_faces"] = counts.MatchedWithFaces,
            ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
        }.ToJsonString());
        return Task.FromResult(0);
    }

    /// <summary>
    /// The folder's photos grouped by person: by its master.csv (labelled pairs, Yes for the same person) when it
    /// has one, else every photo a person of its own.
    /// </summary>
    private static FaceIdentities ReadFaces(string folder)
    {
        var photos = Directory.EnumerateFiles(folder)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp")
            .Select(Path.GetFileName)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var pairs = Path.Combine(folder, "master.csv");
        if (!File.Exists(pairs)) return FaceIdentities.OnePerPhoto(photos);
        using var reader = File.OpenText(pairs);
        try
        {
            return FaceIdentities.FromPairs(reader, photos.Contains);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"{pairs}: {e.Message}");
        }
    }

    private static int Count(CliOptions options, string name) => Parse(options.Require(name), name);

    private static int Parse(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new CliUsageException($"--{name} must be a whole number");
}
