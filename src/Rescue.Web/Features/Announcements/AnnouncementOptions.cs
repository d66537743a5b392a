using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Features.Announcements;

/// <summary>The <c>Rescue:Announcements</c> section: the deadlines the rules set, and what the public text ends with.</summary>
public sealed class AnnouncementOptions
{
    public const string Section = "Rescue:Announcements";

    /// <summary>From admission to the first publication (the rules: 24 hours).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan FirstDue { get; set; } = TimeSpan.FromHours(24);

    /// <summary>From one publication to the refresh that is due next (the rules: every 30 days while the person stays).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long before its date a refresh is listed as due.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RefreshDueSoon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The station's contact under every announcement (address, phone); the station's name comes first.</summary>
    [MaxLength(AnnouncementLimits.Contact - 100)]
    public string Contact { get; set; } = "";
}
