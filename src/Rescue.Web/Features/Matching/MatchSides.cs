using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Rescue.Search.Matching;
using Rescue.Search.Scoring;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Matching;

/// <summary>
/// Reads notices and admissions from the database as the matching engine holds them: what each says (the sides the
/// score compares) and the face signatures of their photos. Only searchable records are read: open notices, and
/// admissions of people whose identity is not established (in the station or past stays). A closed notice or an
/// identified person is absent, so the feed takes them out of the engine at once.
/// </summary>
internal static class MatchSides
{
    /// <summary>The open notices among <paramref name="ids"/> (all when null), with their faces.</summary>
    /// <remarks>
    /// Read with plain Npgsql, like the faces: at start a million rows are read, and EF's materialisation (the marks'
    /// JSON above all) cost more than the rest of the read.
    /// </remarks>
    public static async Task<List<MatchNotice>> NoticesAsync(RescueDbContext db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        // The faces are read on their own connections while the rows are read on another.
        var connectionString = db.Database.GetConnectionString();
        var reading = FacesAsync(db, PhotoOwner.Notice, ids?.ToList(), ct);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT "Id", "MissingPersonName", "OtherNames", "Sex", "DateOfBirth_Year", "DateOfBirth_Month", "DateOfBirth_Day",
                   "AgeAtDisappearance", "LastSeenOn", "LastSeenPlace", "Hometown", "Dialect", "HeightCm", "Marks"::text, "Disabilities"
            FROM "Notices" WHERE "Status" = @open AND (@ids IS NULL OR "Id" = ANY(@ids))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("open", NpgsqlDbType.Text) { Value = NoticeStatus.Open.ToString() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = (object?)ids?.ToArray() ?? DBNull.Value });
        command.CommandTimeout = 0;
        var rows = new List<(Guid Id, NoticeSide Side)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                int? Int(int column) => reader.IsDBNull(column) ? null : reader.GetInt32(column);
                string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
                rows.Add((reader.GetGuid(0), new NoticeSide
                {
                    Name = reader.GetString(1),
                    OtherNames = reader.GetFieldValue<string[]>(2),
                    Sex = SexOf(Enum.TryParse<Sex>(reader.GetString(3), out var sex) ? sex : Sex.Unknown),
                    DateOfBirth = Int(4) is { } year ? new BirthDate(year, Int(5), Int(6)) : null,
                    AgeAtDisappearance = Int(7),
                    LastSeenOn = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8),
                    LastSeenPlace = Text(9),
                    Hometown = Text(10),
                    Dialect = Text(11),
                    HeightCm = Int(12),
                    Marks = MarksOf(Text(13)),
                    Disabilities = (DisabilityFlags)reader.GetInt32(14),
                }));
            }
        }
        var faces = await reading;
        return [.. rows.Select(n => new MatchNotice(n.Id, n.Side,
            [.. (faces.GetValueOrDefault(n.Id) ?? []).Select(f => new NoticeFace(f.SignatureId, f.Embedding, f.TakenYear))]))];
    }

    /// <summary>The searchable admissions among <paramref name="ids"/> (all when null), with their faces.</summary>
    public static async Task<List<MatchPerson>> PeopleAsync(RescueDbContext db, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        var reading = FacesAsync(db, PhotoOwner.Admission, ids?.ToList(), ct);
        var admissions = db.Admissions.AsNoTracking().Where(a => a.Person.IdentifiedAt == null);
        if (ids is not null) admissions = admissions.Where(a => ids.Contains(a.Id));
        var rows = await admissions
            .GroupJoin(db.Reports, a => a.ReportId, r => r.Id, (a, r) => new { a, r })
            .SelectMany(x => x.r.DefaultIfEmpty(), (x, r) => new
            {
                x.a.Id, x.a.Name, x.a.Aliases, x.a.HukouPlace, x.a.Dialect, x.a.Sex, x.a.DateOfBirth, x.a.EstimatedAgeMin, x.a.EstimatedAgeMax,
                x.a.HeightCm, x.a.Marks, x.a.MentalState, x.a.Disability, x.a.AdmittedAt,
                FoundPlace = r == null ? null : r.PlaceText,
                FoundAt = r == null ? (DateTimeOffset?)null : r.FoundAt,
            })
            .ToListAsync(ct);
        var faces = await reading;
        return [.. rows.Select(a =>
        {
            var admittedOn = DateOnly.FromDateTime(a.AdmittedAt.UtcDateTime);
            var side = new PersonSide
            {
                Name = Told(a.Name),
                Aliases = FieldFormats.SplitOtherNames(Told(a.Aliases)),
                Sex = SexOf(a.Sex),
                EstimatedAgeMin = a.EstimatedAgeMin,
                EstimatedAgeMax = a.EstimatedAgeMax,
                AgeEstimatedOn = admittedOn,
                DateOfBirth = a.DateOfBirth,
                HeightCm = a.HeightCm,
                Marks = MarksOf(a.Marks),
                HukouPlace = Told(a.HukouPlace),
                Dialect = Told(a.Dialect),
                FoundPlace = a.FoundPlace,
                FoundOn = a.FoundAt is { } found ? DateOnly.FromDateTime(found.UtcDateTime) : admittedOn,
                ObservedDisabilities = Observed(a.MentalState, a.Disability),
            };
            return new MatchPerson(a.Id, side, [.. (faces.GetValueOrDefault(a.Id) ?? []).Select(f =>
            {
                var takenOn = DateOnly.FromDateTime(f.UploadedAt.UtcDateTime);
                double? age = a.EstimatedAgeMin is { } min && a.EstimatedAgeMax is { } max
                    ? (min + max) / 2.0 + (takenOn.DayNumber - admittedOn.DayNumber) / 365.25
                    : null;
                return new PersonFace(f.SignatureId, f.Embedding, takenOn, age);
            })]);
        })];
    }

    /// <summary>
    /// What a side says, as a short hash: a stored candidate's fingerprints differ from the current ones exactly when
    /// a side changed materially (a value the score reads, or its faces).
    /// </summary>
    public static string Fingerprint(MatchNotice notice) => Hash(notice.Side, notice.Faces.Select(f => f.SignatureId));

    public static string Fingerprint(MatchPerson person) => Hash(person.Side, person.Faces.Select(f => f.SignatureId));

    /// <summary>Whether a side may be a minor: stated, or by the estimated or expected age on <paramref name="today"/>.</summary>
    public static bool IsMinor(MatchNotice notice, DateOnly today)
    {
        var (from, _) = BirthYears.OfNotice(notice.Side.DateOfBirth?.Year, notice.Side.AgeAtDisappearance, notice.Side.LastSeenOn);
        return from is { } born && today.Year - born < 18;
    }

    public static bool IsMinor(MatchPerson person, DateOnly today)
    {
        var (_, to) = BirthYears.OfPerson(person.Side.DateOfBirth?.Year, person.Side.EstimatedAgeMin, person.Side.EstimatedAgeMax, person.Side.AgeEstimatedOn);
        return to is { } born && today.Year - born < 18;
    }

    private static string Hash<T>(T side, IEnumerable<Guid> faces)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { side, faces = faces.Order().ToArray() });
        return Convert.ToHexString(SHA256.HashData(bytes), 0, 16);
    }

    /// <summary>The person's faces (the face staff confirmed, or the only candidate) of the photos of one kind of owner, by owner.</summary>
    /// <remarks>
    /// Read with plain Npgsql: at start a side holds a million faces, and the server's cost is writing each signature's
    /// 512 floats, so the whole side is read in parts (by owner) on as many connections as there are cores. A part
    /// holds every face of its owners, so each owner's list is whole.
    /// </remarks>
    private static async Task<Dictionary<Guid, List<OwnedFace>>> FacesAsync(RescueDbContext db, PhotoOwner owner, List<Guid>? ownerIds, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString();
        var parts = ownerIds is null ? Math.Max(2, Environment.ProcessorCount) : 1;
        var read = await Task.WhenAll(Enumerable.Range(0, parts).Select(part => FacesPartAsync(connectionString, owner, ownerIds, part, parts, ct)));
        var faces = new Dictionary<Guid, List<OwnedFace>>();
        foreach (var face in read.SelectMany(part => part))
        {
            if (!faces.TryGetValue(face.OwnerId, out var list)) faces[face.OwnerId] = list = [];
            list.Add(face);
        }
        return faces;
    }

    private static async Task<List<OwnedFace>> FacesPartAsync(
        string? connectionString, PhotoOwner owner, List<Guid>? ownerIds, int part, int parts, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            SELECT f."Id", p."OwnerId", f."Embedding", p."TakenYear", p."UploadedAt"
            FROM "FaceSignatures" f JOIN "Photos" p ON p."Id" = f."PhotoId"
            WHERE f."IsPerson" AND f."Usable" AND p."OwnerKind" = @owner
              AND (@owners IS NULL OR p."OwnerId" = ANY(@owners))
              AND (@parts = 1 OR abs(hashtext(p."OwnerId"::text) % @parts) = @part)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Text) { Value = owner.ToString() });
        command.Parameters.Add(new NpgsqlParameter("owners", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = (object?)ownerIds?.ToArray() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("parts", NpgsqlDbType.Integer) { Value = parts });
        command.Parameters.Add(new NpgsqlParameter("part", NpgsqlDbType.Integer) { Value = part });
        // The whole side takes longer than a command's usual 30 seconds on a busy machine.
        command.CommandTimeout = 0;
        var faces = new List<OwnedFace>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var bytes = reader.GetFieldValue<byte[]>(2);
            if (bytes.Length != Search.Vectors.SignatureCodes.Dimensions * 4) continue;
            var embedding = SignatureBytes.Read(bytes);
            faces.Add(new OwnedFace(reader.GetGuid(0), reader.GetGuid(1), embedding, reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return faces;
    }

    private static string? Told(ToldValue told) =>
        ToldValue.QualityOf(told) is DataQuality.Known or DataQuality.Partial && !TextRules.IsBlank(told.Value) ? told.Value!.Trim() : null;

    private static List<BodyMark> MarksOf(List<Mark> marks) => [.. marks.Select(m => new BodyMark(m.BodyLocation, m.Kind, m.Description))];

    /// <summary>Marks as stored (a JSON array of <see cref="Mark"/>); most notices have none.</summary>
    private static List<BodyMark> MarksOf(string? json) =>
        json is null or "[]" ? [] : MarksOf(JsonSerializer.Deserialize<List<Mark>>(json) ?? []);

    private static RecordedSex SexOf(Sex sex) => sex switch
    {
        Sex.Male => RecordedSex.Male,
        Sex.Female => RecordedSex.Female,
        _ => RecordedSex.Unknown,
    };

    /// <summary>What staff wrote of the person's state, read for the disabilities a notice may name.</summary>
    private static DisabilityFlags Observed(string? mentalState, string? disability)
    {
        var text = $"{mentalState} {disability}";
        var flags = DisabilityFlags.None;
        if (text.Contains("智力") || text.Contains("智障") || text.Contains("弱智")) flags |= DisabilityFlags.Intellectual;
        if ((disability ?? "").Contains("精神") || MentalSigns.Any(sign => (mentalState ?? "").Contains(sign))) flags |= DisabilityFlags.Mental;
        if (text.Contains("听力") || text.Contains('聋')) flags |= DisabilityFlags.Hearing;
        if (text.Contains("言语") || text.Contains('哑')) flags |= DisabilityFlags.Speech;
        return flags;
    }

    /// <summary>Words in a mental-state note that say it is not normal ("精神状态正常" says nothing).</summary>
    private static readonly string[] MentalSigns = ["异常", "障碍", "精神病", "分裂", "抑郁", "躁", "痴呆", "不清"];

    private sealed record OwnedFace(Guid SignatureId, Guid OwnerId, float[] Embedding, int? TakenYear, DateTimeOffset UploadedAt);
}
