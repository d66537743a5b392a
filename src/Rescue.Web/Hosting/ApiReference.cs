using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Rescue.Web.Features.Users;
using Scalar.AspNetCore;

namespace Rescue.Web.Hosting;

/// <summary>The OpenAPI document and the page that shows it, served from the app alone (a station's intranet reaches nothing else).</summary>
public static class ApiReference
{
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddRescueOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiKeySchemeTransformer>();
            options.AddOperationTransformer<ApiKeyOperationTransformer>();
            options.AddOperationTransformer<IdempotencyKeyOperationTransformer>();
        });

    /// <remarks>
    /// Not public: the document and its page need a signed-in account or an agency's API key. They list every route,
    /// the administration's included, with the shape of every record (ID numbers, health notes, DNA results): a map
    /// for an attacker and of no use to the public, who only ever use the board and the public forms. Partners get
    /// it with the key they call the API with.
    /// </remarks>
    public static IEndpointRouteBuilder MapRescueApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().RequireAuthorization();
        // Scalar's script is served from the package; what would reach outside hosts is switched off:
        // web fonts, telemetry, the AI chat and MCP, and the client-generation and developer toolbars.
        app.MapScalarApiReference(options => options
            .WithTitle("Rescue API")
            .WithFavicon("/favicon.svg")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .WithNonce())
            .RequireAuthorization();
        return app;
    }

    /// <summary>Declares the agency key (<c>X-Api-Key</c> header) that partner systems send.</summary>
    private sealed class ApiKeySchemeTransformer : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.Header,
                Description = "An agency's key, issued by the station's administrator and shown once. It acts as a liaison of that agency.",
            };
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Marks the operations an agency key may call: those whose policy lets a liaison in (a key signs in
    /// as a liaison of its agency), read from the endpoint's own authorization, so the document cannot drift.
    /// </summary>
    private sealed class ApiKeyOperationTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
    {
        public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any()) return;
            var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
            if (policy is null || !policy.Requirements.All(LetsALiaisonIn)) return;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] });
        }

        private static bool LetsALiaisonIn(IAuthorizationRequirement requirement) => requirement switch
        {
            DenyAnonymousAuthorizationRequirement => true,
            RolesAuthorizationRequirement roles => roles.AllowedRoles.Contains(Roles.Liaison),
            _ => false,
        };
    }

    /// <summary>Declares the optional <c>Idempotency-Key</c> header on the operations that honour it.</summary>
    private sealed class IdempotencyKeyOperationTransformer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
        {
            if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<Idempotency.AcceptsKey>().Any()) return Task.CompletedTask;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Any text of 1 to 100 characters, unique per request: a retry with the same key gets the first answer and creates nothing.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Idempotency.MaxKeyLength },
            });
            return Task.CompletedTask;
        }
    }
}
