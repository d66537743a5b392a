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
        builder.Property(f => f.Embedding).HasColumnType("bytea").HasConversion(
            v => SignatureBytes.Write(v),
            v => SignatureBytes.Read(v),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<float[]>(
                (a, b) => SignatureBytes.Same(a, b),
                v => v.Length,
                v => v.ToArray()));
    }
}

/// <summary>
/// How a face signature is stored: its floats as 4-byte big-endian values (PostgreSQL's float4 wire order) in one
/// bytea. A whole side of the matching engine is read at start; a bytea of 2 KB travels and parses as one value,
/// where a real[] of 512 elements costs the server and the client per element.
/// </summary>
public static class SignatureBytes
{
    public static byte[] Write(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static float[] Read(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(bytes[(i * 4)..]);
        return values;
    }

    public static float[] Read(byte[] bytes) => Read(bytes.AsSpan());

    public static bool Same(float[]? a, float[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);
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
