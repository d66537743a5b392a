namespace Rescue.Web.Features.Notices;

/// <summary>
/// The length of each text field of a notice and its notes, declared once: the database columns, the notice form
/// (API, staff and public pages) and the import all read these (FieldRuleTests holds them to it). Lengths count
/// characters (Unicode code points). Limits shared with other records are in <see cref="Vocabulary.FieldLimits"/>.
/// </summary>
public static class NoticeLimits
{
    public const int ReporterName = 100;
    public const int ReporterRelationship = 50;
    public const int ReporterPhone = 30;
    public const int MissingPersonName = 100;

    /// <summary>YYYY-MM-DD, the longest way to write a <see cref="Vocabulary.PartialDate"/>.</summary>
    public const int DateOfBirth = 10;

    public const int LastSeenPlace = 200;
    public const int Build = 100;
    public const int Dialect = 100;
    public const int Hometown = 200;
    public const int Clothing = 500;
    public const int Circumstances = 4000;
    public const int PoliceCaseNumber = 50;

    /// <summary>The outside system's name: a PFIF domain, a website.</summary>
    public const int SourceName = 200;

    public const int SourceRecordId = 500;

    /// <summary>A link to the source's record or photo.</summary>
    public const int Address = 1000;

    public const int NoteAuthorName = 100;
    public const int NoteText = 4000;
    public const int PfifStatus = 30;
}
