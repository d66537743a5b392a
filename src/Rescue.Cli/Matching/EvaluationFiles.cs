using System.Globalization;
using CsvHelper;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Vocabulary;

namespace Rescue.Cli.Matching;

/// <summary>A person of P.csv, as registered at admission (what they told, what staff saw).</summary>
internal sealed record EvaluationPerson(
    string PersonId,
    DateOnly? FoundOn,
    Sex Sex,
    int? AgeMin,
    int? AgeMax,
    int? HeightCm,
    string? Name,
    string? Hometown,
    string? Dialect,
    string Marks,
    string? FoundPlace,
    string? Photo);

/// <summary>A notice's photo of N.csv: the notice by its source record id, the file, the year it was taken.</summary>
internal sealed record EvaluationNoticePhoto(string SourceRecordId, string Photo, int? Year);

/// <summary>
/// Reads the evaluation files (N.csv's photo columns, P.csv, T.csv; written by <c>demo population</c>). N.csv's notices
/// themselves are read by the notice import, not here. A field that cannot be read is a <see cref="FormatException"/>
/// naming the file and line.
/// </summary>
internal static class EvaluationFiles
{
    public static List<EvaluationPerson> People(string path) => Read(path, row => new EvaluationPerson(
        row.Required("person_id"),
        row.Date("found_on"),
        SexText.Parse(row.Text("sex") ?? "") ?? Sex.Unknown,
        row.Number("age_min"),
        row.Number("age_max"),
        row.Number("height_cm"),
        row.Text("name"),
        row.Text("hometown"),
        row.Text("dialect"),
        row.Text("marks") ?? "",
        row.Text("found_place"),
        row.Text("photo")));

    public static List<(string PersonId, string SourceRecordId)> Truth(string path) =>
        Read(path, row => (row.Required("person_id"), row.Required("source_record_id")));

    /// <summary>The notices' photos; the record id's column is the import layout's (Chinese or English header).</summary>
    public static List<EvaluationNoticePhoto> NoticePhotos(string path)
    {
        var idColumn = (string?)null;
        return Read(path, row =>
        {
            idColumn ??= row.Headers.FirstOrDefault(h => NoticeColumns.ByHeader(h) == NoticeField.SourceRecordId)
                ?? throw new FormatException($"{path}: no {NoticeColumns.Of(NoticeField.SourceRecordId).Chinese} column");
            return row.Text("photo") is { } photo ? new EvaluationNoticePhoto(row.Required(idColumn), photo, row.Number("photo_year")) : null;
        }).OfType<EvaluationNoticePhoto>().ToList();
    }

    private static List<T> Read<T>(string path, Func<Row, T> read)
    {
        using var file = File.OpenRead(path);
        using var csv = CsvReader.Create(file, new CsvReaderOptions { HasHeader = false });
        if (!csv.Read()) throw new FormatException($"{path}: the file is empty");
        var row = new Row(csv, path, Cells(csv));
        var rows = new List<T>();
        while (csv.Read())
        {
            row.Cells = Cells(csv);
            if (row.Cells.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(read(row));
        }
        return rows;
    }

    private static string[] Cells(CsvReader csv)
    {
        var cells = new string[csv.FieldCount];
        for (var i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i);
        return cells;
    }

    /// <summary>The current row of a file: blank fields are missing, dates and numbers read invariantly.</summary>
    private sealed class Row(CsvReader csv, string path, string[] headers)
    {
        private readonly Dictionary<string, int> _columns = headers.Select((h, i) => (h.Trim(), i)).DistinctBy(c => c.Item1).ToDictionary(c => c.Item1, c => c.i, StringComparer.Ordinal);

        public IReadOnlyList<string> Headers => headers;

        public string[] Cells { get; set; } = [];

        public string? Text(string column)
        {
            if (!_columns.TryGetValue(column, out var i) || i >= Cells.Length) return null;
            return string.IsNullOrWhiteSpace(Cells[i]) ? null : Cells[i].Trim();
        }

        public string Required(string column) => Text(column) ?? throw Error(column, "is required");

        public int? Number(string column) => Text(column) is not { } text ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Error(column, "must be a whole number");

        public DateOnly? Date(string column) => Text(column) is not { } text ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw Error(column, "must be a date YYYY-MM-DD");

        private FormatException Error(string column, string reason) => new($"{path} row {csv.RowNumber}: {column} {reason}");
    }
}
