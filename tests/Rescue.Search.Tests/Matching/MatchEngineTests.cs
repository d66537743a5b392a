using Rescue.Search.Matching;
using Rescue.Search.Population;
using Rescue.Search.Scoring;

namespace Rescue.Search.Tests.Matching;

public sealed class MatchEngineTests : IDisposable
{
    /// <summary>
    /// People who tell their full name and county, whose marks are all seen and whose age is estimated closely: the
    /// clean case, where nothing but a wrong engine keeps the true notice from the top.
    /// </summary>
    private static readonly PopulationOptions Clean = new(Notices: 1_000, People: 20, Matched: 20, Seed: 7)
    {
        Noise = new NoiseShares
        {
            NameCorrect = 1, NameHomophone = 0, NameNickname = 0, NameGivenNameOnly = 0, NameNone = 0,
            HometownRightCounty = 1, HometownProvinceOrPrefecture = 0, HometownWrong = 0, HometownMissing = 0,
            DialectTold = 1, MarkSeen = 1, AgeErrorYears = 0.5, AgeErrorPerYear = 0, HeightErrorCm = 1,
        },
    };

    private static readonly EvaluationOptions EveryonePhotographed = new() { NoticePhotoShare = 1, PersonPhotoShare = 1 };

    private readonly MatchEngine _engine = new(new MatchEngineOptions { Today = Clean.AsOf });
    private readonly LoadedPopulation _population;

    public MatchEngineTests() => _population = MatchEvaluation.Load(_engine, Clean, EveryonePhotographed);

    private IEnumerable<(MatchPerson Person, MatchNotice Notice)> Matched =>
        _population.People.Where(p => p.Notice is not null).Select(p => (p.Person, p.Notice!));

    [Fact]
    public void A_clean_matched_person_ranks_their_notice_first_among_a_thousand_notices()
    {
        Assert.Equal(1_000, _engine.NoticeCount);
        foreach (var (person, notice) in Matched)
        {
            var best = _engine.CandidatesFor(person, 20)[0];
            Assert.Equal(notice.Id, best.NoticeId);
            // The officer sees why: the face, age and name parts each say what they found.
            // Cross-age faces may score weakly; what matters is that both photos were compared and the gap weighed.
            Assert.Contains("面部相似度", best.Score[ScoreKind.Face].Sentence);
            if (notice.Side.DateOfBirth is not null || (notice.Side.AgeAtDisappearance, notice.Side.LastSeenOn) is (not null, not null))
                Assert.True(best.Score[ScoreKind.Age].Points > 0, best.Score[ScoreKind.Age].Sentence);
            Assert.Equal(20, best.Score[ScoreKind.Name].Points);
            Assert.All(best.Score.Parts, part => Assert.False(string.IsNullOrWhiteSpace(part.Sentence)));
        }
    }

    [Fact]
    public void A_notice_finds_its_person()
    {
        foreach (var (person, notice) in Matched)
            Assert.Equal(person.Id, _engine.CandidatesFor(notice, 10)[0].PersonId);
    }

    [Fact]
    public void A_removed_notice_is_not_returned_by_the_next_search()
    {
        var (person, notice) = Matched.First();
        Assert.Contains(_engine.CandidatesFor(person, 20), c => c.NoticeId == notice.Id);

        Assert.True(_engine.RemoveNotice(notice.Id));

        Assert.DoesNotContain(_engine.CandidatesFor(person, 1_000), c => c.NoticeId == notice.Id);
        Assert.Equal(999, _engine.NoticeCount);
        Assert.False(_engine.RemoveNotice(notice.Id));
    }

    [Fact]
    public void A_removed_person_is_not_returned_and_an_added_one_is()
    {
        var (person, notice) = Matched.First();
        Assert.True(_engine.RemovePerson(person.Id));
        Assert.DoesNotContain(_engine.CandidatesFor(notice, 1_000), c => c.PersonId == person.Id);

        _engine.Upsert(person);
        Assert.Equal(person.Id, _engine.CandidatesFor(notice, 10)[0].PersonId);
    }

    [Fact]
    public void Pairs_whose_sexes_contradict_are_never_proposed()
    {
        foreach (var (person, notice) in Matched)
        {
            var otherSex = notice.Side.Sex == RecordedSex.Male ? RecordedSex.Female : RecordedSex.Male;
            var contradicting = person with { Side = person.Side with { Sex = otherSex } };

            var candidates = _engine.CandidatesFor(contradicting, 1_000);

            Assert.NotEmpty(candidates);
            Assert.DoesNotContain(candidates, c => c.NoticeId == notice.Id);
            Assert.All(candidates, c => Assert.False(c.Score.IsExcluded));
            Assert.All(candidates, c => Assert.Contains(NoticeSex(c.NoticeId), new[] { otherSex, RecordedSex.Unknown }));
        }
    }

    [Fact]
    public void Changing_a_notice_is_seen_by_the_next_search()
    {
        var (person, notice) = Matched.First();
        // The family corrects the name, hometown and marks, and the photo is withdrawn: little is left to find it by.
        _engine.Upsert(notice with
        {
            Side = notice.Side with { Name = "欧阳娜娜", OtherNames = [], Hometown = null, LastSeenPlace = null, Marks = [] },
            Faces = [],
        });

        var found = _engine.CandidatesFor(person, 1_000).FirstOrDefault(c => c.NoticeId == notice.Id);

        Assert.True(found is null || found.Score[ScoreKind.Name].Points < 0);
        Assert.Equal(1_000, _engine.NoticeCount);
    }

    private RecordedSex NoticeSex(Guid id) => _population.Notices.Values.Single(n => n.Id == id).Side.Sex;

    [Fact]
    public void Upserting_many_at_once_holds_what_upserting_each_in_turn_holds()
    {
        using var bulk = new MatchEngine(_engine.Options);
        bulk.Upsert(_population.Notices.Values.ToList());
        bulk.Upsert(_population.People.Select(p => p.Person).ToList());

        Assert.Equal((_engine.NoticeCount, _engine.PersonCount, _engine.Faces.Count), (bulk.NoticeCount, bulk.PersonCount, bulk.Faces.Count));
        foreach (var (person, _) in _population.People)
            Assert.Equal(_engine.CandidatesFor(person, 20).Select(c => (c.NoticeId, c.Score.Total)), bulk.CandidatesFor(person, 20).Select(c => (c.NoticeId, c.Score.Total)));
    }

    public void Dispose() => _engine.Dispose();
}
