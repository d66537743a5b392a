namespace Rescue.Search.Names;

/// <summary>How closely two Chinese names agree, strongest last so that a larger value is a better match.</summary>
public enum NameLevel
{
    /// <summary>Nothing in common that counts (王芳 and 李娜), or a name is missing.</summary>
    None = 0,

    /// <summary>Same surname; the given names differ by one syllable (刘德华 and 刘德明, 刘德华 and 刘华).</summary>
    OneSyllableOff = 1,

    /// <summary>Only the given name was told, and it matches (建国 and 王建国).</summary>
    GivenNameOnly = 2,

    /// <summary>A nickname or form of address built on the name (小军 and 王军, 老王 and 王建国).</summary>
    Nickname = 3,

    /// <summary>Sounds alike once commonly confused sounds are joined (zh/z, ch/c, sh/s, n/l, an/ang, en/eng, in/ing).</summary>
    NearHomophone = 4,

    /// <summary>Same toneless pinyin, different characters (张伟 and 章伟, 刘德华 and 刘得华).</summary>
    Homophone = 5,

    /// <summary>Same characters once traditional characters are folded to simplified (劉德華 and 刘德华).</summary>
    SameAfterFolding = 6,

    /// <summary>Written the same.</summary>
    SameCharacters = 7,
}

/// <summary>
/// The result of comparing two names: the level and the two forms that were found to agree, so that an
/// explanation can say "张伟 and 章伟 both read zhang wei" rather than show a number.
/// </summary>
/// <param name="Level">How closely the names agree.</param>
/// <param name="Name">The first name as told.</param>
/// <param name="OtherName">The second name as told.</param>
/// <param name="Form">What of the first name agreed: its pinyin, its simplified form, the nickname's core …</param>
/// <param name="OtherForm">What of the second name it agreed with.</param>
public sealed record NameMatch(NameLevel Level, string Name, string OtherName, string Form, string OtherForm)
{
    /// <summary>One sentence for an officer, in English; the forms are given so a Chinese one can be written too.</summary>
    public string Explain() => Level switch
    {
        NameLevel.SameCharacters => $"{Name} and {OtherName} are written the same.",
        NameLevel.SameAfterFolding => $"{Name} and {OtherName} are the same name in simplified characters ({Form}).",
        NameLevel.Homophone => $"{Name} and {OtherName} sound the same ({Form}).",
        NameLevel.NearHomophone => $"{Name} and {OtherName} sound alike ({Form} / {OtherForm}).",
        NameLevel.Nickname => $"{Name} and {OtherName} may be a nickname or form of address of the same name ({Form} / {OtherForm}).",
        NameLevel.GivenNameOnly => $"{Name} and {OtherName} share the given name ({Form} / {OtherForm}).",
        NameLevel.OneSyllableOff => $"{Name} and {OtherName} have the same surname and given names one syllable apart ({Form} / {OtherForm}).",
        _ => Name.Length == 0 || OtherName.Length == 0 ? "A name is missing." : $"{Name} and {OtherName} do not match.",
    };
}

/// <summary>Compares Chinese names as told by families and by people in the station, giving a named level.</summary>
public static class NameComparer
{
    /// <summary>Compares two names as told.</summary>
    public static NameMatch Compare(string? name, string? otherName) => Compare(ChineseName.Parse(name), ChineseName.Parse(otherName));

    /// <summary>Compares two parsed names (parse once per record when comparing one name with many).</summary>
    public static NameMatch Compare(ChineseName name, ChineseName other)
    {
        var none = new NameMatch(NameLevel.None, name.Text, other.Text, "", "");
        if (name.IsEmpty || other.IsEmpty) return none;
        if (name.Written == other.Written) return new NameMatch(NameLevel.SameCharacters, name.Text, other.Text, name.Text, other.Text);
        if (name.Folded == other.Folded) return new NameMatch(NameLevel.SameAfterFolding, name.Text, other.Text, name.Folded, other.Folded);

        var best = none;
        foreach (var reading in name.Readings)
        {
            foreach (var otherReading in other.Readings)
            {
                if (CompareReadings(reading, otherReading) is { } found && found.Level > best.Level)
                    best = new NameMatch(found.Level, name.Text, other.Text, found.Form, found.OtherForm);
            }
        }
        return best;
    }

    /// <summary>
    /// The best match between any of the names on one side and any on the other, such as a notice's name and its
    /// other names (曾用名, nicknames) against the name a person gave; the first pair wins a tie.
    /// </summary>
    public static NameMatch CompareBest(IEnumerable<string?> names, IEnumerable<string?> otherNames)
    {
        var parsed = names.Select(ChineseName.Parse).Where(n => !n.IsEmpty).ToList();
        var otherParsed = otherNames.Select(ChineseName.Parse).Where(n => !n.IsEmpty).ToList();
        var best = new NameMatch(NameLevel.None, parsed.FirstOrDefault()?.Text ?? "", otherParsed.FirstOrDefault()?.Text ?? "", "", "");
        foreach (var name in parsed)
        {
            foreach (var other in otherParsed)
            {
                var match = Compare(name, other);
                if (match.Level > best.Level) best = match;
                if (best.Level == NameLevel.SameCharacters) return best;
            }
        }
        return best;
    }

    private readonly record struct Found(NameLevel Level, string Form, string OtherForm);

    /// <summary>The strongest level at which two readings agree, tried strongest first.</summary>
    private static Found? CompareReadings(NameReading a, NameReading b)
    {
        var key = a.Key;
        if (key.Length > 0 && key == b.Key) return new Found(NameLevel.Homophone, Spaced(a.Whole), Spaced(b.Whole));
        if (a.NearKey.Length > 0 && a.NearKey == b.NearKey)
            return new Found(NameLevel.NearHomophone, Spaced(a.Whole), Spaced(b.Whole));

        if (IsNickname(a) && NicknameMatch(a, b) is { } fromA) return fromA;
        if (IsNickname(b) && NicknameMatch(b, a) is { } fromB) return new Found(fromB.Level, fromB.OtherForm, fromB.Form);

        if (GivenNameOnlyMatch(a, b) is { } given) return given;
        if (GivenNameOnlyMatch(b, a) is { } otherGiven) return new Found(otherGiven.Level, otherGiven.OtherForm, otherGiven.Form);

        if (a.Form == NameForm.FullName && b.Form == NameForm.FullName && SameUnits(a.Surname, b.Surname)
            && Math.Max(a.GivenName.Count, b.GivenName.Count) >= 2 && EditDistance(a.GivenName, b.GivenName) == 1)
            return new Found(NameLevel.OneSyllableOff, Written(a.GivenName), Written(b.GivenName));
        return null;
    }

    private static bool IsNickname(NameReading reading) => reading.Form is NameForm.Nickname or NameForm.AddressBySurname;

    /// <summary>A nickname's core against the other name's given-name characters, or its surname where that fits.</summary>
    private static Found? NicknameMatch(NameReading nickname, NameReading other)
    {
        var core = nickname.Core!.Value;
        var fromGivenName = nickname.Form == NameForm.Nickname;
        if (IsNickname(other))
        {
            var otherCore = other.Core!.Value;
            var compatible = (fromGivenName && other.Form == NameForm.Nickname) || (nickname.CoreMayBeSurname && other.CoreMayBeSurname);
            return compatible && Agree(core, otherCore) ? NicknameFound(nickname, core, other, otherCore) : null;
        }
        if (fromGivenName && Written(other.GivenName) == Written(nickname.Whole))
            return new Found(NameLevel.Nickname, Written(nickname.Whole), $"{Written(other.Whole)} → {Written(other.GivenName)}");
        if (fromGivenName)
        {
            foreach (var syllable in other.GivenName)
                if (Agree(core, syllable)) return NicknameFound(nickname, core, other, syllable);
        }
        if (nickname.CoreMayBeSurname && other.Surname.Count == 1)
        {
            // 老曾 addresses 曾 as a surname: read the core as a surname too (zeng, not ceng).
            var asSurname = Pinyin.SyllablesOf(core.Text, asSurname: true) is [var read] ? read : core;
            if (Agree(asSurname, other.Surname[0])) return NicknameFound(nickname, asSurname, other, other.Surname[0]);
        }
        return null;
    }

    private static Found NicknameFound(NameReading nickname, Syllable core, NameReading other, Syllable matched) =>
        new(NameLevel.Nickname, $"{Written(nickname.Whole)} → {Describe(core, matched)}", $"{Written(other.Whole)} → {Describe(matched, core)}");

    /// <summary>A given name told alone against the other name's given name (or a transcribed name's first part).</summary>
    private static Found? GivenNameOnlyMatch(NameReading told, NameReading other)
    {
        if (told.Form != NameForm.GivenNameOnly || other.Form is not (NameForm.FullName or NameForm.Transcribed)) return null;
        if (other.GivenName.Count == 0 || !SameUnits(told.GivenName, other.GivenName)) return null;
        return new Found(NameLevel.GivenNameOnly, Written(told.GivenName), Written(other.GivenName));
    }

    /// <summary>Two characters agree when they are the same or read the same (军 and 君).</summary>
    private static bool Agree(Syllable a, Syllable b) => a.Text == b.Text || a.Reading == b.Reading;

    private static bool SameUnits(IReadOnlyList<Syllable> a, IReadOnlyList<Syllable> b)
    {
        if (a.Count != b.Count || a.Count == 0) return false;
        for (var i = 0; i < a.Count; i++)
            if (!Agree(a[i], b[i])) return false;
        return true;
    }

    /// <summary>Syllables inserted, removed or replaced to turn one given name into the other.</summary>
    private static int EditDistance(IReadOnlyList<Syllable> a, IReadOnlyList<Syllable> b)
    {
        var previous = new int[b.Count + 1];
        var current = new int[b.Count + 1];
        for (var j = 0; j <= b.Count; j++) previous[j] = j;
        for (var i = 1; i <= a.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Count; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (Agree(a[i - 1], b[j - 1]) ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Count];
    }

    private static string Describe(Syllable syllable, Syllable matched) =>
        syllable.Text == matched.Text ? syllable.Text : $"{syllable.Text} {syllable.Reading}";

    private static string Spaced(IReadOnlyList<Syllable> syllables) => string.Join(' ', syllables.Select(s => s.Reading));

    private static string Written(IReadOnlyList<Syllable> syllables) => string.Concat(syllables.Select(s => s.Text));
}
