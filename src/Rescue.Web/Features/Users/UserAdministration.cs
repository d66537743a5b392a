using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Users;

/// <summary>What an administrator does to accounts, agencies and API keys; used by the API and the pages.</summary>
public sealed class UserAdministration(RescueDbContext db, UserManager<RescueUser> users, StationClock clock)
{
    public sealed class NewUser
    {
        [Required, EmailAddress, MaxLength(256)]
        public string Email { get; set; } = "";

        [Required, MaxLength(100)]
        public string DisplayName { get; set; } = "";

        [Required, MinLength(10), MaxLength(128)]
        public string Password { get; set; } = "";

        [Required]
        public string Role { get; set; } = "";

        /// <summary>Required for liaisons, refused for other roles.</summary>
        public Guid? AgencyId { get; set; }
    }

    public sealed class NewAgency
    {
        [Required, MaxLength(100)]
        public string Name { get; set; } = "";

        public AgencyKind Kind { get; set; } = AgencyKind.Police;

        [RegularExpression("^[0-9]{6}([0-9]{3}([0-9]{3})?)?$", ErrorMessage = "Err.DivisionCode")]
        public string? DivisionCode { get; set; }
    }

    public sealed record UserItem(string Id, string Email, string DisplayName, string? Role, Guid? AgencyId, string? AgencyName, bool LockedOut);

    public sealed record AgencyItem(Guid Id, string Name, AgencyKind Kind, string? DivisionCode);

    public sealed record ApiKeyItem(Guid Id, Guid AgencyId, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

    public sealed record IssuedApiKey(ApiKeyItem Key, string Secret);

    public async Task<List<UserItem>> ListUsersAsync(CancellationToken ct)
    {
        var now = clock.Now;
        var roleOf = await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            select new { ur.UserId, r.Name }).ToDictionaryAsync(x => x.UserId, x => x.Name, ct);
        var list = await db.Users.AsNoTracking().Include(u => u.Agency).OrderBy(u => u.Email).ToListAsync(ct);
        return list.Select(u => new UserItem(u.Id, u.Email ?? "", u.DisplayName, roleOf.GetValueOrDefault(u.Id),
            u.AgencyId, u.Agency?.Name, u.LockoutEnd > now)).ToList();
    }

    public async Task<UserItem> CreateUserAsync(NewUser request, CancellationToken ct)
    {
        RequestValidation.Validate(request, clock);
        await CheckRoleAndAgencyAsync(request.Role, request.AgencyId, ct);
        if (await users.FindByEmailAsync(request.Email) is not null)
        {
            throw new ValidationFailedException("email", UiText.Format("EmailTaken"));
        }

        var user = new RescueUser
        {
            UserName = request.Email,
            Email = request.Email,
            EmailConfirmed = true,
            DisplayName = request.DisplayName.Trim(),
            AgencyId = request.Role == Roles.Liaison ? request.AgencyId : null,
            CreatedAt = clock.Now,
        };

        // The user and their role are one change: a failure must not leave an account without a role.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        ThrowOnFailure(await users.CreateAsync(user, request.Password), "password");
        ThrowOnFailure(await users.AddToRoleAsync(user, request.Role), "role");
        await tx.CommitAsync(ct);

        var agencyName = user.AgencyId is { } id ? (await db.Agencies.FindAsync([id], ct))?.Name : null;
        return new UserItem(user.Id, user.Email, user.DisplayName, request.Role, user.AgencyId, agencyName, false);
    }

    public async Task SetRoleAsync(string userId, string role, Guid? agencyId, CancellationToken ct)
    {
        await CheckRoleAndAgencyAsync(role, agencyId, ct);
        var user = await users.FindByIdAsync(userId) ?? throw new KeyNotFoundException($"user {userId}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (role != Roles.Administrator) await KeepAnAdministratorAsync(user, ct);
        ThrowOnFailure(await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user)), "role");
        ThrowOnFailure(await users.AddToRoleAsync(user, role), "role");
        user.AgencyId = role == Roles.Liaison ? agencyId : null;
        ThrowOnFailure(await users.UpdateAsync(user), "agencyId");
        // A changed role must take effect now, not when the old cookie expires.
        await users.UpdateSecurityStampAsync(user);
        await tx.CommitAsync(ct);
    }

    public async Task<List<AgencyItem>> ListAgenciesAsync(CancellationToken ct) =>
        await db.Agencies.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new AgencyItem(a.Id, a.Name, a.Kind, a.DivisionCode)).ToListAsync(ct);

    public async Task<AgencyItem> CreateAgencyAsync(NewAgency request, CancellationToken ct)
    {
        RequestValidation.Validate(request, clock);
        var name = request.Name.Trim();
        if (await db.Agencies.AnyAsync(a => a.Name == name, ct))
        {
            throw new ValidationFailedException("name", UiText.Format("AgencyNameTaken"));
        }
        var now = clock.Now;
        var agency = new Agency { Id = Guid.CreateVersion7(now), Name = name, Kind = request.Kind, DivisionCode = request.DivisionCode, CreatedAt = now };
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(ct);
        return new AgencyItem(agency.Id, agency.Name, agency.Kind, agency.DivisionCode);
    }

    /// <summary>The API keys of one agency, or of every agency when <paramref name="agencyId"/> is null.</summary>
    public async Task<List<ApiKeyItem>> ListApiKeysAsync(Guid? agencyId, CancellationToken ct) =>
        await db.ApiKeys.AsNoTracking().Where(k => agencyId == null || k.AgencyId == agencyId).OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeyItem(k.Id, k.AgencyId, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt, k.LastUsedAt))
            .ToListAsync(ct);

    public async Task<IssuedApiKey> IssueApiKeyAsync(Guid agencyId, string name, string issuedBy, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ValidationFailedException("name", UiText.Format("KeyNameRequired"));
        }
        // The page hands the name over as typed; the API's requests are checked before they come here.
        if (TextRules.Problem(name, freeText: false) is { } problem) throw new ValidationFailedException("name", UiText.Format(problem));
        if (!await db.Agencies.AnyAsync(a => a.Id == agencyId, ct)) throw new KeyNotFoundException($"agency {agencyId}");
        var (key, secret) = ApiKey.Create(agencyId, name.Trim(), issuedBy, clock.Now);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new IssuedApiKey(new ApiKeyItem(key.Id, key.AgencyId, key.Name, key.Prefix, key.CreatedAt, null, null), secret);
    }

    /// <returns>false when the key does not exist.</returns>
    public async Task<bool> RevokeApiKeyAsync(Guid keyId, CancellationToken ct)
    {
        var now = clock.Now;
        var key = await db.ApiKeys.FindAsync([keyId], ct);
        if (key is null) return false;
        key.RevokedAt ??= now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task CheckRoleAndAgencyAsync(string role, Guid? agencyId, CancellationToken ct)
    {
        // No role is given by default: the administrator chooses one (see the users page).
        if (!Roles.All.Contains(role)) throw new ValidationFailedException("role", UiText.Format("RoleRequired"));
        if (role == Roles.Liaison)
        {
            if (agencyId is null) throw new ValidationFailedException("agencyId", UiText.Format("LiaisonNeedsAgency"));
            if (!await db.Agencies.AnyAsync(a => a.Id == agencyId, ct)) throw new ValidationFailedException("agencyId", UiText.Format("NoSuchAgency"));
        }
        else if (agencyId is not null)
        {
            throw new ValidationFailedException("agencyId", UiText.Format("AgencyOnlyForLiaison"));
        }
    }

    /// <summary>
    /// Refuses to take the role from the last administrator: nobody could then manage accounts or keys
    /// from the app. The administrator role's row is locked first, so two administrators demoting each
    /// other at once cannot both pass the count.
    /// </summary>
    private async Task KeepAnAdministratorAsync(RescueUser user, CancellationToken ct)
    {
        if (!await users.IsInRoleAsync(user, Roles.Administrator)) return;
        var normalized = users.NormalizeName(Roles.Administrator);
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "AspNetRoles" WHERE "NormalizedName" = {normalized} FOR UPDATE""", ct);
        if ((await users.GetUsersInRoleAsync(Roles.Administrator)).Count <= 1)
        {
            throw new ValidationFailedException("role", UiText.Format("LastAdministrator"));
        }
    }

    private static void ThrowOnFailure(IdentityResult result, string field)
    {
        if (result.Succeeded) return;
        throw new ValidationFailedException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
