using Rescue.Web.Components;
using Rescue.Web.Features.Announcements;

namespace Rescue.Web.Features.Public;

/// <summary>How the board words an announcement's facts, in the reader's language.</summary>
public static class PublicWording
{
    /// <summary>无名氏 in the reader's language when no name was told; the name as told otherwise.</summary>
    public static string Name(PublicAnnouncement a) => a.DisplayName == Announcement.Unnamed ? UiText.Format("Unnamed") : a.DisplayName;

    /// <summary>"42岁" when known (both ends equal), "约40–50岁" for an estimate, or the one end given; empty when none.</summary>
    public static string Age(PublicAnnouncement a) => Age(a.AgeMin, a.AgeMax);

    /// <summary>An age or an estimated range as <see cref="Age(PublicAnnouncement)"/> writes it (the printed forms too).</summary>
    public static string Age(int? ageMin, int? ageMax) => (ageMin, ageMax) switch
    {
        ({ } min, { } max) when min == max => UiText.Format("Board.AgeExact", min),
        ({ } min, { } max) => UiText.Format("Board.AgeAbout", min, max),
        ({ } min, null) => UiText.Format("Board.AgeAtLeast", min),
        (null, { } max) => UiText.Format("Board.AgeAtMost", max),
        _ => "",
    };

    public static string Height(PublicAnnouncement a) => a.HeightCm is { } cm ? UiText.Format("Board.HeightCm", cm) : "";

    public static string Sex(PublicAnnouncement a) => UiText.Format("Sex." + a.Sex);
}
