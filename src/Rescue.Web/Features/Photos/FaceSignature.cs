using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Photos;

/// <summary>One face found in a photo and its embedding (人脸特征): biometric data, never served.</summary>
public class FaceSignature
{
    public Guid Id { get; set; }

    public Guid PhotoId { get; set; }

    /// <summary>0 is the face with the best detector score.</summary>
    public int FaceIndex { get; set; }

    /// <summary>The face's square box in upright photo pixels (it may run past the edges).</summary>
    public float BoxX { get; set; }

    public float BoxY { get; set; }

    public float BoxSide { get; set; }

    public float DetectorScore { get; set; }

    public float Sharpness { get; set; }

    public float YawDegrees { get; set; }

    public float RollDegrees { get; set; }

    public bool CutOff { get; set; }

    /// <summary>Large enough for its embedding to mean something.</summary>
    public bool Usable { get; set; }

    /// <summary>The face staff confirmed (or the only candidate, see PhotoAnalysis.Candidates): the person the photo is of.</summary>
    public bool IsPerson { get; set; }

    /// <summary>L2-normalised embedding; compare only with embeddings of the same <see cref="ModelVersion"/>.</summary>
    public float[] Embedding { get; set; } = [];

    public string ModelVersion { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Where a photo's faces stand.</summary>
public enum FaceStatus
{
    /// <summary>Queued: the background worker has not read the photo yet.</summary>
    Pending = 0,

    /// <summary>The person's face is known: the only candidate, or the one staff chose.</summary>
    Found = 1,

    /// <summary>Several faces may be the person (background faces do not count): staff choose which one is.</summary>
    ChooseFace = 2,

    NoUsableFace = 3,

    NoFace = 4,

    /// <summary>The worker gave up after repeated errors; see the queue's last error.</summary>
    Failed = 5,

    /// <summary>
    /// The photo's record closed (a notice) or the person was identified: its face signatures are not computed, or
    /// were deleted after the retention period (Features/Biometrics/BiometricRetention.cs). The photo itself stays.
    /// </summary>
    NotKept = 6,
}

/// <summary>A photo waiting for its face signatures; the queue lives in PostgreSQL so it survives a restart.</summary>
public class FaceJob
{
    public Guid PhotoId { get; set; }

    public DateTimeOffset EnqueuedAt { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? FailedAt { get; set; }
}

internal sealed class FaceSignatureConfiguration : IEntityTypeConfiguration<FaceSignature>
{
    public void Configure(EntityTypeBuilder<FaceSignature> builder)
    {
        builder.HasIndex(f => new { f.PhotoId, f.FaceIndex }).IsUnique();
        builder.HasOne<Photo>().WithMany().HasForeignKey(f => f.PhotoId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.ModelVersion).HasMaxLength(64);
    }
}

internal sealed class FaceJobConfiguration : IEntityTypeConfiguration<FaceJob>
{
    public void Configure(EntityTypeBuilder<FaceJob> builder)
    {
        builder.HasKey(j => j.PhotoId);
        builder.HasOne<Photo>().WithMany().HasForeignKey(j => j.PhotoId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(j => j.LastError).HasMaxLength(1000);
        builder.HasIndex(j => j.NotBefore).HasFilter("\"FailedAt\" IS NULL");
    }
}
