using Microsoft.AspNetCore.Identity;
using Rescue.Web.Components;

namespace Rescue.Web.Features.Users;

/// <summary>
/// What a password must be beyond Identity's length (10, set in <see cref="UsersFeature"/>): not one everyone tries
/// first, not a run of one or two characters, and not the account's own name. Length over composition rules
/// (NIST SP 800-63B, 5.1.1.2): a check against known passwords and the account's own words, no forced symbols.
/// </summary>
internal sealed class PasswordPolicy : IPasswordValidator<RescueUser>
{
    /// <summary>
    /// Passwords of ten or more characters that lead the public leak lists, Chinese ones included (woaini, 5201314,
    /// keyboard walks): what a guesser tries first against every account within the sign-in limits.
    /// </summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "0123456789", "1234567890", "12345678910", "123456789a", "123456789q", "a123456789", "qwertyuiop", "1q2w3e4r5t",
        "1qaz2wsx3edc", "qazwsxedc123", "zxcvbnm123", "asdfghjkl1", "password12", "password123", "password1234",
        "passw0rd123", "iloveyou12", "iloveyou123", "woaini1314", "woaini5201314", "5201314520", "1314520520",
        "abc1234567", "abcd123456", "abcdefghij", "qwerty1234", "qwerty12345", "qwerty123456", "1qaz2wsx3e",
        "admin12345", "admin123456", "administrator", "welcome123", "letmein123", "11223344556", "1122334455",
        "123123123123", "123qweasdzxc", "qweasdzxc123", "aa123456789", "abc123456789", "changeme123",
        "rescue123456", "jiuzhu123456", "zhangwei123", "wangwei123", "123456qwerty", "147258369a", "1472583690",
        "9876543210", "0987654321", "qwer123456", "asd123456789", "a1234567890", "password!1", "p@ssw0rd123",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<RescueUser> manager, RescueUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        if (Common.Contains(password) || password.Distinct().Count() <= 2)
        {
            return Task.FromResult(Refused("PasswordCommon"));
        }
        if (OwnWords(user).Any(word => password.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            return Task.FromResult(Refused("PasswordHasName"));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>The e-mail address and the part before its @ (when it is a real word), and the display name.</summary>
    private static IEnumerable<string> OwnWords(RescueUser user)
    {
        if (user.Email is { Length: > 0 } email)
        {
            yield return email;
            var local = email.Split('@')[0];
            if (local.Length >= 3) yield return local;
        }
        if (user.DisplayName.Trim() is { Length: >= 2 } name) yield return name;
    }

    private static IdentityResult Refused(string code) =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = UiText.Format("Err." + code) });
}

/// <summary>Identity's own password messages in the reader's language, from the UI text.</summary>
internal sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = UiText.Format("Err.PasswordTooShort", length) };
}
