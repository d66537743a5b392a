using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

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
/// <remarks>
/// The limit counts accepted submissions, kept in PostgreSQL with the notice they brought: a refused form uses up
/// nothing, and the limit holds across restarts and across several instances of the app.
/// </remarks>
public sealed class PublicNoticeIntake(RescueDbContext db, NoticeRegistry registry, PublicSenders senders, IOptions<PublicNoticeOptions> options, StationClock clock)
{
    public sealed record Receipt(string Reference, string Message);

    public async Task<Receipt> SubmitAsync(NoticeForm form, IReadOnlyList<IncomingPhoto> photos, IPAddress? from, CancellationToken ct)
    {
        // Checked before the limit and the repeat check, so a mistyped form does not use up a submission.
        var errors = RequestValidation.Errors(form, clock);
        if (TextRules.IsBlank(form.ReporterName)) errors.TryAdd("reporterName", [UiText.Format("Err.PublicReporterName")]);
        if (TextRules.IsBlank(form.ReporterPhone)) errors.TryAdd("reporterPhone", [UiText.Format("Err.PublicReporterPhone")]);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        // The public cannot vouch for an identity check; staff do that when they vet.
        form.ReporterIdentityChecked = false;

        var address = senders.KeyOf(from);
        var now = clock.Now;
        var window = options.Value.Window;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One submission at a time per address, so parallel posts cannot slip past the count.
        await PublicSenders.LockAsync(db, address, ct);
        var recent = await db.PublicSubmissions.Where(s => s.AddressKey == address && s.At > now - window).Select(s => s.At).ToListAsync(ct);
        PublicSenders.Enforce(recent, options.Value.PermitsPerWindow, window, now);
        if (await IsRepeatAsync(form, ct))
        {
            throw new ValidationFailedException("", UiText.Format("Err.PublicRepeat"));
        }
        // Rows past any window are of no use; removing them here keeps the table small without a job.
        await db.PublicSubmissions.Where(s => s.At < now - window - window).ExecuteDeleteAsync(ct);
        db.PublicSubmissions.Add(new PublicSubmission { AddressKey = address, At = now });
        var notice = await registry.CreateAsync(form, photos, NoticeSource.PublicForm, NoticeStatus.PendingVetting, "public", ct);
        await tx.CommitAsync(ct);
        return new Receipt(Reference(notice.Id), UiText.Format("PublicNoticeReceived"));
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

/// <summary>One accepted public submission: when, and from which address (hashed); what the per-address limit counts.</summary>
public class PublicSubmission
{
    public long Id { get; set; }

    public string AddressKey { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

internal sealed class PublicSubmissionConfiguration : IEntityTypeConfiguration<PublicSubmission>
{
    public void Configure(EntityTypeBuilder<PublicSubmission> builder)
    {
        builder.Property(s => s.AddressKey).HasMaxLength(64);
        builder.HasIndex(s => new { s.AddressKey, s.At });
        builder.HasIndex(s => s.At);
    }
}
