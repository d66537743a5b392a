using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Users;

/// <summary>The rescue-management station (救助管理站) this installation serves.</summary>
public class Station
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Prefix of the station's case numbers, e.g. JZ in JZ-2026-000123.</summary>
    public string CaseNumberPrefix { get; set; } = "JZ";

    public string? DivisionCode { get; set; }

    /// <summary>The station's name, as its announcements and feeds sign them.</summary>
    public static Task<string> NameAsync(RescueDbContext db, CancellationToken ct) =>
        db.Stations.AsNoTracking().OrderBy(s => s.Id).Select(s => s.Name).FirstAsync(ct);
}

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.CaseNumberPrefix).HasMaxLength(10);
        builder.Property(s => s.DivisionCode).HasMaxLength(12);
    }
}
