using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Search.Ranking;
using Rescue.Search.Scoring;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>The learning re-ranker trained on officers' decisions: refused without enough, switched on only when it beats the rule total.</summary>
public class ReRankerTrainingTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Training_is_refused_without_enough_decisions_then_switches_on_a_model_that_beats_the_rule_total_and_explains_a_candidate()
    {
        await Readiness.WaitAsync(app.CreateClient());
        var models = app.Services.GetRequiredService<ReRankerModels>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
            var refused = await models.TrainAsync(db, default);
            Assert.NotNull(refused.Refused);
            Assert.Null(models.Active);

            // Officers confirmed pairs whose faces agreed; the time part is noise the rule total adds in and a model learns to ignore.
            var random = new Random(7);
            for (var i = 0; i < 300; i++)
            {
                var confirmed = i % 2 == 0;
                db.MatchCandidates.Add(Decided(confirmed, face: (confirmed ? 18 : 2) + Normal(random) * 8, noise: Normal(random) * 30));
            }
            await db.SaveChangesAsync();
            var trained = await models.TrainAsync(db, default);

            Assert.Null(trained.Refused);
            Assert.True(trained.ModelAuc > trained.RuleAuc, trained.ToString());
            Assert.True(trained.SwitchOn);
            Assert.Equal(trained.Model!.Version, models.Active?.Version);
        }

        // A pair proposed from now on carries the model's probability, and its page says which parts moved it.
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var notice = (await (await officer.PostAsJsonAsync("/api/v1/notices", NoticeTests.ValidNotice("鲁学习"))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        var admission = (await (await staff.PostAsJsonAsync("/api/v1/admissions", new
        {
            name = new { value = "鲁学习", quality = "Known" },
            hukouPlace = new { value = "河南省周口市", quality = "Known" },
            sex = "Male",
            estimatedAgeMin = 70,
            estimatedAgeMax = 78,
        })).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetGuid();
        await app.CaughtUpAsync();
        var item = (await officer.GetAsAsync<List<JsonElement>>($"/api/v1/matching/candidates?noticeId={notice}"))!.Single(c => c.GetProperty("admissionId").GetGuid() == admission);
        var details = await officer.GetAsAsync<JsonElement>($"/api/v1/matching/candidates/{item.GetProperty("id")}");

        Assert.Equal(models.Active!.Version, details.GetProperty("rerankVersion").GetString());
        Assert.InRange(details.GetProperty("rerankProbability").GetDouble(), 0, 1);
        Assert.Equal(JsonValueKind.Array, details.GetProperty("moved").ValueKind);
        Assert.Contains("id=\"rerank\"", await officer.GetStringAsync($"/matching/{item.GetProperty("id")}"));
        var withFace = new float[ReRanker.FeatureNames.Count];
        withFace[(int)ScoreKind.Face] = 20;
        Assert.Equal(ScoreKind.Face, models.Active.Explain(withFace)[0].Kind);
    }

    private static MatchCandidate Decided(bool confirmed, double face, double noise) => new()
    {
        Id = Guid.NewGuid(),
        Kind = CandidateKind.Notice,
        AdmissionId = Guid.NewGuid(),
        NoticeId = Guid.NewGuid(),
        Status = confirmed ? CandidateStatus.Confirmed : CandidateStatus.Rejected,
        Total = face + noise,
        Parts = [.. Enum.GetValues<ScoreKind>().Select(kind => new CandidatePart
        {
            Kind = kind,
            Points = kind == ScoreKind.Face ? face : kind == ScoreKind.Time ? noise : 0,
            Sentence = kind.ToString(),
            English = kind.ToString(),
        })],
    };

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
