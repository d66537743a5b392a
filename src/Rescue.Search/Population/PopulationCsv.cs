namespace Rescue.Search.Population;

/// <summary>Writes CSV rows as RFC 4180 has them, which is what the notice import and spreadsheets read.</summary>
public static class PopulationCsv
{
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    /// <summary>One row ending in CRLF; a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    public static void WriteRow(TextWriter writer, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first) writer.Write(',');
            first = false;
            // A leading space is kept too, which spreadsheets would otherwise trim.
            if (field.IndexOfAny(NeedsQuotes) >= 0 || (field.Length > 0 && char.IsWhiteSpace(field[0])))
            {
                writer.Write('"');
                writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(field);
            }
        }
        writer.Write("\r\n");
    }
}
