using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Rescue.Search.Matching;
using Rescue.Search.Scoring;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Cli.Matching;

/// <summary>
/// The matching issue's evaluation contract through the product itself: a throwaway database is migrated, the notices
/// imported by the notice import, their photos attached by the notices' registry, each person admitted by the
/// admissions' registry (after a discovery report when the file says where they were found), the faces computed by
/// the face worker, and the engine loaded by the app's loader. Then each person of T.csv asks for their top 20
/// notices. The last line printed is one JSON object; the database and its photo folder are removed at the end,
/// on failure or Ctrl-C too, unless <c>--keep-database</c>.
/// </summary>
internal sealed class MatchEvalCommand : ICliCommand
{
    private const string Actor = "cli";
    private const int TopK = 20;

    public string Group => "match";

    public string Verb => "eval";

    public string Usage => "--notices N.csv --people P.csv --truth T.csv --images DIR [--ablate face|names|places[,…]] [--keep-database]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        var noticesFile = ExistingFile(options, "notices");
        var peopleFile = ExistingFile(options, "people");
        var truthFile = ExistingFile(options, "truth");
        var images = options.Require("images");
        if (!Directory.Exists(images)) throw new CliUsageException($"images folder '{images}' does not exist");
        var leaveOut = Parts(options.Get("ablate"));
        var keep = options.Has("keep-database");
        var server = CliHost.ConnectionString()
            ?? throw new CliUsageException($"no database: set ConnectionStrings__{DataServiceCollectionExtensions.ConnectionStringName}, or run it as ./rescue cli");

        List<EvaluationPerson> people;
        List<(string PersonId, string SourceRecordId)> truth;
        List<EvaluationNoticePhoto> noticePhotos;
        try
        {
            people = EvaluationFiles.People(peopleFile);
            truth = EvaluationFiles.Truth(truthFile);
            noticePhotos = EvaluationFiles.NoticePhotos(noticesFile);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        var watch = Stopwatch.StartNew();
        var database = new ThrowawayDatabase(server);
        var photoFolder = Directory.CreateTempSubdirectory("rescue-eval-").FullName;
        try
        {
            await database.CreateAsync(cancellationToken);
            Console.Error.WriteLine($"evaluating in database {database.Name}, photos in {photoFolder}");
            var run = new Evaluation(database.ConnectionString, photoFolder, images, leaveOut);
            var result = await run.RunAsync(noticesFile, people, truth, noticePhotos, cancellationToken);
            var json = new JsonObject
            {
                ["notices"] = result.Notices,
                ["people"] = result.People,
                ["no_face"] = result.NoFace,
                ["recall_at_1"] = result.Share(result.At1),
                ["recall_at_10"] = result.Share(result.At10),
                ["recall_at_20"] = result.Share(result.At20),
                ["mrr"] = result.Share(result.ReciprocalRanks),
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
                ["matched"] = result.Matched,
                ["pairs_with_faces"] = result.PairsWithFaces,
                ["left_out"] = leaveOut.ToString(),
                ["notices_refused"] = result.NoticesRefused,
                ["people_refused"] = result.PeopleRefused,
                ["truth_not_admitted"] = result.TruthNotAdmitted,
                ["photos_missing"] = result.PhotosMissing,
                ["photos_refused"] = result.PhotosRefused,
                ["photos_processed"] = result.PhotosProcessed,
                ["import_seconds"] = Seconds(result.Import),
                ["notice_photos_seconds"] = Seconds(result.NoticePhotos),
                ["admissions_seconds"] = Seconds(result.Admissions),
                ["faces_seconds"] = Seconds(result.Faces),
                ["load_seconds"] = Seconds(result.Load),
                ["query_seconds"] = Seconds(result.Queries),
            };
            if (keep)
            {
                json["database"] = database.Name;
                Console.Error.WriteLine($"kept database {database.Name} and the photos in {photoFolder}");
            }
            Console.WriteLine(json.ToJsonString());
            return 0;
        }
        catch (ImportFileException e)
        {
            Console.Error.WriteLine($"{noticesFile}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted");
            return 1;
        }
        finally
        {
            // What is kept was named before the JSON line, which stays the last.
            if (!keep)
            {
                await database.DropAsync();
                Directory.Delete(photoFolder, recursive: true);
            }
        }
    }

    private static string ExistingFile(CliOptions options, string name)
    {
        var path = options.Require(name);
        return File.Exists(path) ? path : throw new CliUsageException($"--{name}: '{path}' does not exist");
    }

    private static MatchParts Parts(string? ablate)
    {
        var parts = MatchParts.None;
        foreach (var part in (ablate ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            parts |= part.ToLowerInvariant() switch
            {
                "face" => MatchParts.Face,
                "names" => MatchParts.Names,
                "places" => MatchParts.Places,
                _ => throw new CliUsageException($"--ablate takes face, names or places, not '{part}'"),
            };
        }
        return parts;
    }

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 2);

    /// <summary>A database of its own on the configured server, made empty and dropped whatever happened in it.</summary>
    private sealed class ThrowawayDatabase(string server)
    {
        public string Name { get; } = "rescue_eval_" + Guid.NewGuid().ToString("N")[..12];

        public string ConnectionString => new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;

        public Task CreateAsync(CancellationToken ct) => ExecuteAsync($"CREATE DATABASE \"{Name}\"", ct);

        /// <summary>Drops it even with connections left open (the pools are cleared first, FORCE ends the rest).</summary>
        public async Task DropAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
        }

        private async Task ExecuteAsync(string sql, CancellationToken ct)
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>What one evaluation counted, and how long each step took.</summary>
    private sealed class Result
    {
        public int Notices { get; set; }

        public int People { get; set; }

        public int Matched { get; set; }

        public int NoFace { get; set; }

        public int PairsWithFaces { get; set; }

        public int At1 { get; set; }

        public int At10 { get; set; }

        public int At20 { get; set; }

        public double ReciprocalRanks { get; set; }

        public int NoticesRefused { get; set; }

        public int PeopleRefused { get; set; }

        /// <summary>People of T.csv the product refused to admit (found before 2000, say): counted as not found.</summary>
        public int TruthNotAdmitted { get; set; }

        public int PhotosMissing { get; set; }

        public int PhotosRefused { get; set; }

        public int PhotosProcessed { get; set; }

        public TimeSpan Import { get; set; }

        public TimeSpan NoticePhotos { get; set; }

        public TimeSpan Admissions { get; set; }

        public TimeSpan Faces { get; set; }

        public TimeSpan Load { get; set; }

        public TimeSpan Queries { get; set; }

        /// <summary>A count as a share of the matched people, rounded as the in-memory evaluation rounds it.</summary>
        public double Share(double count) => Matched == 0 ? 0 : Math.Round(count / Matched, 4);
    }

    /// <summary>
    /// One evaluation on the app's services over the throwaway database. The clock is a fake one: each person is
    /// admitted (and their photo taken) on the day they were found, in the order of those days, as a station would;
    /// the notices are imported afterwards, today.
    /// </summary>
    private sealed class Evaluation(string connectionString, string photoFolder, string images, MatchParts leaveOut)
    {
        private readonly Result _result = new();
        private readonly Dictionary<string, Guid> _admissions = new(StringComparer.Ordinal);
        private Dictionary<string, Guid> _notices = new(StringComparer.Ordinal);

        public async Task<Result> RunAsync(string noticesFile, List<EvaluationPerson> people, List<(string PersonId, string SourceRecordId)> truth,
            List<EvaluationNoticePhoto> noticePhotos, CancellationToken ct)
        {
            var today = TimeProvider.System.GetUtcNow();
            // People are found in the past; a day of the file at noon, station time, is the same date in UTC too.
            var firstFound = people.Min(p => p.FoundOn);
            var clock = new FakeTimeProvider(firstFound is { } first ? first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : today);
            using var host = await CliHost.StartAsync(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DataServiceCollectionExtensions.ConnectionStringName}"] = connectionString,
                ["Rescue:DataDirectory"] = photoFolder,
                ["Rescue:SeedDemoData"] = "false",
                ["Rescue:MigrateOnStart"] = "true",
            }, services => services.AddSingleton<TimeProvider>(clock), ct);
            var services = host.Services;

            var step = Stopwatch.StartNew();
            await AdmitAsync(services, clock, people, ct);
            _result.Admissions = step.Elapsed;

            if (today > clock.GetUtcNow()) clock.SetUtcNow(today);
            step.Restart();
            await ImportAsync(services, noticesFile, ct);
            _result.Import = step.Elapsed;
            step.Restart();
            await AttachNoticePhotosAsync(services, noticePhotos, ct);
            _result.NoticePhotos = step.Elapsed;

            step.Restart();
            var worker = services.GetRequiredService<FaceSignatureWorker>();
            while (await worker.ProcessNextAsync(ct)) _result.PhotosProcessed++;
            _result.Faces = step.Elapsed;

            // Ages in a query are reckoned at the population's date, the last day someone was found.
            var reference = people.Max(p => p.FoundOn) ?? DateOnly.FromDateTime(today.UtcDateTime);
            using var engine = new MatchEngine(new MatchEngineOptions
            {
                Scorer = new MatchScorer(MatchEvaluation.WeightsWithout(leaveOut)),
                Sources = MatchEvaluation.SourcesWithout(leaveOut),
                Today = reference,
            });
            step.Restart();
            using (var feed = new MatchFeed(services.GetRequiredService<IServiceScopeFactory>(), engine, clock, services.GetRequiredService<ILogger<MatchFeed>>()))
            {
                await feed.LoadAsync(ct);
            }
            _result.Load = step.Elapsed;
            _result.Notices = engine.NoticeCount;
            _result.People = engine.PersonCount;

            step.Restart();
            Query(engine, truth);
            _result.Queries = step.Elapsed;
            return _result;
        }

        /// <summary>Admits everyone in the order they were found, each with the clock on their day.</summary>
        private async Task AdmitAsync(IServiceProvider services, FakeTimeProvider clock, List<EvaluationPerson> people, CancellationToken ct)
        {
            var station = services.GetRequiredService<StationClock>();
            Guid agency;
            await using (var scope = services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
                agency = (await users.CreateAgencyAsync(new() { Name = "匹配评估", Kind = AgencyKind.Police }, ct)).Id;
            }

            foreach (var person in people.OrderBy(p => p.FoundOn ?? DateOnly.MaxValue))
            {
                DateTimeOffset? foundAt = person.FoundOn is { } day ? station.FromLocal(day.ToDateTime(new TimeOnly(12, 0))) : null;
                if (foundAt > clock.GetUtcNow()) clock.SetUtcNow(foundAt.Value.ToUniversalTime());
                await using var scope = services.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                try
                {
                    // Where someone was found is the discovery report's: the station admits them with it.
                    Guid? report = null;
                    if (person.FoundPlace is { } place && foundAt is not null)
                    {
                        var filed = await sp.GetRequiredService<ReportIntake>().FileAsync(new ReportIntake.NewReport
                        {
                            OfficerName = "匹配评估",
                            FoundAt = foundAt,
                            PlaceText = place,
                            HowFound = HowFound.Patrol,
                            Disposition = ReportDisposition.EscortedToStation,
                            Sex = person.Sex,
                            EstimatedAgeMin = person.AgeMin,
                            EstimatedAgeMax = person.AgeMax,
                            Description = person.PersonId,
                        }, [], new ReportIntake.Filer(agency, Actor), null, ct);
                        report = filed.Report.Id;
                    }
                    var form = new AdmissionForm
                    {
                        ReportId = report,
                        AdmittedAt = foundAt,
                        Name = Told(person.Name),
                        HukouPlace = Told(person.Hometown),
                        Dialect = Told(person.Dialect),
                        Sex = person.Sex,
                        EstimatedAgeMin = person.AgeMin,
                        EstimatedAgeMax = person.AgeMax,
                        HeightCm = person.HeightCm,
                        Marks = [.. Mark.ReadList(person.Marks).Select(m => m.Mark).OfType<Mark>()],
                    };
                    var admission = await sp.GetRequiredService<AdmissionRegistry>().CreateAsync(form, Photos(person.Photo), Actor, ct);
                    _admissions[person.PersonId] = admission.Id;
                }
                catch (ValidationFailedException e)
                {
                    _result.PeopleRefused++;
                    Console.Error.WriteLine($"person {person.PersonId} refused: {e.Message}");
                }
            }
        }

        private async Task ImportAsync(IServiceProvider services, string noticesFile, CancellationToken ct)
        {
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
            await using (var file = File.OpenRead(noticesFile))
            {
                var summary = await importer.ImportAsync(file, new ImportRequest(noticesFile), Actor, null, ct);
                _result.NoticesRefused = summary.Refused;
                foreach (var error in summary.Errors) Console.Error.WriteLine($"notice {error.Record} refused: {error.Field} {error.Reason}");
            }
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var imported = await db.Notices.AsNoTracking().Where(n => n.SourceRecordId != null)
                .Select(n => new { n.Id, n.SourceRecordId }).ToListAsync(ct);
            _notices = imported.DistinctBy(n => n.SourceRecordId).ToDictionary(n => n.SourceRecordId!, n => n.Id, StringComparer.Ordinal);
        }

        /// <summary>Each notice's photo, as a family brings it, with the year it was taken.</summary>
        private async Task AttachNoticePhotosAsync(IServiceProvider services, List<EvaluationNoticePhoto> photos, CancellationToken ct)
        {
            foreach (var photo in photos)
            {
                if (!_notices.TryGetValue(photo.SourceRecordId, out var id)) continue;
                var incoming = Photos(photo.Photo);
                if (incoming.Count == 0) continue;
                await using var scope = services.CreateAsyncScope();
                try
                {
                    await scope.ServiceProvider.GetRequiredService<NoticeRegistry>().AddPhotosAsync(id, incoming, photo.Year, Actor, ct);
                }
                catch (ValidationFailedException e)
                {
                    _result.PhotosRefused++;
                    Console.Error.WriteLine($"photo {photo.Photo} of notice {photo.SourceRecordId} refused: {e.Message}");
                }
            }
        }

        /// <summary>Each person of the truth file asks for their notices; the rank of the true one is counted.</summary>
        private void Query(MatchEngine engine, List<(string PersonId, string SourceRecordId)> truth)
        {
            foreach (var (personId, sourceRecordId) in truth)
            {
                _result.Matched++;
                if (!_admissions.ContainsKey(personId)) _result.TruthNotAdmitted++;
                var person = _admissions.TryGetValue(personId, out var admission) ? engine.Person(admission) : null;
                var notice = _notices.TryGetValue(sourceRecordId, out var noticeId) ? engine.Notice(noticeId) : null;
                if (person is null || person.Faces.Count == 0) _result.NoFace++;
                else if (notice?.Faces.Count > 0) _result.PairsWithFaces++;
                if (person is null || notice is null) continue;

                var candidates = engine.CandidatesFor(person, TopK);
                var rank = 1 + candidates.Select(c => c.NoticeId).ToList().IndexOf(noticeId);
                if (rank == 0) continue;
                if (rank <= 1) _result.At1++;
                if (rank <= 10) _result.At10++;
                if (rank <= 20) _result.At20++;
                _result.ReciprocalRanks += 1.0 / rank;
            }
        }

        /// <summary>The photo of the images folder a row names (none when it names none); a missing file is counted.</summary>
        private List<IncomingPhoto> Photos(string? name)
        {
            if (name is null) return [];
            var path = Path.Combine(images, name);
            if (File.Exists(path)) return [new IncomingPhoto("photos[0]", () => File.OpenRead(path))];
            _result.PhotosMissing++;
            Console.Error.WriteLine($"photo {path} does not exist");
            return [];
        }

        private static ToldValue Told(string? value) => value is null ? new() : new() { Value = value, Quality = DataQuality.Known };
    }
}
