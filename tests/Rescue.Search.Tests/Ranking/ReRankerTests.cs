using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rescue.Search.Population;
using Rescue.Search.Ranking;
using Rescue.Search.Scoring;
using Rescue.Search.Tests.Scoring;

namespace Rescue.Search.Tests.Ranking;

/// <summary>Decisions on a generated population and one model trained on them, shared by the tests that read them.</summary>
public sealed class TrainedOnGeneratedDecisions
{
    public static readonly PopulationOptions Population = new(Notices: 2_000, People: 200, Matched: 150, Seed: 7);

    public static readonly DateTimeOffset TrainedAt = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    public IReadOnlyList<LabelledPair> Decisions { get; } = GeneratedDecisions.Of(Population);

    public TrainingResult Result { get; }

    public TrainedOnGeneratedDecisions() => Result = new ReRankerTrainer(new FakeTimeProvider(TrainedAt)).Train(Decisions);
}

public class ReRankerTests(TrainedOnGeneratedDecisions trained) : IClassFixture<TrainedOnGeneratedDecisions>
{
    private static readonly ReRankerTrainer Trainer = new(new FakeTimeProvider(TrainedOnGeneratedDecisions.TrainedAt));

    [Fact]
    public void The_auc_counts_each_pair_ranked_right_once_and_each_tie_as_half()
    {
        // True pairs 0.9 and 0.5, false pairs 0.5 and 0.1: of four (true, false) pairs three are ranked right, one is a tie.
        Assert.Equal(0.875, RocAuc.Of([0.9, 0.5, 0.5, 0.1], [true, true, false, false]));
        Assert.Equal(1.0, RocAuc.Of([3, 2, 1], [true, false, false]));
        Assert.Equal(0.0, RocAuc.Of([1, 2, 3], [true, false, false]));
        Assert.Equal(0.5, RocAuc.Of([7, 7, 7, 7], [true, false, true, false]));
        Assert.Throws<ArgumentException>(() => RocAuc.Of([1, 2], [true, true]));
    }

    [Fact]
    public void The_split_is_by_a_stable_hash_of_the_key_about_one_in_five_held_out()
    {
        var random = new Random(3);
        var keys = Enumerable.Range(0, 10_000).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes);
        }).ToList();

        var heldOut = keys.Where(Trainer.IsHeldOut).ToList();

        Assert.InRange(heldOut.Count, 1_800, 2_200);
        Assert.Equal(heldOut, keys.Where(new ReRankerTrainer(TimeProvider.System).IsHeldOut));
        // Pinned, so that a change of the hash (and with it of every figure measured on a split) is seen: the people
        // of a generated population have ids like these.
        var people = Enumerable.Range(0, 20).Select(i => new Guid(i, 2, 0, new byte[8]));
        Assert.Equal("HttHtttttHttttttttHt", string.Concat(people.Select(k => Trainer.IsHeldOut(k) ? 'H' : 't')));
    }

    [Fact]
    public void Training_again_on_the_same_decisions_in_another_order_gives_the_same_split_and_model()
    {
        var again = Trainer.Train([.. trained.Decisions.Reverse()]);

        Assert.Equal(trained.Result.Train, again.Train);
        Assert.Equal(trained.Result.HeldOutPositives, again.HeldOutPositives);
        Assert.Equal(trained.Result.ModelAuc, again.ModelAuc);
        Assert.Equal(trained.Result.Model!.Version, again.Model!.Version);
        var score = trained.Decisions.First(d => d.Confirmed);
        Assert.Equal(trained.Result.Model.Score(score.Features), again.Model.Score(score.Features));
    }

    [Fact]
    public void Training_is_refused_with_fewer_than_fifty_decisions_of_either_kind()
    {
        var fewConfirmed = trained.Decisions.Where(d => !d.Confirmed).Concat(trained.Decisions.Where(d => d.Confirmed).Take(49)).ToList();

        var result = Trainer.Train(fewConfirmed);

        Assert.Null(result.Model);
        Assert.False(result.SwitchOn);
        Assert.Null(result.ModelAuc);
        Assert.Equal(49, result.Positives);
        Assert.Contains("at least 50 confirmed and 50 rejected", result.Refused);
        Assert.Contains("has 49 confirmed", result.Refused);
    }

    [Fact]
    public void The_model_and_the_rule_are_measured_on_the_same_held_out_pairs_and_the_better_one_is_chosen()
    {
        var result = trained.Result;

        Assert.Null(result.Refused);
        Assert.Equal(trained.Decisions.Count, result.Train + result.HeldOut);
        Assert.Equal(trained.Decisions.Count(d => d.Confirmed), result.Positives);
        Assert.True(result.Positives >= 100, $"{result.Positives} true pairs among the candidates");
        Assert.InRange(result.HeldOut, result.Examples / 10, result.Examples * 3 / 10);
        Assert.True(result.HeldOutPositives > 0);
        // The rule total already separates true from false pairs well; the model must at least be in the same league.
        Assert.True(result.RuleAuc > 0.85, $"{result}");
        Assert.True(result.ModelAuc > 0.85, $"{result}");
        Assert.Equal(result.ModelAuc > result.RuleAuc, result.SwitchOn);
    }

    [Fact]
    public void The_version_names_the_minute_of_training_and_the_decisions()
    {
        Assert.Matches(@"^rerank-20260314-0926-[0-9a-f]{8}$", trained.Result.Model!.Version);
        var oneTrainingPairLess = trained.Decisions.Where((d, i) => i != trained.Decisions.ToList().FindIndex(p => !Trainer.IsHeldOut(p.Key))).ToList();
        var other = Trainer.Train(oneTrainingPairLess);
        Assert.NotEqual(trained.Result.Model.Version, other.Model!.Version);
    }

    [Fact]
    public void A_saved_model_loads_with_its_version_and_scores_as_before()
    {
        var model = trained.Result.Model!;
        using var file = new MemoryStream();
        model.Save(file);
        file.Position = 0;

        var loaded = ReRanker.Load(file);

        Assert.Equal(model.Version, loaded.Version);
        Assert.Equal(Enum.GetNames<ScoreKind>(), ReRanker.FeatureNames);
        foreach (var decision in trained.Decisions.Take(200))
            Assert.Equal(model.Score(decision.Features), loaded.Score(decision.Features));
    }

    [Fact]
    public void A_model_trained_on_other_kinds_of_evidence_is_refused_at_load()
    {
        using var file = new MemoryStream();
        trained.Result.Model!.Save(file);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
        {
            var manifest = zip.GetEntry("rerank.json")!;
            string text;
            using (var reader = new StreamReader(manifest.Open())) text = reader.ReadToEnd();
            manifest.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("rerank.json").Open(), Encoding.UTF8);
            writer.Write(text.Replace("\"Time\"", "\"Weather\"", StringComparison.Ordinal));
        }
        file.Position = 0;

        var error = Assert.Throws<InvalidDataException>(() => ReRanker.Load(file));
        Assert.Contains("Weather", error.Message);
        Assert.Contains("train it again", error.Message);
    }

    [Fact]
    public void A_pair_is_explained_by_the_kinds_of_evidence_that_moved_it_most()
    {
        var model = trained.Result.Model!;
        // 张伟 and the man found years later: a homophone of his name, his prefecture, his dialect, his scar.
        var score = Pairs.Score(Pairs.Notice, Pairs.Person);

        var moved = model.Explain(score);

        Assert.InRange(moved.Count, 1, 3);
        Assert.All(moved, c => Assert.True(Enum.IsDefined(c.Kind)));
        Assert.All(moved, c => Assert.Equal(score[c.Kind].Points, c.Points, 0.01));
        Assert.All(moved, c => Assert.NotEqual(0, c.Points));
        Assert.Equal(moved.OrderByDescending(c => Math.Abs(c.Contribution)), moved);
        var probability = model.Score(score);
        var features = score.Features();
        features[(int)moved[0].Kind] = 0;
        Assert.Equal(probability - model.Score(features), moved[0].Contribution, 1e-9);
    }

    [Fact]
    public void The_surest_true_pair_owes_its_probability_to_evidence_for_it()
    {
        var model = trained.Result.Model!;
        var surest = trained.Decisions.Where(d => d.Confirmed).MaxBy(d => model.Score(d.Features))!;

        var moved = model.Explain(surest.Features);

        Assert.True(moved[0].Contribution > 0, string.Join("; ", moved));
    }

    [Fact]
    public void Features_of_the_wrong_length_are_refused_as_a_mistake()
    {
        Assert.Throws<ArgumentException>(() => Trainer.Train([new LabelledPair(Guid.Empty, [1f, 2f], 3, true)]));
    }
}
