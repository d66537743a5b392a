namespace Rescue.Web.Features.Announcements;

/// <summary>
/// The length of each text field of an announcement, declared once: the database columns and the announcement form
/// (API and page) read these. The name and the dialect take theirs from <see cref="Vocabulary.FieldLimits.ToldValue"/>.
/// </summary>
public static class AnnouncementLimits
{
    /// <summary>The short code of the public page.</summary>
    public const int Code = 12;

    public const int Health = 200;
    public const int Intellect = 100;
    public const int MentalState = 200;
    public const int Features = 500;
    public const int Clothing = 500;
    public const int FoundPlace = 200;
    public const int Description = 1000;
    public const int Contact = 300;

    /// <summary>Photos one announcement shows.</summary>
    public const int Photos = 4;
}
