using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Search.Ranking;
using Rescue.Search.Scoring;
using Rescue.Web.Data;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// The learning re-ranker's models: every trained model is kept under the data folder by its version
/// (rerank/VERSION.zip); the one switched on is named in rerank/active. Training on the officers' decisions switches a
/// model on only when it ranks the held-out decisions better than the rule total; otherwise the rule total orders the
/// queue, as it does when no model exists.
/// </summary>
public sealed class ReRankerModels(IOptions<RescueOptions> options, TimeProvider clock, ILogger<ReRankerModels> log)
{
    private readonly string _folder = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "rerank");
    private readonly Lock _lock = new();
    private ReRanker? _active;
    private bool _read;

    /// <summary>The model switched on, or null when the rule total orders candidates.</summary>
    public ReRanker? Active
    {
        get
        {
            lock (_lock)
            {
                if (!_read)
                {
                    _active = ReadActive();
                    _read = true;
                }
                return _active;
            }
        }
    }

    /// <summary>The officers' decisions on notice candidates as training pairs, keyed by the admission (one person's decisions split together).</summary>
    public static async Task<List<LabelledPair>> DecisionsAsync(RescueDbContext db, CancellationToken ct)
    {
        var decided = await db.MatchCandidates.AsNoTracking()
            .Where(c => c.Kind == CandidateKind.Notice && (c.Status == CandidateStatus.Confirmed || c.Status == CandidateStatus.Rejected))
            .Select(c => new { c.AdmissionId, c.Parts, c.Total, c.Status })
            .ToListAsync(ct);
        return [.. decided.Where(c => c.Parts.Count == ReRanker.FeatureNames.Count)
            .Select(c => new LabelledPair(c.AdmissionId, Features(c.Parts), c.Total, c.Status == CandidateStatus.Confirmed))];
    }

    /// <summary>Trains on the decisions, keeps the model by its version, and switches it on when it beats the rule total.</summary>
    public async Task<TrainingResult> TrainAsync(RescueDbContext db, CancellationToken ct)
    {
        var result = new ReRankerTrainer(clock).Train(await DecisionsAsync(db, ct));
        if (result.Model is { } model)
        {
            Directory.CreateDirectory(_folder);
            var file = Path.Combine(_folder, model.Version + ".zip");
            await using (var stream = File.Create(file + ".tmp")) model.Save(stream);
            File.Move(file + ".tmp", file, overwrite: true);
            if (result.SwitchOn)
            {
                await File.WriteAllTextAsync(Path.Combine(_folder, "active.tmp"), model.Version, ct);
                File.Move(Path.Combine(_folder, "active.tmp"), Path.Combine(_folder, "active"), overwrite: true);
                lock (_lock)
                {
                    _active = model;
                    _read = true;
                }
            }
        }
        return result;
    }

    /// <summary>A stored candidate's parts in <see cref="ScoreKind"/> order: the model's features.</summary>
    public static float[] Features(IEnumerable<CandidatePart> parts) => [.. parts.OrderBy(p => p.Kind).Select(p => (float)p.Points)];

    private ReRanker? ReadActive()
    {
        var pointer = Path.Combine(_folder, "active");
        if (!File.Exists(pointer)) return null;
        var version = File.ReadAllText(pointer).Trim();
        var file = Path.Combine(_folder, version + ".zip");
        try
        {
            using var stream = File.OpenRead(file);
            var model = ReRanker.Load(stream);
            log.LogInformation("Re-ranker {Version} switched on", model.Version);
            return model;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Re-ranker {Version} could not be read; the rule total orders candidates", version);
            return null;
        }
    }
}
