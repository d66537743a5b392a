using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Users;

/// <summary>A person who signs in: station staff, case officer, liaison or administrator.</summary>
public class RescueUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For liaisons: the agency they report for. They see only that agency's reports.</summary>
    public Guid? AgencyId { get; set; }

    public Agency? Agency { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class RescueUserConfiguration : IEntityTypeConfiguration<RescueUser>
{
    public void Configure(EntityTypeBuilder<RescueUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.HasOne(u => u.Agency).WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
