namespace Rescue.Web.Data;

/// <summary>
/// LIKE patterns made from what someone typed in a search box, so that <c>%</c>, <c>_</c> and <c>\</c> in it match
/// themselves. Pass <see cref="Escape"/> to every <c>EF.Functions.ILike</c> that takes such a pattern: without it,
/// Npgsql writes <c>ESCAPE ''</c>, which turns the escaping off and makes <c>王\_</c> look for a backslash.
/// </summary>
public static class Like
{
    /// <summary>The escape character the patterns use: PostgreSQL's default, stated in the query all the same.</summary>
    public const string Escape = "\\";

    /// <summary>Matches values that contain <paramref name="text"/> anywhere.</summary>
    public static string Containing(string text) => "%" + Escaped(text) + "%";

    /// <summary>Matches values that end with <paramref name="text"/>.</summary>
    public static string EndingWith(string text) => "%" + Escaped(text);

    /// <summary>The text with the escape character, <c>%</c> and <c>_</c> each preceded by <see cref="Escape"/>.</summary>
    public static string Escaped(string text) => text.Replace(Escape, Escape + Escape).Replace("%", Escape + "%").Replace("_", Escape + "_");
}
