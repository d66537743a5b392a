using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Photos;

/// <summary>A stored photo of a person: the evidence file (content-addressed) and what it belongs to.</summary>
public class Photo
{
    public Guid Id { get; set; }

    /// <summary>SHA-256 of the uploaded bytes, lower-case hex: the name of the evidence file.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The type judged from the content (image/jpeg, image/png, image/webp, …), never from the file name.</summary>
    public string ContentType { get; set; } = "";

    /// <summary>Upright size in pixels (after the EXIF orientation).</summary>
    public int Width { get; set; }

    public int Height { get; set; }

    public long ByteSize { get; set; }

    public PhotoOwner OwnerKind { get; set; }

    public Guid OwnerId { get; set; }

    /// <summary>The order in which the photos of one owner were given.</summary>
    public int Position { get; set; }

    public string UploadedBy { get; set; } = "";

    /// <summary>The year the photo was taken, when known: a notice's photo may be decades old.</summary>
    public int? TakenYear { get; set; }

    /// <summary>Where the photo's faces stand; the background worker fills it in after upload.</summary>
    public FaceStatus FaceStatus { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>What a photo belongs to.</summary>
public enum PhotoOwner
{
    Report = 1,
    Admission = 2,
    Notice = 3,

    /// <summary>A photo a member of the public sent with a tip: for case officers only, never shown publicly.</summary>
    Tip = 4,
}

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(EntityTypeBuilder<Photo> builder)
    {
        builder.Property(p => p.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(p => p.ContentType).HasMaxLength(40);
        builder.Property(p => p.OwnerKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.UploadedBy).HasMaxLength(256);
        builder.Property(p => p.FaceStatus).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(p => new { p.OwnerKind, p.OwnerId, p.Position });
        builder.HasIndex(p => p.Sha256);
    }
}
