using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Rescue.Web.Data;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Features.Public;

/// <summary>
/// The current announcements as an Atom feed (RFC 4287) and a JSON Feed (version 1.1), so newspapers and partner
/// sites can pull them. No sign-in. Both read through <see cref="PublicAnnouncements"/> and carry every current
/// announcement (the Atom feed says so, RFC 5005's complete): an entry missing from the next fetch was withdrawn.
/// </summary>
public static class AnnouncementFeeds
{
    public const string AtomFile = "feed.atom";
    public const string JsonFile = "feed.json";

    private const string Language = "zh-CN";
    private const string FeedHistory = "http://purl.org/syndication/history/1.0";

    public static IEndpointRouteBuilder MapAnnouncementFeeds(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup(AnnouncementLinks.BoardPath).WithTags("Public").AllowAnonymous();
        feeds.MapGet("/" + AtomFile, AtomFeed).WithName(nameof(AtomFeed))
            .Produces(StatusCodes.Status200OK, contentType: "application/atom+xml")
            .WithSummary("The current announcements as an Atom 1.0 feed, newest publication first; ETag and If-None-Match answer 304 when nothing changed.");
        feeds.MapGet("/" + JsonFile, JsonFeed).WithName(nameof(JsonFeed))
            .Produces(StatusCodes.Status200OK, contentType: "application/feed+json")
            .WithSummary("The current announcements as a JSON Feed 1.1, newest publication first; ETag and If-None-Match answer 304 when nothing changed.");
        return app;
    }

    /// <summary>A JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).</summary>
    public sealed record JsonFeedDocument(string Version, string Title, string HomePageUrl, string FeedUrl, string Language,
        IReadOnlyList<JsonFeedAuthor> Authors, IReadOnlyList<JsonFeedItem> Items);

    public sealed record JsonFeedAuthor(string Name);

    public sealed record JsonFeedItem(string Id, string Url, string Title, string ContentText, string? Image,
        DateTimeOffset DatePublished, DateTimeOffset DateModified);

    private static readonly JsonSerializerOptions JsonFeedJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Chinese as itself; what HTML would read as markup stays escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> AtomFeed(HttpContext http, PublicAnnouncements announcements,
        RescueDbContext db, IOptions<NoticeExchangeOptions> exchange, CancellationToken ct)
    {
        var (unchanged, updated) = await ValidatorsAsync(http, announcements, "atom", ct);
        if (unchanged) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var links = AnnouncementLinks.For(http.Request);
        var station = await Station.NameAsync(db, ct);
        var feed = new SyndicationFeed(Title(station), null, new Uri(links.Board), FeedId(exchange.Value.PfifDomain), updated)
        {
            Language = Language,
            Items = [.. (await announcements.AllAsync(AnnouncementExport.Max, ct)).Select(a => Entry(a, links, exchange.Value.PfifDomain))],
        };
        feed.Authors.Add(new SyndicationPerson { Name = station });
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(links.Feed(AtomFile)), "application/atom+xml"));
        feed.ElementExtensions.Add("complete", FeedHistory, "");

        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(xml);
        }
        return TypedResults.File(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static SyndicationItem Entry(PublicAnnouncement a, AnnouncementLinks links, string domain)
    {
        var title = AnnouncementColumns.Title(a);
        var entry = new SyndicationItem
        {
            Id = EntryId(domain, a.Code),
            Title = new TextSyndicationContent(title),
            Content = new TextSyndicationContent(AnnouncementColumns.Text(a)),
            PublishDate = a.FirstPublishedAt,
            LastUpdatedTime = a.LastPublishedAt,
        };
        entry.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(links.Page(a.Code)), "text/html"));
        if (a.PhotoIds.Count > 0) entry.Links.Add(new SyndicationLink(new Uri(links.Thumbnail(a.Code)), "enclosure", title, "image/jpeg", 0));
        return entry;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> JsonFeed(HttpContext http, PublicAnnouncements announcements,
        RescueDbContext db, IOptions<NoticeExchangeOptions> exchange, CancellationToken ct)
    {
        if ((await ValidatorsAsync(http, announcements, "json", ct)).Unchanged) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        var links = AnnouncementLinks.For(http.Request);
        var station = await Station.NameAsync(db, ct);
        var items = (await announcements.AllAsync(AnnouncementExport.Max, ct)).Select(a => new JsonFeedItem(
            EntryId(exchange.Value.PfifDomain, a.Code), links.Page(a.Code), AnnouncementColumns.Title(a), AnnouncementColumns.Text(a),
            a.PhotoIds.Count > 0 ? links.Photo(a.Code, 0) : null, a.FirstPublishedAt, a.LastPublishedAt)).ToList();
        var feed = new JsonFeedDocument("https://jsonfeed.org/version/1.1", Title(station), links.Board, links.Feed(JsonFile), Language,
            [new JsonFeedAuthor(station)], items);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(feed, JsonFeedJson), "application/feed+json; charset=utf-8");
    }

    private static string Title(string station) => $"{station}寻亲公告";

    /// <summary>A tag URI (RFC 4151) in the station's PFIF domain: stable whatever host the feed is read on.</summary>
    private static string FeedId(string domain) => $"tag:{domain},2026:announcements";

    private static string EntryId(string domain, string code) => $"tag:{domain},2026:announcement/{code}";

    /// <summary>
    /// Sets the validators of the answer: the ETag changes whenever the public set does (an announcement published,
    /// edited, withdrawn, or its person gone), and every request revalidates, so a withdrawn one is not served from a
    /// cache. Returns whether the client's copy is current (answer 304), and when the set last changed.
    /// </summary>
    private static async Task<(bool Unchanged, DateTimeOffset Updated)> ValidatorsAsync(HttpContext http, PublicAnnouncements announcements, string kind, CancellationToken ct)
    {
        var version = await announcements.VersionAsync(ct);
        var updated = version.LastChanged ?? DateTimeOffset.UnixEpoch;
        var etag = new EntityTagHeaderValue($"\"{kind}-{version.Key}\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = updated;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, NoCache = true };
        var asked = http.Request.GetTypedHeaders().IfNoneMatch;
        return (asked.Any(e => e.Equals(EntityTagHeaderValue.Any) || e.Compare(etag, useStrongComparison: false)), updated);
    }
}
