using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rescue.Search.Population;
using Rescue.Search.Vectors;
using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Benchmarks.Match;

/// <summary>
/// Writes a generated station into the app's tables with binary COPY: open notices (names, places, ages and marks
/// from <see cref="PopulationGenerator"/>), unidentified people with one stay each, and one photo with one person's
/// face per notice and one or two per admission (<see cref="SyntheticFaces"/>: clustered like real signatures).
/// A share of the admissions are a notice's person, with another photo of the same face.
/// </summary>
internal static class MatchDatabase
{
    /// <summary>Changes when what is generated changes, so a database kept from an older generator is not reused.</summary>
    public const int Version = 2;

    public const int Seed = 2025;

    private const int Chunk = 8192;

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public static Guid NoticeId(int index) => Id(1, index);

    public static Guid AdmissionId(int slot) => Id(2, slot);

    /// <summary>Admissions with a second photo: three in ten.</summary>
    public static int PhotosOf(int slot) => slot % 10 < 3 ? 2 : 1;

    /// <summary>
    /// Ids that grow with the index (uuids compare by their bytes), so every COPY appends to its indexes; the first
    /// group says which kind of row the id is for.
    /// </summary>
    private static Guid Id(int kind, long index)
    {
        Span<byte> tail = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(tail, index);
        return new Guid(kind, 0, 0, tail[0], tail[1], tail[2], tail[3], tail[4], tail[5], tail[6], tail[7]);
    }

    public static async Task WriteAsync(string connectionString, int notices, int admissions, CancellationToken ct)
    {
        var generator = new PopulationGenerator(new PopulationOptions(notices, admissions, Matched: admissions / 5, Seed));
        var faces = new SyntheticFaces(Seed);
        await using var records = await OpenAsync(connectionString, ct);
        await using var photos = await OpenAsync(connectionString, ct);
        await using var signatures = await OpenAsync(connectionString, ct);

        await using (var noticeCopy = await records.BeginBinaryImportAsync(NoticeCopy, ct))
        await using (var photoCopy = await photos.BeginBinaryImportAsync(PhotoCopy, ct))
        await using (var faceCopy = await signatures.BeginBinaryImportAsync(FaceCopy, ct))
        {
            var rows = new GeneratedNotice[Chunk];
            var vectors = new float[Chunk][];
            for (var start = 0; start < notices; start += Chunk)
            {
                var count = Math.Min(Chunk, notices - start);
                Parallel.For(0, count, j =>
                {
                    var i = start + j;
                    rows[j] = generator.NoticeAt(i);
                    vectors[j] = faces.Photo(faces.Person(i), i, 0);
                });
                for (var j = 0; j < count; j++)
                {
                    var i = start + j;
                    await WriteNoticeAsync(noticeCopy, rows[j], ct);
                    var person = rows[j].Person;
                    var taken = Math.Max(person.BornOn.Year, person.LastSeenOn.Year - i % 4);
                    await WritePhotoAsync(photoCopy, Id(4, i), "Notice", NoticeId(i), 0, taken, ct);
                    await WriteFaceAsync(faceCopy, Id(6, i), Id(4, i), vectors[j], ct);
                }
                if (start / Chunk % 16 == 15) Console.Error.WriteLine($"{start + count} notices written");
            }
            await noticeCopy.CompleteAsync(ct);
            await photoCopy.CompleteAsync(ct);
            await faceCopy.CompleteAsync(ct);
        }

        await using (var peopleCopy = await records.BeginBinaryImportAsync("COPY \"People\" (\"Id\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var k = 0; k < admissions; k++)
            {
                await peopleCopy.StartRowAsync(ct);
                await peopleCopy.WriteAsync(Id(3, k), NpgsqlDbType.Uuid, ct);
                await peopleCopy.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
            }
            await peopleCopy.CompleteAsync(ct);
        }

        await using (var admissionCopy = await records.BeginBinaryImportAsync(AdmissionCopy, ct))
        await using (var photoCopy = await photos.BeginBinaryImportAsync(PhotoCopy, ct))
        await using (var faceCopy = await signatures.BeginBinaryImportAsync(FaceCopy, ct))
        {
            var rows = new GeneratedPerson[Chunk];
            var vectors = new float[Chunk][][];
            for (var start = 0; start < admissions; start += Chunk)
            {
                var count = Math.Min(Chunk, admissions - start);
                Parallel.For(0, count, j =>
                {
                    var k = start + j;
                    rows[j] = generator.PersonAt(k);
                    // A notice's person has that notice's face; anyone else a face of their own.
                    var identity = rows[j].NoticeId is { } notice ? int.Parse(notice[1..], CultureInfo.InvariantCulture) - 1 : notices + k;
                    var centre = faces.Person(identity);
                    vectors[j] = [.. Enumerable.Range(1, PhotosOf(k)).Select(n => faces.Photo(centre, identity, n))];
                });
                for (var j = 0; j < count; j++)
                {
                    var k = start + j;
                    await WriteAdmissionAsync(admissionCopy, k, rows[j], ct);
                    for (var n = 0; n < vectors[j].Length; n++)
                    {
                        var row = (long)k * 4 + n;
                        await WritePhotoAsync(photoCopy, Id(5, row), "Admission", AdmissionId(k), n, null, ct);
                        await WriteFaceAsync(faceCopy, Id(7, row), Id(5, row), vectors[j][n], ct);
                    }
                }
            }
            await admissionCopy.CompleteAsync(ct);
            await photoCopy.CompleteAsync(ct);
            await faceCopy.CompleteAsync(ct);
        }
        Console.Error.WriteLine($"{admissions} admissions written; analysing");
        await using var analyse = new NpgsqlCommand("ANALYZE", records);
        await analyse.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A connection that skips foreign-key triggers while it copies: the rows are consistent by construction.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SET session_replication_role = replica", connection);
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private static string Copy(string table, params string[] columns) =>
        $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";

    private static readonly string NoticeCopy = Copy("Notices",
        "Id", "Status", "ReporterIdentityChecked", "MissingPersonName", "OtherNames", "Sex", "DateOfBirth_Year", "DateOfBirth_Month",
        "DateOfBirth_Day", "AgeAtDisappearance", "LastSeenOn", "LastSeenPlace", "LastSeenDivisionCode", "HeightCm", "Marks", "Dialect",
        "Hometown", "Disabilities", "Clothing", "Circumstances", "ReporterName", "ReporterRelationship", "ReporterPhone", "Source",
        "SourceName", "SourceRecordId", "CreatedBy", "CreatedAt", "UpdatedAt");

    private static readonly string AdmissionCopy = Copy("Admissions",
        "Id", "CaseNumber", "PersonId", "AdmittedAt", "Status", "Sex", "Pregnant", "Minor", "CreatedBy", "CreatedAt", "UpdatedAt",
        "EstimatedAgeMin", "EstimatedAgeMax", "HeightCm", "Marks", "Belongings", "Name_Quality", "Name_Value", "HukouPlace_Quality",
        "HukouPlace_Value", "Dialect_Quality", "Dialect_Value", "Aliases_Quality", "IdNumber_Quality", "Language_Quality", "Residence_Quality");

    private static readonly string PhotoCopy = Copy("Photos",
        "Id", "Sha256", "ContentType", "Width", "Height", "ByteSize", "OwnerKind", "OwnerId", "Position", "UploadedBy", "FaceStatus",
        "UploadedAt", "TakenYear");

    private static readonly string FaceCopy = Copy("FaceSignatures",
        "Id", "PhotoId", "FaceIndex", "BoxX", "BoxY", "BoxSide", "DetectorScore", "Sharpness", "YawDegrees", "RollDegrees", "CutOff",
        "Usable", "IsPerson", "Embedding", "ModelVersion", "CreatedAt");

    private static async Task WriteNoticeAsync(NpgsqlBinaryImporter copy, GeneratedNotice notice, CancellationToken ct)
    {
        var c = notice.Columns;
        var born = c["出生日期"];
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(NoticeId(notice.Index), NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync("Open", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(c["姓名"], NpgsqlDbType.Text, ct);
        await copy.WriteAsync(c["别名"].Length > 0 ? new[] { c["别名"] } : [], NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        await copy.WriteAsync(SexOf(c["性别"]), NpgsqlDbType.Text, ct);
        await NullableAsync<int>(copy, born.Length >= 4 ? int.Parse(born[..4], CultureInfo.InvariantCulture) : null, NpgsqlDbType.Integer, ct);
        await NullableAsync<int>(copy, born.Length == 10 ? int.Parse(born[5..7], CultureInfo.InvariantCulture) : null, NpgsqlDbType.Integer, ct);
        await NullableAsync<int>(copy, born.Length == 10 ? int.Parse(born[8..10], CultureInfo.InvariantCulture) : null, NpgsqlDbType.Integer, ct);
        await NullableAsync(copy, Number(c["走失时年龄"]), NpgsqlDbType.Integer, ct);
        await NullableAsync<DateOnly>(copy, c["最后见到日期"] is { Length: > 0 } seen ? DateOnly.ParseExact(seen, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null, NpgsqlDbType.Date, ct);
        await TextAsync(copy, c["最后见到地点"], ct);
        await TextAsync(copy, c["行政区划代码"], ct);
        await NullableAsync(copy, Number(c["身高"]), NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(MarksJson(c["体表特征"]), NpgsqlDbType.Jsonb, ct);
        await TextAsync(copy, c["方言口音"], ct);
        await TextAsync(copy, c["家乡"], ct);
        await copy.WriteAsync((int)DisabilitiesOf(c["残疾情况"]), NpgsqlDbType.Integer, ct);
        await TextAsync(copy, c["衣着"], ct);
        await TextAsync(copy, c["走失经过"], ct);
        await TextAsync(copy, c["报告人姓名"], ct);
        await TextAsync(copy, c["与走失者关系"], ct);
        await TextAsync(copy, c["联系电话"], ct);
        await copy.WriteAsync("Import", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(c["来源名称"], NpgsqlDbType.Text, ct);
        await copy.WriteAsync(c["来源编号"], NpgsqlDbType.Text, ct);
        await copy.WriteAsync("bench", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
    }

    private static async Task WriteAdmissionAsync(NpgsqlBinaryImporter copy, int slot, GeneratedPerson person, CancellationToken ct)
    {
        var c = person.Columns;
        var foundOn = DateOnly.ParseExact(c["found_on"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var admittedAt = new DateTimeOffset(foundOn.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero);
        var ageMax = Number(c["age_max"]);
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(AdmissionId(slot), NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync($"B{slot + 1:D7}", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(Id(3, slot), NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(admittedAt, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync("InStation", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(SexOf(c["sex"]), NpgsqlDbType.Text, ct);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(ageMax < 18, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync("bench", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(admittedAt, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(admittedAt, NpgsqlDbType.TimestampTz, ct);
        await NullableAsync(copy, Number(c["age_min"]), NpgsqlDbType.Integer, ct);
        await NullableAsync(copy, ageMax, NpgsqlDbType.Integer, ct);
        await NullableAsync(copy, Number(c["height_cm"]), NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(MarksJson(c["marks"]), NpgsqlDbType.Jsonb, ct);
        await copy.WriteAsync("[]", NpgsqlDbType.Jsonb, ct);
        foreach (var told in new[] { c["name"], c["hometown"], c["dialect"] })
        {
            await copy.WriteAsync((told.Length > 0 ? DataQuality.Known : DataQuality.DoesNotKnow).ToString(), NpgsqlDbType.Text, ct);
            await TextAsync(copy, told, ct);
        }
        for (var i = 0; i < 4; i++) await copy.WriteAsync(nameof(DataQuality.NotCollected), NpgsqlDbType.Text, ct);
    }

    private static async Task WritePhotoAsync(NpgsqlBinaryImporter copy, Guid id, string ownerKind, Guid ownerId, int position, int? takenYear, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(id.ToString("N") + id.ToString("N"), NpgsqlDbType.Char, ct);
        await copy.WriteAsync("image/jpeg", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(1200, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(1600, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(350_000L, NpgsqlDbType.Bigint, ct);
        await copy.WriteAsync(ownerKind, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(ownerId, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(position, NpgsqlDbType.Integer, ct);
        await copy.WriteAsync("bench", NpgsqlDbType.Text, ct);
        await copy.WriteAsync("Found", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
        await NullableAsync(copy, takenYear, NpgsqlDbType.Integer, ct);
    }

    private static async Task WriteFaceAsync(NpgsqlBinaryImporter copy, Guid id, Guid photoId, float[] embedding, CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(photoId, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
        foreach (var value in new[] { 0.3f, 0.2f, 0.4f, 0.98f, 120f, 5f, 2f }) await copy.WriteAsync(value, NpgsqlDbType.Real, ct);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(true, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(true, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(SignatureBytes.Write(embedding), NpgsqlDbType.Bytea, ct);
        await copy.WriteAsync("synthetic", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(Now, NpgsqlDbType.TimestampTz, ct);
    }

    private static async Task NullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct
    {
        if (value is { } v) await copy.WriteAsync(v, type, ct);
        else await copy.WriteNullAsync(ct);
    }

    private static async Task TextAsync(NpgsqlBinaryImporter copy, string value, CancellationToken ct)
    {
        if (value.Length > 0) await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
        else await copy.WriteNullAsync(ct);
    }

    private static int? Number(string text) => text.Length > 0 ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string SexOf(string text) => text switch
    {
        "男" => nameof(Sex.Male),
        "女" => nameof(Sex.Female),
        _ => nameof(Sex.Unknown),
    };

    /// <summary>The generator's 部位:类型 marks as the JSON the app stores for its owned marks.</summary>
    private static string MarksJson(string marks) => JsonSerializer.Serialize(marks
        .Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(m => m.Split(':'))
        .Select(p => new Rescue.Web.Vocabulary.Mark { BodyLocation = p[0], Kind = p.Length > 1 ? p[1] : "", Description = p.Length > 2 ? p[2] : null }));

    private static Rescue.Web.Vocabulary.Disabilities DisabilitiesOf(string text)
    {
        var flags = Rescue.Web.Vocabulary.Disabilities.None;
        if (text.Contains("智力", StringComparison.Ordinal)) flags |= Rescue.Web.Vocabulary.Disabilities.Intellectual;
        if (text.Contains("精神", StringComparison.Ordinal)) flags |= Rescue.Web.Vocabulary.Disabilities.Mental;
        if (text.Contains("听力", StringComparison.Ordinal)) flags |= Rescue.Web.Vocabulary.Disabilities.Hearing;
        if (text.Contains("言语", StringComparison.Ordinal)) flags |= Rescue.Web.Vocabulary.Disabilities.Speech;
        return flags;
    }
}
