namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// Formula injection in exported spreadsheets: a value a spreadsheet would run as a formula (=, @, +, - or a tab or
/// carriage return first) is written with a ' before it, as the CSV writer's escaping does, and read back without it.
/// </summary>
internal static class SpreadsheetCells
{
    private static bool Runs(char first) => first is '=' or '@' or '+' or '-' or '\t' or '\r';

    public static string? Escaped(string? value) => value is { Length: > 0 } && Runs(value[0]) ? "'" + value : value;

    public static string Unescaped(string cell) => cell.Length > 1 && cell[0] == '\'' && Runs(cell[1]) ? cell[1..] : cell;
}
