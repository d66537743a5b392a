using System.Globalization;
using Rescue.Search.Places;

namespace Rescue.Search.Population;

/// <summary>
/// Generates the evaluation files of the matching feature: notices (N.csv, the notice import layout plus photo
/// columns), people as registered at admission (P.csv) and which person is which notice's (T.csv), with the noise
/// that real records carry. Every record comes from its own seeded random stream, so notices are streamed at any
/// size and the same options give the same files.
/// </summary>
public sealed class PopulationGenerator
{
    /// <summary>N.csv's header: the import layout's Chinese headers (NoticeColumns in Rescue.Web) and the photo columns.</summary>
    public static readonly IReadOnlyList<string> NoticeHeaders =
    [
        "来源名称", "来源编号", "姓名", "别名", "性别", "出生日期", "走失时年龄", "最后见到日期", "最后见到地点", "行政区划代码", "身高",
        "体表特征", "方言口音", "家乡", "残疾情况", "衣着", "走失经过", "报告人姓名", "与走失者关系", "联系电话", "photo", "photo_year",
    ];

    /// <summary>P.csv's header, as the evaluation contract gives it.</summary>
    public static readonly IReadOnlyList<string> PersonHeaders =
        ["person_id", "found_on", "sex", "age_min", "age_max", "height_cm", "name", "hometown", "dialect", "marks", "found_place", "photo"];

    /// <summary>T.csv's header.</summary>
    public static readonly IReadOnlyList<string> TruthHeaders = ["person_id", "source_record_id"];

    /// <summary>
    /// The mix of missing people, a judgement from what stations and 寻亲 registries report: elderly people with
    /// dementia are the largest group, then people with intellectual or mental disabilities, and children lost
    /// long ago whose families still search.
    /// </summary>
    public static readonly IReadOnlyList<(MissingCategory Category, double Share)> CategoryShares =
    [
        (MissingCategory.ElderlyWithDementia, 0.35),
        (MissingCategory.IntellectualDisability, 0.20),
        (MissingCategory.MentalIllness, 0.15),
        (MissingCategory.DeafAndMute, 0.05),
        (MissingCategory.ChildLongAgo, 0.15),
        (MissingCategory.Adult, 0.10),
    ];

    private const int SubjectStream = 1, NoticeStream = 2, PersonStream = 3, DistractorStream = 4, PhotoStream = 5, SamplingStream = 6;

    private static readonly double[] CategoryCumulative = PlaceTables.Cumulative(CategoryShares.Select(c => c.Share));

    private static readonly string[] MarkLocations = ["左臂", "右臂", "额头", "左脸", "右脸", "下巴", "后背", "胸口", "左手", "右手", "左腿", "右腿", "脖子", "头顶", "左耳", "腹部"];

    private static readonly string[] MarkKinds = ["疤痕", "疤痕", "疤痕", "胎记", "胎记", "痣", "纹身", "烫伤"];

    private static readonly string[] Landmarks = ["", "火车站", "汽车站", "附近", "集市", "家门口", "医院门口", "广场", "街头"];

    private static readonly string[] Clothing = ["蓝色上衣，黑色裤子", "灰色外套", "红色毛衣，蓝色牛仔裤", "黑色棉袄", "白色短袖，运动鞋", "军绿色外套，布鞋", "格子衬衫", "黑色夹克, 灰色裤子"];

    private readonly PopulationOptions _options;
    private readonly PlaceTables _places = PlaceTables.Shared;
    private readonly double[] _nameCumulative;
    private readonly double[] _hometownCumulative;
    private readonly Dictionary<int, int> _personOfNotice = [];
    private readonly int[] _noticeOfPerson;
    private readonly Dictionary<int, string> _noticePhotos = [];
    private readonly Dictionary<int, string> _personPhotos = [];

    public PopulationGenerator(PopulationOptions options)
    {
        options.Validate();
        _options = options;
        _nameCumulative = options.Noise.NameCumulative;
        _hometownCumulative = options.Noise.HometownCumulative;

        // Which notices have their person in the station, and which person slot each takes: both random, so
        // neither file is ordered by the truth.
        var sampling = RandomFor(SamplingStream, 0);
        var matchedNotices = Sample(sampling, options.Notices, options.Matched);
        var slots = Enumerable.Range(0, options.People).ToArray();
        sampling.Shuffle(slots);
        _noticeOfPerson = new int[options.People];
        Array.Fill(_noticeOfPerson, -1);
        for (var j = 0; j < matchedNotices.Length; j++)
        {
            _noticeOfPerson[slots[j]] = matchedNotices[j];
            _personOfNotice[matchedNotices[j]] = slots[j];
        }
        if (options.Faces is { } faces) AssignPhotos(faces, matchedNotices, slots);
    }

    /// <summary>Matched pairs where the notice and the person have photos of one identity.</summary>
    public int MatchedWithFaces { get; private set; }

    /// <summary>The notices in N.csv order, generated as they are read.</summary>
    public IEnumerable<GeneratedNotice> Notices()
    {
        for (var i = 0; i < _options.Notices; i++) yield return NoticeAt(i);
    }

    /// <summary>The people in P.csv order.</summary>
    public IEnumerable<GeneratedPerson> People()
    {
        for (var k = 0; k < _options.People; k++) yield return PersonAt(k);
    }

    /// <summary>Writes the three files; the notices are streamed, so memory does not grow with their number.</summary>
    public PopulationCounts Write(TextWriter notices, TextWriter people, TextWriter truth)
    {
        var noticePhotos = 0;
        PopulationCsv.WriteRow(notices, NoticeHeaders);
        foreach (var notice in Notices())
        {
            PopulationCsv.WriteRow(notices, NoticeHeaders.Select(h => notice.Columns[h]));
            if (notice.Columns["photo"].Length > 0) noticePhotos++;
        }

        var personPhotos = 0;
        var matched = 0;
        PopulationCsv.WriteRow(people, PersonHeaders);
        PopulationCsv.WriteRow(truth, TruthHeaders);
        foreach (var person in People())
        {
            PopulationCsv.WriteRow(people, PersonHeaders.Select(h => person.Columns[h]));
            if (person.Columns["photo"].Length > 0) personPhotos++;
            if (person.NoticeId is null) continue;
            PopulationCsv.WriteRow(truth, [person.PersonId, person.NoticeId]);
            matched++;
        }
        return new PopulationCounts(_options.Notices, _options.People, matched, noticePhotos, personPhotos, MatchedWithFaces);
    }

    /// <summary>The notice at a position of N.csv.</summary>
    public GeneratedNotice NoticeAt(int index)
    {
        var person = SubjectOf(index);
        var random = RandomFor(NoticeStream, index);
        var id = NoticeId(index);
        var columns = NoticeHeaders.ToDictionary(h => h, _ => "", StringComparer.Ordinal);
        columns["来源名称"] = _options.SourceName;
        columns["来源编号"] = id;
        columns["姓名"] = person.FullName;
        if (random.NextDouble() < 0.2) columns["别名"] = NameNoiseMaker.FamilyNickname(random, person.GivenName);
        if (random.NextDouble() < 0.98) columns["性别"] = person.IsMale ? "男" : "女";

        var age = person.AgeOn(person.LastSeenOn);
        var birth = random.NextDouble();
        if (birth < 0.4) columns["出生日期"] = Date(person.BornOn);
        else if (birth < 0.55) columns["出生日期"] = person.BornOn.Year.ToString(CultureInfo.InvariantCulture);
        if (random.NextDouble() < (columns["出生日期"].Length == 0 ? 0.9 : 0.6)) columns["走失时年龄"] = Number(age);

        if (random.NextDouble() < 0.95) columns["最后见到日期"] = Date(person.LastSeenOn);
        if (random.NextDouble() < 0.9) columns["最后见到地点"] = _places.WriteCounty(random, person.LastSeenIn) + Pick(random, Landmarks);
        if (random.NextDouble() < 0.5) columns["行政区划代码"] = person.LastSeenIn.Code;
        if (random.NextDouble() < 0.55)
        {
            var height = person.HeightAt(age) + (int)Math.Round(Normal(random, 2));
            // Families often give a round figure.
            columns["身高"] = Number(random.NextDouble() < 0.5 ? (int)Math.Round(height / 5.0) * 5 : height);
        }
        if (person.Marks.Count > 0 && random.NextDouble() < 0.85) columns["体表特征"] = Mark.Format(person.Marks);
        if (random.NextDouble() < 0.35) columns["方言口音"] = person.Dialect;

        var hometown = random.NextDouble();
        if (hometown < 0.85) columns["家乡"] = _places.WriteCounty(random, person.Hometown);
        else if (hometown < 0.95) columns["家乡"] = _places.WriteProvinceOrPrefecture(random, person.Hometown).Text;

        columns["残疾情况"] = Disabilities(random, person.Category);
        if (random.NextDouble() < 0.6) columns["衣着"] = Pick(random, Clothing);
        columns["走失经过"] = Circumstances(random, person, age);
        var (reporter, relationship) = Reporter(random, person);
        if (random.NextDouble() < 0.9)
        {
            columns["报告人姓名"] = reporter;
            columns["与走失者关系"] = relationship;
        }
        if (random.NextDouble() < 0.8) columns["联系电话"] = Phone(random);

        if (_noticePhotos.TryGetValue(index, out var photo))
        {
            columns["photo"] = photo;
            // A family's photo was taken before the person went missing: for a child, when a child.
            columns["photo_year"] = Number(Math.Max(person.BornOn.Year, person.LastSeenOn.Year - random.Next(4)));
        }
        return new GeneratedNotice(index, id, person, columns);
    }

    /// <summary>The person at a position of P.csv.</summary>
    public GeneratedPerson PersonAt(int slot)
    {
        var noticeIndex = _noticeOfPerson[slot];
        var truth = noticeIndex >= 0 ? SubjectOf(noticeIndex) : Subject(RandomFor(DistractorStream, slot));
        var random = RandomFor(PersonStream, slot);
        var noise = _options.Noise;
        var id = $"P{slot + 1:D6}";
        var columns = PersonHeaders.ToDictionary(h => h, _ => "", StringComparer.Ordinal);
        columns["person_id"] = id;

        var foundOn = FoundOn(random, truth);
        columns["found_on"] = Date(foundOn);
        columns["sex"] = random.NextDouble() < 0.01 ? "不详" : truth.IsMale ? "男" : "女";

        // Staff estimate the age by looking: the older the person, the wider the miss.
        var age = truth.AgeOn(foundOn);
        var estimate = age + Normal(random, noise.AgeErrorYears + noise.AgeErrorPerYear * age);
        var halfWidth = 2 + age / 15;
        columns["age_min"] = Number(Math.Max(0, (int)Math.Round(estimate) - halfWidth));
        columns["age_max"] = Number(Math.Max(1, (int)Math.Round(estimate) + halfWidth));
        if (random.NextDouble() < 0.85) columns["height_cm"] = Number(truth.HeightOn(foundOn) + (int)Math.Round(Normal(random, noise.HeightErrorCm)));

        var nameNoise = (NameNoise)PlaceTables.Index(_nameCumulative, random.NextDouble());
        string? told = nameNoise switch
        {
            NameNoise.Correct => truth.FullName,
            NameNoise.Homophone => NameNoiseMaker.Homophone(random, truth.Surname, truth.GivenName),
            NameNoise.Nickname => NameNoiseMaker.Nickname(random, truth.Surname, truth.GivenName),
            NameNoise.GivenNameOnly => truth.GivenName,
            _ => "",
        };
        if (told is null)
        {
            // No homophone or nickname reads as one for this name: it is told as it is.
            (nameNoise, told) = (NameNoise.Correct, truth.FullName);
        }
        columns["name"] = told;

        var hometownNoise = (HometownNoise)PlaceTables.Index(_hometownCumulative, random.NextDouble());
        Division? toldHometown = null;
        switch (hometownNoise)
        {
            case HometownNoise.RightCounty:
                toldHometown = truth.Hometown;
                columns["hometown"] = _places.WriteCounty(random, truth.Hometown);
                break;
            case HometownNoise.ProvinceOrPrefecture:
                (columns["hometown"], toldHometown) = _places.WriteProvinceOrPrefecture(random, truth.Hometown);
                break;
            case HometownNoise.Wrong:
                toldHometown = random.NextDouble() < 0.5 ? _places.CountyInProvince(random, truth.Hometown) : _places.CountyElsewhere(random, truth.Hometown);
                if (toldHometown == truth.Hometown) toldHometown = _places.CountyElsewhere(random, truth.Hometown);
                columns["hometown"] = _places.WriteCounty(random, toldHometown);
                break;
        }

        if (random.NextDouble() < noise.DialectTold) columns["dialect"] = truth.Dialect;
        var marks = truth.Marks.Where(_ => random.NextDouble() < noise.MarkSeen).ToList();
        if (random.NextDouble() < 0.1) marks.Add(NewMark(random));
        columns["marks"] = Mark.Format(marks);

        var foundIn = random.NextDouble() < noise.FoundFarAway ? _places.CountyElsewhere(random, truth.Hometown)
            : random.NextDouble() < 0.5 ? _places.CountyInProvince(random, truth.Hometown)
            : _places.CountyInPrefecture(random, truth.Hometown);
        columns["found_place"] = _places.WriteCounty(random, foundIn) + Pick(random, Landmarks);
        if (_personPhotos.TryGetValue(slot, out var photo)) columns["photo"] = photo;

        return new GeneratedPerson(id, noticeIndex >= 0 ? NoticeId(noticeIndex) : null, truth, nameNoise, hometownNoise, toldHometown, columns);
    }

    /// <summary>The person a notice is about; the same for the notice and, when matched, for the admission.</summary>
    private MissingPerson SubjectOf(int noticeIndex) => Subject(RandomFor(SubjectStream, noticeIndex));

    private MissingPerson Subject(Random random)
    {
        var category = CategoryShares[PlaceTables.Index(CategoryCumulative, random.NextDouble())].Category;
        var isMale = random.NextDouble() < category switch
        {
            MissingCategory.ElderlyWithDementia => 0.5,
            MissingCategory.MentalIllness => 0.6,
            _ => 0.62,
        };
        var (ageFrom, ageTo) = category switch
        {
            MissingCategory.ElderlyWithDementia => (60, 92),
            MissingCategory.IntellectualDisability => (8, 55),
            MissingCategory.MentalIllness => (18, 65),
            MissingCategory.DeafAndMute => (12, 60),
            MissingCategory.ChildLongAgo => (1, 14),
            _ => (18, 60),
        };
        // Younger children go missing more often than older ones; elsewhere ages are even.
        var age = category == MissingCategory.ChildLongAgo
            ? ageFrom + (int)((ageTo - ageFrom + 1) * random.NextDouble() * random.NextDouble())
            : random.Next(ageFrom, ageTo + 1);

        var asOf = _options.AsOf;
        var lastSeenOn = category switch
        {
            MissingCategory.ChildLongAgo => new DateOnly(random.Next(1985, Math.Min(2019, asOf.Year + 1)), 1, 1).AddDays(random.Next(365)),
            MissingCategory.ElderlyWithDementia => asOf.AddDays(-(int)(365 * (random.NextDouble() < 0.8 ? 3 : 8) * random.NextDouble())),
            // Spread over decades: most within ten years, a quarter longer ago.
            _ => asOf.AddDays(-(int)(365 * random.NextDouble() switch { < 0.4 => 3, < 0.75 => 10, _ => 30 } * random.NextDouble())),
        };
        if (lastSeenOn > asOf) lastSeenOn = asOf;
        var bornOn = lastSeenOn.AddYears(-age).AddDays(-random.Next(365));

        var surname = Surname(random);
        var givenName = GivenName(random, isMale, bornOn.Year);
        var hometown = _places.County(random);
        var dialect = _places.DialectOf(random, hometown);
        var adultHeight = (int)Math.Round(Math.Clamp(isMale ? 170 + Normal(random, 6) : 159 + Normal(random, 5.5), 140, 200));
        var markCount = random.NextDouble() switch { < 0.55 => 0, < 0.85 => 1, _ => 2 };
        var marks = Enumerable.Range(0, markCount).Select(_ => NewMark(random)).DistinctBy(m => m.BodyLocation).ToList();
        var lastSeenIn = random.NextDouble() switch
        {
            < 0.65 => hometown,
            < 0.8 => _places.CountyInProvince(random, hometown),
            _ => _places.CountyElsewhere(random, hometown),
        };
        return new MissingPerson(category, isMale, surname, givenName, bornOn, hometown, dialect, adultHeight, marks, lastSeenOn, lastSeenIn);
    }

    private DateOnly FoundOn(Random random, MissingPerson truth)
    {
        var asOf = _options.AsOf;
        var span = asOf.DayNumber - truth.LastSeenOn.DayNumber;
        // Most adults reach a station within weeks; children lost long ago are the ones found years later.
        if (truth.Category != MissingCategory.ChildLongAgo && random.NextDouble() < 0.6)
            return truth.LastSeenOn.AddDays(random.Next(Math.Min(span, 90) + 1));
        return asOf.AddDays(-random.Next(Math.Min(span, 6 * 365) + 1));
    }

    private static string Surname(Random random)
    {
        var draw = random.NextDouble() * 100;
        foreach (var (surname, percent) in NameTables.TopSurnames)
        {
            if (draw < percent) return surname;
            draw -= percent;
        }
        return Pick(random, NameTables.OtherSurnames);
    }

    /// <summary>A name in fashion for the sex and birth year, the popular ones most often (Zipf), or a new pair of their characters.</summary>
    private static string GivenName(Random random, bool isMale, int bornIn)
    {
        var period = NameTables.GivenNames.First(p => bornIn <= p.BornUpTo);
        var names = isMale ? period.Male : period.Female;
        if (random.NextDouble() < 0.4)
        {
            // Characters keep their place: 建 and 国 open names, 华 and 英 close them (建华, 国英).
            var pairs = names.Where(n => n.Length == 2).ToArray();
            var first = pairs[random.Next(pairs.Length)][0];
            var second = pairs[random.Next(pairs.Length)][1];
            if (first != second) return $"{first}{second}";
        }
        var total = 0.0;
        for (var i = 0; i < names.Length; i++) total += 1.0 / (i + 1);
        var draw = random.NextDouble() * total;
        for (var i = 0; i < names.Length; i++)
        {
            draw -= 1.0 / (i + 1);
            if (draw < 0) return names[i];
        }
        return names[^1];
    }

    private static Mark NewMark(Random random) => new(Pick(random, MarkLocations), Pick(random, MarkKinds));

    private static string Disabilities(Random random, MissingCategory category) => category switch
    {
        MissingCategory.ElderlyWithDementia => random.NextDouble() < 0.5 ? "精神" : "",
        MissingCategory.IntellectualDisability => random.NextDouble() < 0.3 ? "智力、言语" : "智力",
        MissingCategory.MentalIllness => random.NextDouble() < 0.9 ? "精神" : "",
        MissingCategory.DeafAndMute => "听力、言语",
        _ => "",
    };

    private string Circumstances(Random random, MissingPerson person, int age)
    {
        var pronoun = person.IsMale ? "他" : "她";
        var where = person.LastSeenIn.FullName;
        var text = person.Category switch
        {
            MissingCategory.ElderlyWithDementia => $"{pronoun}患有老年痴呆，记不清家在哪里，{person.LastSeenOn.Year}年在{where}出门后没有回家。",
            MissingCategory.IntellectualDisability => $"{pronoun}智力有缺陷，说话不清楚，{person.LastSeenOn.Year}年在{where}走失。",
            MissingCategory.MentalIllness => $"{pronoun}患有精神疾病，发病时会到处走，{person.LastSeenOn.Year}年在{where}走失。",
            MissingCategory.DeafAndMute => $"{pronoun}是聋哑人，会写简单的字，{person.LastSeenOn.Year}年在{where}走失。",
            MissingCategory.ChildLongAgo => $"{person.LastSeenOn.Year}年在{where}走失（疑似被拐），当时{age}岁，家人一直在找。",
            _ => $"{pronoun}{person.LastSeenOn.Year}年外出打工，在{where}与家人失去联系。",
        };
        // Some families quote what the person says and write on several lines, as real notices do.
        if (random.NextDouble() < 0.1) text += $"\n{pronoun}常说\"要回家\",如有线索请联系,必有重谢。";
        return text;
    }

    private static (string Name, string Relationship) Reporter(Random random, MissingPerson person)
    {
        var (relationship, bornIn, sameSurname) = person.Category switch
        {
            MissingCategory.ElderlyWithDementia => random.NextDouble() < 0.6 ? ("儿子", person.BornOn.Year + 28, person.IsMale) : ("女儿", person.BornOn.Year + 28, false),
            MissingCategory.ChildLongAgo => random.NextDouble() < 0.5 ? ("父亲", person.BornOn.Year - 28, true) : ("母亲", person.BornOn.Year - 26, false),
            _ => random.Next(3) switch
            {
                0 => ("父亲", person.BornOn.Year - 28, true),
                1 => (person.IsMale ? "妻子" : "丈夫", person.BornOn.Year, false),
                _ => ("哥哥", person.BornOn.Year - 4, true),
            },
        };
        var isMale = relationship is "儿子" or "父亲" or "丈夫" or "哥哥";
        var surname = sameSurname ? person.Surname : Surname(random);
        return (surname + GivenName(random, isMale, bornIn), relationship);
    }

    private static string Phone(Random random) =>
        "1" + "3589"[random.Next(4)] + random.NextInt64(0, 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>
    /// Photos: identities with two or more photos go to matched pairs (a different photo on each side); every other
    /// identity goes to one record among the people and notices without a match, alternating, so that a face never
    /// links two records that are not the same person.
    /// </summary>
    private void AssignPhotos(FaceIdentities faces, int[] matchedNotices, int[] slots)
    {
        var random = RandomFor(PhotoStream, 0);
        var identities = faces.All.ToArray();
        random.Shuffle(identities);
        var several = new Queue<IReadOnlyList<string>>(identities.Where(i => i.Count >= 2));
        var others = new List<IReadOnlyList<string>>(identities.Where(i => i.Count < 2));

        for (var j = 0; j < matchedNotices.Length && several.Count > 0; j++)
        {
            var photos = several.Dequeue().ToArray();
            random.Shuffle(photos);
            _noticePhotos[matchedNotices[j]] = photos[0];
            _personPhotos[slots[j]] = photos[1];
            MatchedWithFaces++;
        }
        others.AddRange(several);

        var distractorPeople = new Queue<int>(slots.Skip(matchedNotices.Length));
        var unmatchedNotices = new Queue<int>(Sample(random, _options.Notices, Math.Min(_options.Notices, matchedNotices.Length + others.Count))
            .Where(i => !_personOfNotice.ContainsKey(i)));
        var toPerson = true;
        foreach (var identity in others)
        {
            var photo = identity[random.Next(identity.Count)];
            if ((toPerson || unmatchedNotices.Count == 0) && distractorPeople.TryDequeue(out var slot)) _personPhotos[slot] = photo;
            else if (unmatchedNotices.TryDequeue(out var notice)) _noticePhotos[notice] = photo;
            else break;
            toPerson = !toPerson;
        }
    }

    /// <summary>k distinct numbers below n in random order (Floyd's algorithm: no array of n).</summary>
    private static int[] Sample(Random random, int n, int k)
    {
        var chosen = new HashSet<int>();
        var order = new List<int>(k);
        for (var j = n - k; j < n; j++)
        {
            var t = random.Next(j + 1);
            var pick = chosen.Add(t) ? t : j;
            if (pick == j) chosen.Add(j);
            order.Add(pick);
        }
        var result = order.ToArray();
        random.Shuffle(result);
        return result;
    }

    private static string NoticeId(int index) => $"N{index + 1:D7}";

    /// <summary>An independent random stream per record, so any record can be made alone and in any order.</summary>
    private Random RandomFor(int stream, int index)
    {
        unchecked
        {
            var h = (ulong)(uint)_options.Seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xC2B2AE3D27D4EB4FUL ^ ((ulong)(uint)index + 1) * 0x165667B19E3779F9UL;
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53UL;
            h ^= h >> 33;
            return new Random((int)h);
        }
    }

    private static double Normal(Random random, double standardDeviation) =>
        standardDeviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
