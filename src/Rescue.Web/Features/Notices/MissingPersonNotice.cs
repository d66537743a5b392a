using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Notices;

/// <summary>A family's or an outside source's search for someone (寻人启事).</summary>
public class MissingPersonNotice
{
    public Guid Id { get; set; }

    public string MissingPersonName { get; set; } = "";

    public NoticeStatus Status { get; set; } = NoticeStatus.PendingVetting;

    public DateTimeOffset CreatedAt { get; set; }
}

public enum NoticeStatus
{
    PendingVetting = 1,
    Open = 2,
    Found = 3,
    Withdrawn = 4,
    Expired = 5,
}

internal sealed class MissingPersonNoticeConfiguration : IEntityTypeConfiguration<MissingPersonNotice>
{
    public void Configure(EntityTypeBuilder<MissingPersonNotice> builder)
    {
        builder.ToTable("Notices");
        builder.Property(n => n.MissingPersonName).HasMaxLength(100);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(n => n.Status);
    }
}
