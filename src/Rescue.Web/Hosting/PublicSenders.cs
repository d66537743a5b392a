using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;

namespace Rescue.Web.Hosting;

/// <summary>
/// Who sent a public form, as far as its limits need to know: a keyed hash of the address, never the address itself,
/// and a lock so that parallel posts from one sender are counted one at a time. Every public form (the missing-person
/// notice, the tip on an announcement) limits its senders through here, counting its own accepted rows.
/// </summary>
/// <remarks>
/// The key (HMAC-SHA256) is one of <see cref="SecretKeys"/>, outside the database: without it, anyone holding a copy
/// of the database could hash the whole IPv4 space and read the addresses back.
/// </remarks>
public sealed class PublicSenders(SecretKeys keys)
{
    /// <summary>
    /// The sender's key: an IPv4 address, or an IPv6 address's /64 network (one household or phone is given a whole
    /// /64 and may pick a new address in it for every post).
    /// </summary>
    public string KeyOf(IPAddress? address)
    {
        var text = address switch
        {
            null => "unknown",
            { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
            { AddressFamily: AddressFamily.InterNetworkV6 } => new IPAddress([.. address.GetAddressBytes()[..8], .. new byte[8]]).ToString() + "/64",
            _ => address.ToString(),
        };
        return Convert.ToHexStringLower(HMACSHA256.HashData(keys.Get(SecretKeys.Senders), Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Holds <paramref name="key"/> until the transaction ends, so a concurrent post with the same key waits for this one's count.</summary>
    public static Task LockAsync(RescueDbContext db, string key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);

    /// <summary>Throws <see cref="TooManySubmissionsException"/> when <paramref name="recent"/> (the times of accepted posts within the window) uses up the limit.</summary>
    public static void Enforce(IReadOnlyCollection<DateTimeOffset> recent, int permits, TimeSpan window, DateTimeOffset now, string? reason = null)
    {
        if (recent.Count >= permits) throw new TooManySubmissionsException(recent.Min() + window - now, reason);
    }
}

/// <summary>
/// A public form's sender, or its subject, has used up its limit; answered with 429, a Retry-After and
/// <see cref="Reason"/> (the UI text key of what to tell the visitor) when there is one.
/// </summary>
public sealed class TooManySubmissionsException(TimeSpan retryAfter, string? reason = null) : Exception("too many submissions")
{
    public TimeSpan RetryAfter { get; } = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;

    public string? Reason { get; } = reason;
}
