using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Hosting;

/// <summary>The first answer to a partner's POST with an Idempotency-Key, returned again on every retry.</summary>
public class IdempotencyRecord
{
    /// <summary>Whose key it is (the caller's id): two agencies may pick the same key.</summary>
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>SHA-256 of the request, to refuse the same key reused for a different request.</summary>
    public string RequestHash { get; set; } = "";

    public int StatusCode { get; set; }

    public string ResponseBody { get; set; } = "";

    public string? Location { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyKeys");
        builder.HasKey(r => new { r.Scope, r.Key });
        builder.Property(r => r.Scope).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(100);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.Location).HasMaxLength(200);
        builder.HasIndex(r => r.CreatedAt);
    }
}
