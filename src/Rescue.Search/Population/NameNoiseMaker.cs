using System.Collections.Frozen;
using Rescue.Search.Names;

namespace Rescue.Search.Population;

/// <summary>
/// Turns a true name into the name as told at admission: a homophone, a nickname, the given name alone. Each
/// result is checked with <see cref="NameComparer"/>, so a generated homophone is one the matcher can find.
/// </summary>
internal static class NameNoiseMaker
{
    /// <summary>Common characters by toneless reading; read through ICU once (about 50 µs a character).</summary>
    private static readonly Lazy<FrozenDictionary<string, string[]>> ByReading = new(() =>
        NameTables.CommonCharacters.Distinct()
            .Select(c => c.ToString())
            .GroupBy(c => Pinyin.Of(c) is [var reading] ? reading : "")
            .Where(g => g.Key.Length > 0 && g.Count() > 1)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));

    /// <summary>
    /// The name with one character replaced by a common character of the same sound (a given-name character
    /// mostly, the surname sometimes: 张伟 → 章伟), or null when none of its characters has one.
    /// </summary>
    public static string? Homophone(Random random, string surname, string givenName)
    {
        var name = surname + givenName;
        var positions = Enumerable.Range(surname.Length, givenName.Length).OrderBy(_ => random.Next()).ToList();
        if (surname.Length == 1) positions.Insert(random.NextDouble() < 0.2 ? 0 : positions.Count, 0);

        foreach (var position in positions)
        {
            var character = name[position].ToString();
            var reading = position < surname.Length ? Pinyin.OfSurname(character) : Pinyin.Of(character);
            if (reading is not [var syllable] || !ByReading.Value.TryGetValue(syllable, out var sameSound)) continue;
            var others = sameSound.Where(c => c != character).ToArray();
            if (others.Length == 0) continue;
            var start = random.Next(others.Length);
            for (var i = 0; i < others.Length; i++)
            {
                var told = string.Concat(name.AsSpan(0, position), others[(start + i) % others.Length], name.AsSpan(position + 1));
                if (NameComparer.Compare(name, told).Level == NameLevel.Homophone) return told;
            }
        }
        return null;
    }

    /// <summary>
    /// A nickname or form of address built on the name: 小军, 阿军, 军娃 from the given name's last character, or
    /// 老王 from the surname; null when none reads as a nickname of the name.
    /// </summary>
    public static string? Nickname(Random random, string surname, string givenName)
    {
        var name = surname + givenName;
        var core = givenName[^1];
        List<string> forms = [$"小{core}", $"阿{core}", $"{core}娃"];
        if (surname.Length == 1) forms.Add($"老{surname}");
        foreach (var told in forms.OrderBy(_ => random.Next()))
        {
            if (NameComparer.Compare(told, name).Level == NameLevel.Nickname) return told;
        }
        return null;
    }

    /// <summary>A nickname a family writes as another name (别名): 小军 or 军军.</summary>
    public static string FamilyNickname(Random random, string givenName)
    {
        var core = givenName[^1];
        return random.Next(3) switch
        {
            0 => $"小{core}",
            1 => $"{core}{core}",
            _ => $"{core}娃",
        };
    }
}
