using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;

namespace Rescue.Web.Features.Users;

/// <summary>Accounts, roles, agencies and API keys: sign-in by cookie for people, by key for systems.</summary>
public static class UsersFeature
{
    /// <summary>Chooses the cookie or the API key for each request.</summary>
    public const string Scheme = "Rescue";

    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddIdentityCore<RescueUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                // Length over composition rules (NIST SP 800-63B): staff remember a long phrase better.
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddPasswordValidator<PasswordPolicy>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RescueDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<RescueClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or API key", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "rescue.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.AccessDeniedPath = "/access-denied";
            // How long a session lasts is SessionOptions' (below); sliding renews it on use, up to its absolute limit.
            options.SlidingExpiration = true;
            // An API caller gets a status code, not a redirect to a login page.
            options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            // Instead of Identity's periodic re-validation: a changed stamp ends the session on the next request.
            options.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            options.Events.OnSigningIn = SessionCheck.StampSignInTime;
        });
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section)
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteLimit >= o.IdleTimeout,
                $"{SessionOptions.Section}: IdleTimeout must be longer than zero and AbsoluteLimit at least as long")
            .ValidateOnStart();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SessionOptions>>((cookie, sessions) => cookie.ExpireTimeSpan = sessions.Value.IdleTimeout);

        services.AddAuthorizationBuilder().AddRolePolicies();
        services.AddScoped<UserAdministration>();
        services.AddScoped<PasswordSignIn>();
        services.AddOptions<SignInLimitOptions>().BindConfiguration(SignInLimitOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Window > TimeSpan.Zero && o.AccountWindow > TimeSpan.Zero, $"{SignInLimitOptions.Section}:Window and AccountWindow must be longer than zero").ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        app.MapUsersApi();
        app.MapAccountEndpoints();
        return app;
    }

    private static AuthorizationBuilder AddRolePolicies(this AuthorizationBuilder builder)
    {
        // One policy per role, named as the role, so endpoint groups say RequireAuthorization(Roles.X).
        foreach (var role in Roles.All) builder.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireRole(role));
        builder.AddPolicy(Policies.Station, p => p.RequireAuthenticatedUser().RequireRole(Roles.StationStaff, Roles.CaseOfficer));
        builder.AddPolicy(Policies.Reports, p => p.RequireAuthenticatedUser().RequireRole(Roles.Liaison, Roles.StationStaff, Roles.CaseOfficer));
        builder.AddPolicy(Policies.Statistics, p => p.RequireAuthenticatedUser().RequireRole(Roles.StationStaff, Roles.CaseOfficer, Roles.Administrator));
        return builder;
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Adds the display name and, for liaisons, the agency to the sign-in cookie.</summary>
internal sealed class RescueClaimsPrincipalFactory(
    UserManager<RescueUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<RescueUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(RescueUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(RescueClaims.DisplayName, user.DisplayName));
        if (user.AgencyId is { } agencyId) identity.AddClaim(new Claim(RescueClaims.AgencyId, agencyId.ToString()));
        return identity;
    }
}
