using Rescue.Web.Components;

namespace Rescue.Web.Hosting;

/// <summary>Where to go after signing in or switching the language: only a plain path on this site.</summary>
public static class ReturnUrls
{
    /// <summary>Longer than any address the app makes; a longer one was not made here.</summary>
    public const int MaxLength = 2000;

    /// <summary>The address to go to, "/" when none was given; anything but a local path is refused naming <paramref name="field"/>.</summary>
    public static string Checked(string? url, string field)
    {
        if (string.IsNullOrEmpty(url)) return "/";
        if (!IsLocalPath(url)) throw new ValidationFailedException(field, UiText.Format("ReturnUrlNotLocal"));
        return url;
    }

    /// <summary>
    /// A path that starts with one slash and holds only printable ASCII without backslashes. Browsers read
    /// "/\host" and "//host" as another site and drop tabs and line breaks, so "/\t/host" is one too;
    /// the app's own links are percent-encoded, so a raw non-ASCII character was not made here either.
    /// </summary>
    public static bool IsLocalPath(string url) =>
        url.Length is > 0 and <= MaxLength
        && url[0] == '/'
        && (url.Length == 1 || url[1] is not ('/' or '\\'))
        && url.All(c => c is > ' ' and < '\u007f' and not '\\');
}
