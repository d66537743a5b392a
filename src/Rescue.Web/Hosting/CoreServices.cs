using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Statistics;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Hosting;

/// <summary>What both the web app and the command-line tool need: options, clock, database, accounts, features' services.</summary>
public static class CoreServices
{
    public static IServiceCollection AddRescueCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RescueOptions>().BindConfiguration(RescueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StationClock>();
        services.AddRescueData(configuration);
        services.AddUsers();
        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<ChangeOutbox>();
        services.AddScoped<Idempotency>();
        services.AddSingleton<SecretKeys>();
        services.AddSingleton<SealedFields>();
        services.AddSingleton<PublicSenders>();
        services.AddHostedService<IdempotencyCleanup>();
        services.AddPhotos(configuration);
        services.AddReports();
        services.AddAdmissions();
        services.AddNoticeExchange();
        services.AddNotices();
        services.AddMatching();
        services.AddAnnouncements();
        services.AddPublic();
        services.AddCases();
        services.AddStatistics();
        // Enums travel as their names ("Male", "Patrol"), which partner systems can read and send.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        // Keys that sign cookies and antiforgery tokens live with the data, so sign-ins survive a restart.
        var dataDirectory = configuration[$"{RescueOptions.Section}:{nameof(RescueOptions.DataDirectory)}"] ?? ".data";
        // The ring is encrypted at rest with a certificate (Hosting/KeyRingProtection), so the folder alone opens nothing.
        var keyRingWarning = services.AddDataProtection()
            .SetApplicationName("Rescue")
            .PersistKeysToFileSystem(new DirectoryInfo(SecretKeys.FolderOf(dataDirectory)))
            .ProtectKeyRing(configuration, dataDirectory);
        services.AddSingleton(new KeyRingStatus(keyRingWarning));
        return services;
    }
}
