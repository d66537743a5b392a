using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rescue.Web.Features.Users;

/// <summary>The <c>Rescue:SignInLimit</c> settings: failed sign-ins one client address may make in a window.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Rescue:SignInLimit";

    [Range(1, 100_000)]
    public int FailuresPerWindow { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Sign-in by e-mail and password. Failures are limited per client address (the per-account lockout alone
/// lets one machine try a password against every account), and an unknown e-mail costs the same password
/// check as a known one, so neither the answer nor its time tells whether an account exists.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<RescueUser> signIn, UserManager<RescueUser> users, IPasswordHasher<RescueUser> hasher, SignInFailureLimiter limiter)
{
    public enum Outcome
    {
        SignedIn,
        Refused,
        LockedOut,

        /// <summary>Too many failures from this address: nothing was checked.</summary>
        Limited,
    }

    public sealed record Result(Outcome Outcome, TimeSpan RetryAfter = default);

    private static readonly RescueUser Nobody = new();
    private static string? s_nobodysHash;

    public async Task<Result> SignInAsync(string email, string password, IPAddress? from)
    {
        if (limiter.IsLimited(from, out var retryAfter)) return new(Outcome.Limited, retryAfter);

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // The same hashing work as checking a real password; the hash is made once, on first use.
            s_nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            hasher.VerifyHashedPassword(Nobody, s_nobodysHash, password);
            limiter.CountFailure(from);
            return new(Outcome.Refused);
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return new(Outcome.SignedIn);
        limiter.CountFailure(from);
        return new(result.IsLockedOut ? Outcome.LockedOut : Outcome.Refused);
    }
}

/// <summary>A fixed window of failed sign-ins per client address, in memory (one app process serves a station).</summary>
public sealed class SignInFailureLimiter(IOptions<SignInLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailuresPerWindow,
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    /// <summary>True when the address has used up its failures; asking takes none.</summary>
    public bool IsLimited(IPAddress? from, out TimeSpan retryAfter)
    {
        using var lease = _failures.AttemptAcquire(KeyOf(from), permitCount: 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : options.Value.Window;
        return !lease.IsAcquired;
    }

    public void CountFailure(IPAddress? from) => _failures.AttemptAcquire(KeyOf(from)).Dispose();

    public void Dispose() => _failures.Dispose();

    /// <summary>An IPv4 address, or an IPv6 /64 (one machine can hold a whole /64).</summary>
    private static string KeyOf(IPAddress? from)
    {
        if (from is null) return "unknown";
        if (from.IsIPv4MappedToIPv6) from = from.MapToIPv4();
        if (from.AddressFamily != AddressFamily.InterNetworkV6) return from.ToString();
        var bytes = from.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
