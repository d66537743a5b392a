using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Users;

/// <summary>The <c>Rescue:SignInLimit</c> settings: failed sign-ins one client address, and one account, may make in a window.</summary>
public sealed class SignInLimitOptions
{
    public const string Section = "Rescue:SignInLimit";

    /// <summary>Failures one address may make in <see cref="Window"/>.</summary>
    [Range(1, 100_000)]
    public int FailuresPerWindow { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failures against one e-mail address, known or not, in <see cref="AccountWindow"/>. Identity's lockout (5, then
    /// 15 minutes) starts again after each lockout, letting a guesser try 20 passwords an hour forever; this caps it.
    /// </summary>
    [Range(1, 100_000)]
    public int FailuresPerAccount { get; set; } = 10;

    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Sign-in by e-mail and password. Failures are limited per client address (the per-account lockout alone
/// lets one machine try a password against every account) and per account (many machines against one account),
/// counted in PostgreSQL so the limits hold across restarts and instances; an unknown e-mail costs the same
/// password check as a known one, so neither the answer nor its time tells whether an account exists.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<RescueUser> signIn, UserManager<RescueUser> users, IPasswordHasher<RescueUser> hasher,
    RescueDbContext db, PublicSenders senders, SecretKeys keys, StationClock clock, IOptions<SignInLimitOptions> options)
{
    public enum Outcome
    {
        SignedIn,
        Refused,
        LockedOut,

        /// <summary>Too many failures from this address or against this account: nothing was checked.</summary>
        Limited,
    }

    public sealed record Result(Outcome Outcome, TimeSpan RetryAfter = default);

    private static readonly RescueUser Nobody = new();
    private static string? s_nobodysHash;

    public async Task<Result> SignInAsync(string email, string password, IPAddress? from, CancellationToken ct = default)
    {
        var limits = options.Value;
        var address = "address:" + senders.KeyOf(from);
        var account = "account:" + Convert.ToHexStringLower(HMACSHA256.HashData(keys.Get(SecretKeys.SignIns), Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant())));
        var now = clock.Now;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Always the address first, then the account: two sign-ins never wait on each other in a circle.
        await PublicSenders.LockAsync(db, address, ct);
        await PublicSenders.LockAsync(db, account, ct);
        if (await RetryAfterAsync(address, limits.FailuresPerWindow, limits.Window, now, ct) is { } addressWait) return new(Outcome.Limited, addressWait);
        if (await RetryAfterAsync(account, limits.FailuresPerAccount, limits.AccountWindow, now, ct) is { } accountWait) return new(Outcome.Limited, accountWait);

        var outcome = await CheckAsync(email, password);
        if (outcome == Outcome.SignedIn)
        {
            await db.SignInAttempts.Where(a => a.Key == account).ExecuteDeleteAsync(ct);
        }
        else
        {
            db.SignInAttempts.AddRange(new SignInAttempt { Key = address, At = now }, new SignInAttempt { Key = account, At = now });
        }
        // Failures past every window are of no use; removing them here keeps the table small without a job.
        var oldest = now - (limits.Window > limits.AccountWindow ? limits.Window : limits.AccountWindow);
        await db.SignInAttempts.Where(a => a.At < oldest).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(outcome);
    }

    private async Task<Outcome> CheckAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // The same hashing work as checking a real password; the hash is made once, on first use.
            s_nobodysHash ??= hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            hasher.VerifyHashedPassword(Nobody, s_nobodysHash, password);
            return Outcome.Refused;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        return result.Succeeded ? Outcome.SignedIn : result.IsLockedOut ? Outcome.LockedOut : Outcome.Refused;
    }

    /// <summary>How long until <paramref name="key"/> may try again, or null when it has failures left.</summary>
    private async Task<TimeSpan?> RetryAfterAsync(string key, int permits, TimeSpan window, DateTimeOffset now, CancellationToken ct)
    {
        var recent = await db.SignInAttempts.Where(a => a.Key == key && a.At > now - window).Select(a => a.At).ToListAsync(ct);
        if (recent.Count < permits) return null;
        var wait = recent.Min() + window - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }
}

/// <summary>One failed sign-in, counted against the keyed hash of its address and of the e-mail it tried (never either itself).</summary>
public class SignInAttempt
{
    public long Id { get; set; }

    /// <summary><c>address:</c> or <c>account:</c> and a keyed hash.</summary>
    public string Key { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

internal sealed class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> builder)
    {
        builder.ToTable("SignInAttempts");
        builder.Property(a => a.Key).HasMaxLength(80);
        builder.HasIndex(a => new { a.Key, a.At });
        builder.HasIndex(a => a.At);
    }
}
