using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Users;

/// <summary>A partner agency whose liaisons report people found in the field (公安、城管).</summary>
public class Agency
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public AgencyKind Kind { get; set; }

    /// <summary>Administrative division code (行政区划代码) of the area it covers, when known.</summary>
    public string? DivisionCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum AgencyKind
{
    /// <summary>公安: a police station or bureau.</summary>
    Police = 1,

    /// <summary>城管: a city-management unit.</summary>
    CityManagement = 2,
}

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.DivisionCode).HasMaxLength(12);
    }
}
