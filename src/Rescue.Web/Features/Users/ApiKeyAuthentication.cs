using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Users;

/// <summary>Authenticates an agency's system by the key in the <c>X-Api-Key</c> header.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    RescueDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values)) return AuthenticateResult.NoResult();
        var secret = values.ToString().Trim();
        var prefix = ApiKey.PrefixOf(secret);
        if (prefix is null) return AuthenticateResult.Fail("malformed API key");

        var key = await db.ApiKeys.Include(k => k.Agency).SingleOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        if (key is null || !key.Matches(secret)) return AuthenticateResult.Fail("unknown API key");
        if (!key.IsActive) return AuthenticateResult.Fail("revoked API key");

        // Record use at most once a minute: a busy partner system should not write on every call.
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is null || now - key.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "apikey:" + key.Id),
                new Claim(ClaimTypes.Name, $"{key.Agency.Name} ({key.Name})"),
                new Claim(ClaimTypes.Role, Roles.Liaison),
                new Claim(RescueClaims.AgencyId, key.AgencyId.ToString()),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
