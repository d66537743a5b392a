using System.ComponentModel.DataAnnotations;

namespace Rescue.Web.Features.Biometrics;

/// <summary>Biometric data's lifecycle: face signatures of closed notices and identified people are deleted after the retention period.</summary>
public static class BiometricsFeature
{
    public static IServiceCollection AddBiometrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BiometricsOptions>().Bind(configuration.GetSection(BiometricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BiometricRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<BiometricRetention>());
        return services;
    }
}

/// <summary>The <c>Rescue:Biometrics</c> settings, validated at start.</summary>
public sealed class BiometricsOptions
{
    public const string Section = "Rescue:Biometrics";

    /// <summary>
    /// Days a closed notice's or an identified person's face signatures are kept after the closing or the
    /// identification (0: deleted at the next purge), so that a mistaken closing can still be undone with them.
    /// </summary>
    [Range(0, 3650, ErrorMessage = $"{Section}:{nameof(RetentionDays)} must be a whole number of days from 0 to 3650 (30 by default)")]
    public int RetentionDays { get; set; } = 30;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
