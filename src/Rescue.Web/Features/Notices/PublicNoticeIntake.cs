using System.Net;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Notices;

/// <summary>The <c>Rescue:PublicNotices</c> settings.</summary>
public sealed class PublicNoticeOptions
{
    public const string Section = "Rescue:PublicNotices";

    /// <summary>Submissions one address may make in <see cref="Window"/>.</summary>
    public int PermitsPerWindow { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Takes missing-person notices from the public form: limited per address, exact repeats refused, and
/// every one waits for a case officer's vetting; nothing submitted here is ever shown publicly.
/// </summary>
public sealed class PublicNoticeIntake(RescueDbContext db, NoticeRegistry registry, PublicNoticeLimiter limiter, TimeProvider clock)
{
    public sealed record Receipt(string Reference, string Message);

    /// <summary>Thrown when an address has sent too many notices; answered with 429.</summary>
    public sealed class TooManySubmissionsException(TimeSpan retryAfter) : Exception("too many submissions from this address")
    {
        public TimeSpan RetryAfter { get; } = retryAfter;
    }

    public async Task<Receipt> SubmitAsync(NoticeForm form, IReadOnlyList<IncomingPhoto> photos, IPAddress? from, CancellationToken ct)
    {
        // Checked before the limiter and the repeat check, so a mistyped form does not use up a submission.
        RequestValidation.Validate(form, clock);
        if (string.IsNullOrWhiteSpace(form.ReporterName)) throw new ValidationFailedException("reporterName", UiText.Format("Err.PublicReporterName"));
        if (string.IsNullOrWhiteSpace(form.ReporterPhone)) throw new ValidationFailedException("reporterPhone", UiText.Format("Err.PublicReporterPhone"));
        // The public cannot vouch for an identity check; staff do that when they vet.
        form.ReporterIdentityChecked = false;

        using var lease = limiter.Acquire(from);
        if (!lease.IsAcquired)
        {
            throw new TooManySubmissionsException(lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(10));
        }
        if (await IsRepeatAsync(form, ct))
        {
            throw new ValidationFailedException("", UiText.Format("Err.PublicRepeat"));
        }
        var notice = await registry.CreateAsync(form, photos, NoticeSource.PublicForm, NoticeStatus.PendingVetting, "public", ct);
        return new Receipt(Reference(notice.Id), "已收到，寻亲专员审核后会与您联系。Received: a case officer will contact you after checking it.");
    }

    /// <summary>A short reference a family can quote on the phone.</summary>
    public static string Reference(Guid id) => "XR-" + id.ToString("N")[^8..].ToUpperInvariant();

    private Task<bool> IsRepeatAsync(NoticeForm form, CancellationToken ct)
    {
        var name = form.MissingPersonName.Trim();
        var phone = form.ReporterPhone?.Trim();
        var place = string.IsNullOrWhiteSpace(form.LastSeenPlace) ? null : form.LastSeenPlace.Trim();
        var circumstances = string.IsNullOrWhiteSpace(form.Circumstances) ? null : form.Circumstances.Trim();
        return db.Notices.AnyAsync(n => n.Source == NoticeSource.PublicForm && n.MissingPersonName == name && n.ReporterPhone == phone
            && n.LastSeenOn == form.LastSeenOn && n.LastSeenPlace == place && n.Circumstances == circumstances, ct);
    }
}

/// <summary>One fixed window of public submissions per client address, shared by the page and the API.</summary>
public sealed class PublicNoticeLimiter(IOptions<PublicNoticeOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PermitsPerWindow,
            Window = options.Value.Window,
            QueueLimit = 0,
        }));

    public RateLimitLease Acquire(IPAddress? from) => _limiter.AttemptAcquire(from?.ToString() ?? "unknown");

    public void Dispose() => _limiter.Dispose();
}
