using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Users;

/// <summary>A key an agency's own system uses to call the API; only its hash is stored.</summary>
public class ApiKey
{
    public Guid Id { get; set; }

    public Guid AgencyId { get; set; }

    public Agency Agency { get; set; } = null!;

    /// <summary>What the key is for, e.g. the name of the agency's system.</summary>
    public string Name { get; set; } = "";

    /// <summary>The key's public start, to find it and to tell keys apart in lists.</summary>
    public string Prefix { get; set; } = "";

    public byte[] Hash { get; set; } = [];

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Makes a new key: the entity to store and the secret to show once.</summary>
    public static (ApiKey Key, string Secret) Create(Guid agencyId, string name, string createdBy, DateTimeOffset now)
    {
        // 8 bytes of prefix to look the key up, 32 bytes of secret: a plain SHA-256 is enough for
        // random keys of this length (no password stretching needed, unlike human passwords).
        var prefix = "rk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = prefix + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(now),
            AgencyId = agencyId,
            Name = name,
            Prefix = prefix,
            Hash = HashOf(secret),
            CreatedBy = createdBy,
            CreatedAt = now,
        };
        return (key, secret);
    }

    public static string? PrefixOf(string secret)
    {
        var dot = secret.IndexOf('.');
        return dot == 19 && secret.StartsWith("rk_", StringComparison.Ordinal) ? secret[..dot] : null;
    }

    public bool Matches(string secret) => CryptographicOperations.FixedTimeEquals(Hash, HashOf(secret));

    private static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.Prefix).HasMaxLength(19);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.CreatedBy).HasMaxLength(256);
        builder.HasOne(k => k.Agency).WithMany().HasForeignKey(k => k.AgencyId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(k => k.IsActive);
    }
}
