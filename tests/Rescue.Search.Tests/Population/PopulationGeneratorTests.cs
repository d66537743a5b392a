using System.Text;
using System.Text.RegularExpressions;
using Rescue.Search.Names;
using Rescue.Search.Places;
using Rescue.Search.Population;

namespace Rescue.Search.Tests.Population;

public partial class PopulationGeneratorTests
{
    private static readonly PopulationOptions Small = new(Notices: 400, People: 60, Matched: 40, Seed: 7);

    [Fact]
    public void The_same_seed_writes_the_same_files_and_another_seed_other_ones()
    {
        var first = Write(Small);
        var again = Write(Small);
        var other = Write(Small with { Seed = 8 });

        Assert.Equal(first, again);
        Assert.NotEqual(first.Notices, other.Notices);
        Assert.NotEqual(first.People, other.People);
    }

    [Fact]
    public void Written_files_parse_back_to_the_generated_values_with_commas_quotes_and_line_breaks()
    {
        var generator = new PopulationGenerator(Small);
        var files = Write(Small);

        var notices = ParseCsv(files.Notices);
        var people = ParseCsv(files.People);
        var truth = ParseCsv(files.Truth);

        Assert.Equal(PopulationGenerator.NoticeHeaders, notices[0]);
        Assert.Equal(PopulationGenerator.PersonHeaders, people[0]);
        Assert.Equal(["person_id", "source_record_id"], truth[0]);
        Assert.Equal(Small.Notices + 1, notices.Count);
        Assert.Equal(Small.People + 1, people.Count);
        Assert.Equal(Small.Matched + 1, truth.Count);
        var generated = generator.Notices().ToList();
        for (var i = 0; i < generated.Count; i++)
            Assert.Equal(PopulationGenerator.NoticeHeaders.Select(h => generated[i].Columns[h]), notices[i + 1]);
        var cells = notices.Skip(1).SelectMany(r => r).ToList();
        Assert.Contains(cells, c => c.Contains('\n'));
        Assert.Contains(cells, c => c.Contains('"'));
        Assert.Contains(cells, c => c.Contains(','));
    }

    [Fact]
    public void Notice_headers_are_the_import_layouts_Chinese_headers_plus_the_photo_columns()
    {
        // docs/notice-import.md's table is NoticeColumns.All (a Web test checks that); this library cannot see Rescue.Web.
        var documented = File.ReadLines(Path.Combine(RepositoryRoot(), "docs", "notice-import.md"))
            .SkipWhile(l => !l.StartsWith("| 中文表头", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|')[1].Trim())
            .ToHashSet();

        var notDocumented = PopulationGenerator.NoticeHeaders.Where(h => !documented.Contains(h)).ToList();

        Assert.Equal(["photo", "photo_year"], notDocumented);
        Assert.Contains("来源编号", PopulationGenerator.NoticeHeaders);
        Assert.Contains("姓名", PopulationGenerator.NoticeHeaders);
    }

    [Fact]
    public void Every_truth_row_names_an_existing_person_and_notice_and_only_matched_people_have_one()
    {
        var files = Write(Small);
        var noticeIds = ParseCsv(files.Notices).Skip(1).Select(r => r[1]).ToHashSet();
        var personIds = ParseCsv(files.People).Skip(1).Select(r => r[0]).ToHashSet();
        var truth = ParseCsv(files.Truth).Skip(1).ToList();

        Assert.All(truth, row => Assert.Contains(row[0], personIds));
        Assert.All(truth, row => Assert.Contains(row[1], noticeIds));
        Assert.Equal(truth.Count, truth.Select(r => r[0]).Distinct().Count());
        Assert.Equal(truth.Count, truth.Select(r => r[1]).Distinct().Count());
        Assert.Equal(noticeIds.Count, Small.Notices);
    }

    [Fact]
    public void A_matched_person_is_the_notices_person_with_the_same_sex_and_an_age_near_the_truth()
    {
        var generator = new PopulationGenerator(Small);
        var notices = generator.Notices().ToDictionary(n => n.SourceRecordId);

        foreach (var person in generator.People().Where(p => p.NoticeId is not null))
        {
            var notice = notices[person.NoticeId!];
            Assert.Equal(notice.Person, person.Truth);
            var foundOn = DateOnly.Parse(person.Columns["found_on"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(foundOn >= notice.Person.LastSeenOn, $"{person.PersonId} found before last seen");
            Assert.True(foundOn <= Small.AsOf);
            var age = notice.Person.AgeOn(foundOn);
            Assert.InRange(age, int.Parse(person.Columns["age_min"], System.Globalization.CultureInfo.InvariantCulture) - 20,
                int.Parse(person.Columns["age_max"], System.Globalization.CultureInfo.InvariantCulture) + 20);
        }
    }

    [Fact]
    public void Noise_rates_on_ten_thousand_people_are_within_their_configured_shares()
    {
        var options = new PopulationOptions(Notices: 10_000, People: 10_000, Matched: 5_000, Seed: 42);
        var people = new PopulationGenerator(options).People().ToList();

        foreach (var noise in Enum.GetValues<NameNoise>())
        {
            var share = people.Count(p => p.NameNoise == noise) / (double)people.Count;
            Assert.True(Math.Abs(share - options.Noise.ShareOf(noise)) < 0.02, $"{noise}: {share:P1} against {options.Noise.ShareOf(noise):P1}");
        }
        foreach (var noise in Enum.GetValues<HometownNoise>())
        {
            var share = people.Count(p => p.HometownNoise == noise) / (double)people.Count;
            Assert.True(Math.Abs(share - options.Noise.ShareOf(noise)) < 0.02, $"{noise}: {share:P1} against {options.Noise.ShareOf(noise):P1}");
        }
        var dialectTold = people.Count(p => p.Columns["dialect"].Length > 0) / (double)people.Count;
        Assert.InRange(dialectTold, options.Noise.DialectTold - 0.02, options.Noise.DialectTold + 0.02);
        var nameless = people.Count(p => p.Columns["name"].Length == 0) / (double)people.Count;
        Assert.InRange(nameless, options.Noise.ShareOf(NameNoise.None) - 0.02, options.Noise.ShareOf(NameNoise.None) + 0.02);
    }

    [Fact]
    public void A_told_homophone_is_a_homophone_and_a_nickname_a_nickname_for_the_name_comparer()
    {
        var people = new PopulationGenerator(new PopulationOptions(2_000, 2_000, 1_000)).People().ToList();

        var homophones = people.Where(p => p.NameNoise == NameNoise.Homophone).ToList();
        var nicknames = people.Where(p => p.NameNoise == NameNoise.Nickname).ToList();

        Assert.NotEmpty(homophones);
        Assert.NotEmpty(nicknames);
        Assert.All(homophones, p => Assert.Equal(NameLevel.Homophone, NameComparer.Compare(p.Truth.FullName, p.Columns["name"]).Level));
        Assert.All(homophones, p => Assert.NotEqual(p.Truth.FullName, p.Columns["name"]));
        Assert.All(nicknames, p => Assert.Equal(NameLevel.Nickname, NameComparer.Compare(p.Columns["name"], p.Truth.FullName).Level));
        Assert.All(people.Where(p => p.NameNoise == NameNoise.Correct), p => Assert.Equal(p.Truth.FullName, p.Columns["name"]));
        Assert.All(people.Where(p => p.NameNoise == NameNoise.GivenNameOnly), p => Assert.Equal(p.Truth.GivenName, p.Columns["name"]));
    }

    [Fact]
    public void Told_hometowns_resolve_to_the_county_the_province_or_prefecture_or_a_wrong_county_as_generated()
    {
        var generator = new PopulationGenerator(new PopulationOptions(1_000, 2_000, 500));
        var divisions = Divisions.Shared;

        foreach (var person in generator.People())
        {
            var told = divisions.Resolve(person.Columns["hometown"]);
            switch (person.HometownNoise)
            {
                case HometownNoise.RightCounty:
                    Assert.Equal(person.Truth.Hometown, told.Division);
                    break;
                case HometownNoise.ProvinceOrPrefecture:
                    Assert.Equal(person.ToldHometown, told.Division);
                    Assert.NotEqual(DivisionLevel.County, told.Division!.Level);
                    Assert.True(told.Division.Contains(person.Truth.Hometown));
                    break;
                case HometownNoise.Wrong:
                    Assert.Equal(person.ToldHometown, told.Division);
                    Assert.NotEqual(person.Truth.Hometown, told.Division);
                    break;
                default:
                    Assert.Equal("", person.Columns["hometown"]);
                    break;
            }
            Assert.True(divisions.Resolve(person.Columns["found_place"]).IsResolved, person.Columns["found_place"]);
        }
        foreach (var notice in generator.Notices().Where(n => n.Columns["家乡"].Length > 0))
        {
            var hometown = divisions.Resolve(notice.Columns["家乡"]);
            Assert.True(hometown.Division?.Contains(notice.Person.Hometown) == true, $"{notice.Columns["家乡"]} for {notice.Person.Hometown}");
        }
    }

    [Fact]
    public void Dialects_are_spoken_in_the_hometown()
    {
        var notices = new PopulationGenerator(new PopulationOptions(2_000, 0, 0)).Notices().ToList();

        Assert.All(notices, n => Assert.Equal(DialectAgreement.SpokenThere,
            Dialects.Shared.Compare(n.Person.Dialect, Divisions.Shared.Resolve(n.Person.Hometown.FullName)).Level));
    }

    [Fact]
    public void The_mix_of_missing_people_and_their_ages_follow_the_documented_shares()
    {
        var notices = new PopulationGenerator(new PopulationOptions(10_000, 0, 0)).Notices().ToList();

        foreach (var (category, share) in PopulationGenerator.CategoryShares)
        {
            var found = notices.Count(n => n.Person.Category == category) / (double)notices.Count;
            Assert.InRange(found, share - 0.02, share + 0.02);
        }
        Assert.All(notices.Where(n => n.Person.Category == MissingCategory.ElderlyWithDementia), n => Assert.InRange(n.Person.AgeOn(n.Person.LastSeenOn), 60, 92));
        Assert.All(notices.Where(n => n.Person.Category == MissingCategory.ChildLongAgo), n => Assert.InRange(n.Person.LastSeenOn.Year, 1985, 2018));
        // Surnames by frequency: 王, 李 and 张 are each about 7%.
        Assert.InRange(notices.Count(n => n.Person.Surname == "王") / (double)notices.Count, 0.05, 0.09);
        Assert.All(notices.Where(n => n.Columns["体表特征"].Length > 0), n => Assert.Matches(MarksPattern(), n.Columns["体表特征"]));
    }

    [Fact]
    public void A_notice_and_its_person_get_different_photos_of_one_identity_and_no_one_else_shares_a_face()
    {
        const string pairs = "file_x,file_y,Decision\na1.jpg,a2.jpg,Yes\nb1.jpg,b2.jpg,Yes\nb2.jpg,b3.jpg,Yes\nc1.jpg,a1.jpg,No\nd1.jpg,e1.jpg,No\nf1.jpg,g1.jpg,No\n";
        var faces = FaceIdentities.FromPairs(new StringReader(pairs));
        var identityOf = faces.All.SelectMany((files, i) => files.Select(f => (f, i))).ToDictionary(x => x.f, x => x.i);
        var generator = new PopulationGenerator(Small with { Faces = faces });

        var notices = generator.Notices().ToDictionary(n => n.SourceRecordId);
        var people = generator.People().ToList();
        var matchedWithPhotos = people.Where(p => p.NoticeId is not null && p.Columns["photo"].Length > 0).ToList();

        Assert.Equal(7, faces.All.Count);
        Assert.Equal(2, generator.MatchedWithFaces);
        Assert.Equal(2, matchedWithPhotos.Count);
        foreach (var person in matchedWithPhotos)
        {
            var noticePhoto = notices[person.NoticeId!].Columns["photo"];
            Assert.NotEqual(noticePhoto, person.Columns["photo"]);
            Assert.Equal(identityOf[noticePhoto], identityOf[person.Columns["photo"]]);
            Assert.NotEqual("", notices[person.NoticeId!].Columns["photo_year"]);
        }
        // Every identity appears in at most one notice and one person, and both only when they are the same person.
        var photoRecords = notices.Values.Where(n => n.Columns["photo"].Length > 0).Select(n => (Identity: identityOf[n.Columns["photo"]], Truth: n.Person))
            .Concat(people.Where(p => p.Columns["photo"].Length > 0).Select(p => (Identity: identityOf[p.Columns["photo"]], p.Truth)))
            .ToList();
        Assert.All(photoRecords.GroupBy(r => r.Identity), g => Assert.Single(g.Select(r => r.Truth).Distinct()));
        Assert.Equal(photoRecords.Count, photoRecords.Select(r => r.Truth).Distinct().Count() + generator.MatchedWithFaces);
        Assert.Equal(7, photoRecords.Select(r => r.Identity).Distinct().Count());
    }

    [Fact]
    public void Without_photos_every_photo_column_is_empty()
    {
        var generator = new PopulationGenerator(Small);

        Assert.All(generator.Notices(), n => Assert.Equal("", n.Columns["photo"] + n.Columns["photo_year"]));
        Assert.All(generator.People(), p => Assert.Equal("", p.Columns["photo"]));
    }

    [Fact]
    public void More_matches_than_notices_or_people_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PopulationGenerator(new PopulationOptions(10, 100, 11)));
        Assert.Throws<ArgumentException>(() => new PopulationGenerator(new PopulationOptions(100, 10, 11)));
    }

    private sealed record Files(string Notices, string People, string Truth);

    private static Files Write(PopulationOptions options)
    {
        var (notices, people, truth) = (new StringWriter(), new StringWriter(), new StringWriter());
        new PopulationGenerator(options).Write(notices, people, truth);
        return new Files(notices.ToString(), people.ToString(), truth.ToString());
    }

    /// <summary>An RFC 4180 reader written apart from the generator's writer, so one cannot hide the other's mistake.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else field.Append(c);
        }
        Assert.False(quoted, "a quoted field is not closed");
        Assert.Equal(0, field.Length + row.Count);
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        return rows;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Rescue.sln"))) return dir.FullName;
        throw new InvalidOperationException("Rescue.sln not found above the test's folder");
    }

    [GeneratedRegex(@"^[^:;]+:[^:;]+(;[^:;]+:[^:;]+)*$")]
    private static partial Regex MarksPattern();
}
