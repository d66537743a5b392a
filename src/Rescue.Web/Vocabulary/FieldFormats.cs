using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Vocabulary;

/// <summary>
/// The formats of fields that several records and channels share (API forms, pages, import), declared once; their
/// lengths are in <see cref="FieldLimits"/>.
/// </summary>
public static class FieldFormats
{
    /// <summary>An administrative division code (行政区划代码): 6 digits for a county, 9 for a township, 12 for a village.</summary>
    public static bool IsDivisionCode(string text) => text.Length is 6 or 9 or 12 && text.All(char.IsAsciiDigit);

    /// <summary>A phone number as people write it: digits, +, - and spaces, at least 3 (110); the most is each field's limit.</summary>
    public static bool IsPhone(string text) => text.Length >= FieldLimits.PhoneMinLength && text.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ');

    /// <summary>
    /// What separates other names typed in one box or one cell: the page and the import split alike. PFIF files use
    /// line breaks only (its names may hold commas), see the importer.
    /// </summary>
    public static readonly char[] OtherNameSeparators = ['、', ',', '，', ';', '；', '\n', '\r'];

    /// <summary>How other names are written in one box or cell; <see cref="SplitOtherNames"/> reads it back.</summary>
    public const char OtherNameJoiner = '、';

    /// <summary>The names in one box or cell, trimmed, each once.</summary>
    public static List<string> SplitOtherNames(string? text, char[]? separators = null) =>
        (text ?? "").Split(separators ?? OtherNameSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>The earliest date of birth anyone here can have.</summary>
    public static readonly DateOnly EarliestBirth = new(1900, 1, 1);

    /// <summary>
    /// A date of birth is from 1900 to today at the station (<see cref="Hosting.StationClock.Today"/>); a date known only to
    /// the year or month counts from its first day, so this year's 2026 passes in January.
    /// </summary>
    public static bool IsBirthDate(DateOnly firstDay, DateOnly today) => firstDay >= EarliestBirth && firstDay <= today;

    /// <summary>The earliest a person can have been last seen: as for dates of birth.</summary>
    public static readonly DateOnly EarliestSeen = EarliestBirth;

    /// <summary>A day of tolerance on dates a family gives: a family abroad may be a day ahead of the station.</summary>
    public static DateOnly LatestSeen(DateOnly today) => today.AddDays(1);
}

/// <summary>Refuses text that is not a division code (<see cref="FieldFormats.IsDivisionCode"/>); an empty value is no code.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DivisionCodeAttribute() : ValidationAttribute("Err.DivisionCode")
{
    public override bool IsValid(object? value) => value is not string s || s.Length == 0 || FieldFormats.IsDivisionCode(s);
}

/// <summary>Refuses text that is not a phone number (<see cref="FieldFormats.IsPhone"/>); an empty value is no number.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PhoneNumberAttribute() : ValidationAttribute("Err.Phone")
{
    public override bool IsValid(object? value) => value is not string s || s.Length == 0 || FieldFormats.IsPhone(s);
}
