using System.Globalization;
using System.Resources;

namespace Rescue.Web.Components;

/// <summary>
/// Names the UI's text resources: UiText.resx is Chinese (the default), UiText.en.resx English.
/// Pages use <c>IStringLocalizer&lt;UiText&gt;</c>; services that produce text a person reads (validation
/// messages, warnings) use <see cref="Format"/>, which follows the request's culture the same way.
/// </summary>
public sealed class UiText
{
    private static readonly ResourceManager Resources = new(typeof(UiText).FullName!, typeof(UiText).Assembly);

    /// <summary>The text of <paramref name="key"/> in the current UI culture, with <paramref name="args"/> filled in; the key itself when missing.</summary>
    public static string Format(string key, params object?[] args)
    {
        var text = Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return args.Length == 0 ? text : string.Format(CultureInfo.CurrentCulture, text, args);
    }
}
