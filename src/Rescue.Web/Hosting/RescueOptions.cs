using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Hosting;

/// <summary>The <c>Rescue</c> configuration section, validated when the app starts.</summary>
public sealed class RescueOptions
{
    public const string Section = "Rescue";

    /// <summary>Where photos, logs and other files live (the database is elsewhere).</summary>
    [Required]
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Apply pending EF Core migrations at start.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Fill an empty database with a demo station, one user per role and sample records.</summary>
    public bool SeedDemoData { get; set; }

    [Required, MaxLength(100)]
    public string StationName { get; set; } = "救助管理站";

    /// <summary>The station's time zone: case-number years and deadlines follow the local calendar.</summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Shanghai";
}
