using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Features.Announcements;

/// <summary>The <c>Rescue:Announcements</c> section: the deadlines the rules set, and what the public text ends with.</summary>
public sealed class AnnouncementOptions : IValidatableObject
{
    public const string Section = "Rescue:Announcements";

    /// <summary>From admission to the first publication (the rules: 24 hours).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan FirstDue { get; set; } = TimeSpan.FromHours(24);

    /// <summary>From one publication to the refresh that is due next (the rules: every 30 days while the person stays).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long before its date a refresh is listed as due.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RefreshDueSoon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The station's contact under every announcement (address, phone); the station's name comes first.</summary>
    [MaxLength(AnnouncementLimits.Contact - 100)]
    public string Contact { get; set; } = "";

    /// <summary>
    /// The site's public address (https://example.cn, or with a path: https://example.cn/rescue) for links that leave
    /// the site, such as a poster's QR code; unset, links take the scheme and host the request came to.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The board's absolute address: <see cref="PublicBaseUrl"/> when set, else the request's own.</summary>
    public string BoardUrl(HttpRequest request) =>
        (string.IsNullOrEmpty(PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicBaseUrl.TrimEnd('/')) + "/gg";

    /// <summary>One announcement's absolute address on the board (/gg/CODE).</summary>
    public string BoardUrl(HttpRequest request, string code) => $"{BoardUrl(request)}/{code}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                 && string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.Fragment)))
        {
            yield return new ValidationResult("an absolute http or https address without query or fragment", [nameof(PublicBaseUrl)]);
        }
    }
}
