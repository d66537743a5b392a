namespace Rescue.Web.Vocabulary;

/// <summary>
/// Limits of the fields that several records and channels share (API forms, pages, import, database), declared
/// once. Lengths count characters (Unicode code points), as PostgreSQL's varchar does, not UTF-16 units.
/// </summary>
public static class FieldLimits
{
    public const int MarkBodyLocation = 50;
    public const int MarkKind = 50;
    public const int MarkDescription = 200;

    /// <summary>Marks and scars on one record.</summary>
    public const int Marks = 30;

    public const int BelongingItem = 100;
    public const int BelongingNote = 200;
    public const int BelongingQuantity = 10_000;

    /// <summary>Items in one belongings inventory.</summary>
    public const int Belongings = 200;

    public const int OtherName = 100;

    /// <summary>Other names (aliases, nicknames, former names) on one notice.</summary>
    public const int OtherNames = 20;

    public const int ToldValue = 200;

    /// <summary>An administrative division code's longest form (12 digits, a village); see <see cref="FieldFormats.IsDivisionCode"/>.</summary>
    public const int DivisionCode = 12;

    /// <summary>The shortest phone number (110); each record sets its own longest.</summary>
    public const int PhoneMinLength = 3;

    /// <summary>Ages in whole years, given or estimated.</summary>
    public const int MaxAge = 120;

    public const int MinHeightCm = 30;
    public const int MaxHeightCm = 250;

    /// <summary>A user id as stored in CreatedBy and the like (an Identity id, or <c>apikey:ID</c>).</summary>
    public const int ActorId = 64;

    /// <summary>A user's display name as stamped on a decision.</summary>
    public const int ActorName = 100;

    /// <summary>A reason or a short note given with a decision (rejecting a candidate, undoing a link).</summary>
    public const int Reason = 1000;

    /// <summary>Errors listed for one import; the rest are only counted.</summary>
    public const int ImportErrorsListed = 1_000;

    /// <summary>Warnings listed for one import (values kept in another form or left out); the rest are only counted.</summary>
    public const int ImportWarningsListed = 1_000;
}
