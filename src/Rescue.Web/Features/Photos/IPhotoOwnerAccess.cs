namespace Rescue.Web.Features.Photos;

/// <summary>
/// Whether a liaison may see a photo of a discovery report: only when the report belongs to their agency.
/// The Reports feature knows which agency filed a report; until it registers its rule, liaisons see no photo.
/// </summary>
public interface IPhotoOwnerAccess
{
    /// <summary>Asked only for photos whose owner is a report, and only for the display and thumbnail variants.</summary>
    Task<bool> LiaisonMaySeeAsync(Photo photo, Guid agencyId, CancellationToken ct);
}

/// <summary>The rule until the Reports feature provides one: a liaison sees no photo.</summary>
internal sealed class NoLiaisonPhotoAccess : IPhotoOwnerAccess
{
    public Task<bool> LiaisonMaySeeAsync(Photo photo, Guid agencyId, CancellationToken ct) => Task.FromResult(false);
}
