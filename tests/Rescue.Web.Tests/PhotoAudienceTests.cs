using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>The one rule for who sees which file of a photo, asked directly: every caller, every owner kind, every file.</summary>
public class PhotoAudienceTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>Caller × owner of the photo → the files they see (full, display, thumbnail), with no announcement published.</summary>
    public static TheoryData<string, PhotoOwner, string> Cases => new()
    {
        { "station staff", PhotoOwner.Report, "full display thumbnail" },
        { "station staff", PhotoOwner.Admission, "full display thumbnail" },
        { "station staff", PhotoOwner.Notice, "full display thumbnail" },
        { "case officer", PhotoOwner.Report, "full display thumbnail" },
        { "case officer", PhotoOwner.Admission, "full display thumbnail" },
        { "case officer", PhotoOwner.Notice, "full display thumbnail" },
        // The report's photos are the police station's: its liaison sees the page copies, never the evidence file.
        { "liaison of the reporting agency", PhotoOwner.Report, "display thumbnail" },
        { "liaison of the reporting agency", PhotoOwner.Admission, "" },
        { "liaison of the reporting agency", PhotoOwner.Notice, "" },
        { "liaison of another agency", PhotoOwner.Report, "" },
        { "liaison of another agency", PhotoOwner.Admission, "" },
        { "liaison of another agency", PhotoOwner.Notice, "" },
        { "liaison without an agency", PhotoOwner.Report, "" },
        { "administrator", PhotoOwner.Report, "" },
        { "administrator", PhotoOwner.Admission, "" },
        { "administrator", PhotoOwner.Notice, "" },
        { "anonymous", PhotoOwner.Report, "" },
        { "anonymous", PhotoOwner.Admission, "" },
        { "anonymous", PhotoOwner.Notice, "" },
        // Role claims on an identity nobody signed in: not station staff.
        { "unauthenticated claims of station staff", PhotoOwner.Admission, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Caller_sees_the_files_their_role_and_the_photos_owner_allow(string caller, PhotoOwner owner, string expected)
    {
        var agencies = await AgenciesAsync();
        var photo = await PhotoOfAsync(owner, agencies.Police);
        await using var scope = app.Services.CreateAsyncScope();
        // As the app builds it: no feature publishes photos yet.
        var audience = scope.ServiceProvider.GetRequiredService<PhotoAudience>();

        var seen = await audience.VariantsAsync(Caller(caller, agencies), photo, default);

        Assert.Equal(Variants(expected), seen.Order());
    }

    [Fact]
    public async Task A_published_photo_shows_its_public_derivative_to_everyone_and_nothing_more()
    {
        var agencies = await AgenciesAsync();
        var published = await PhotoOfAsync(PhotoOwner.Admission, agencies.Police);
        var unpublished = await PhotoOfAsync(PhotoOwner.Admission, agencies.Police);
        await using var scope = app.Services.CreateAsyncScope();
        var audience = new PhotoAudience(scope.ServiceProvider.GetRequiredService<RescueDbContext>(), [new Published(published.Id)]);

        Assert.Equal(Variants("display thumbnail"), (await audience.VariantsAsync(Caller("anonymous", agencies), published, default)).Order());
        Assert.Equal(Variants("display thumbnail"), (await audience.VariantsAsync(Caller("administrator", agencies), published, default)).Order());
        Assert.Equal(Variants("display thumbnail"), (await audience.VariantsAsync(Caller("liaison of another agency", agencies), published, default)).Order());
        // Publishing takes nothing from the station: staff still see the evidence file.
        Assert.Equal(Variants("full display thumbnail"), (await audience.VariantsAsync(Caller("station staff", agencies), published, default)).Order());
        Assert.Empty(await audience.VariantsAsync(Caller("anonymous", agencies), unpublished, default));
        Assert.Null(await audience.FindAsync(Caller("anonymous", agencies), published.Id, PhotoVariant.Full, default));
    }

    [Fact]
    public async Task A_hidden_photo_and_a_missing_one_are_found_alike()
    {
        var agencies = await AgenciesAsync();
        var admission = await PhotoOfAsync(PhotoOwner.Admission, agencies.Police);
        await using var scope = app.Services.CreateAsyncScope();
        var audience = scope.ServiceProvider.GetRequiredService<PhotoAudience>();
        var liaison = Caller("liaison of the reporting agency", agencies);

        Assert.Null(await audience.FindAsync(liaison, admission.Id, PhotoVariant.Thumbnail, default));
        Assert.Null(await audience.FindAsync(liaison, Guid.CreateVersion7(), PhotoVariant.Thumbnail, default));
        Assert.Equal(admission.Id, (await audience.FindAsync(Caller("case officer", agencies), admission.Id, PhotoVariant.Full, default))?.Id);
    }

    private sealed record Agencies(Guid Police, Guid CityManagement);

    private async Task<Agencies> AgenciesAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var police = await db.Agencies.Where(a => a.Name == DemoData.PoliceAgency).Select(a => a.Id).SingleAsync();
        var other = await db.Agencies.Where(a => a.Id != police).Select(a => a.Id).FirstAsync();
        return new(police, other);
    }

    /// <summary>A stored photo of the given owner kind; a report's photo belongs to a report the police station filed.</summary>
    private async Task<Photo> PhotoOfAsync(PhotoOwner owner, Guid police)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var ownerId = owner == PhotoOwner.Report
            ? await db.Reports.Where(r => r.AgencyId == police).Select(r => r.Id).FirstAsync()
            : Guid.CreateVersion7();
        var photo = new Photo
        {
            Id = Guid.CreateVersion7(),
            Sha256 = new string('0', 64),
            ContentType = "image/jpeg",
            Width = 640,
            Height = 480,
            ByteSize = 1,
            OwnerKind = owner,
            OwnerId = ownerId,
            UploadedBy = "test",
            UploadedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        db.Photos.Add(photo);
        await db.SaveChangesAsync();
        return photo;
    }

    private static ClaimsPrincipal Caller(string caller, Agencies agencies) => caller switch
    {
        "station staff" => SignedIn(Roles.StationStaff),
        "case officer" => SignedIn(Roles.CaseOfficer),
        "administrator" => SignedIn(Roles.Administrator),
        "liaison of the reporting agency" => SignedIn(Roles.Liaison, agencies.Police),
        "liaison of another agency" => SignedIn(Roles.Liaison, agencies.CityManagement),
        "liaison without an agency" => SignedIn(Roles.Liaison),
        "anonymous" => new ClaimsPrincipal(new ClaimsIdentity()),
        "unauthenticated claims of station staff" => new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.StationStaff)])),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    private static ClaimsPrincipal SignedIn(string role, Guid? agencyId = null)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, "test-user"), new(ClaimTypes.Role, role)];
        if (agencyId is { } agency) claims.Add(new(RescueClaims.AgencyId, agency.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    private static IEnumerable<PhotoVariant> Variants(string names) =>
        names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => Enum.Parse<PhotoVariant>(n, ignoreCase: true)).Order();

    /// <summary>Stands in for the announcements feature, which will say which photos its published announcements show.</summary>
    private sealed class Published(Guid photoId) : IPublicPhotoSource
    {
        public Task<bool> IsPublishedAsync(Photo photo, CancellationToken ct) => Task.FromResult(photo.Id == photoId);
    }
}
