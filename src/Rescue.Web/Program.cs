using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Biometrics;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Statistics;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

builder.AddRescueLogging();
builder.Services.AddRescueCore(builder.Configuration);
builder.Services.AddBiometrics(builder.Configuration);
builder.Services.AddSettlement();
builder.Services.AddRescueErrorHandling();
builder.Services.AddRescueErrorPages();
builder.Services.AddRescueLocalization();
builder.Services.AddHealthChecks().AddDbContextCheck<RescueDbContext>("database", tags: ["ready"]);
builder.Services.AddRescueOpenApi();
builder.Services.AddRazorComponents();
builder.Services.AddCascadingAuthenticationState();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();
// The web app's log only: the command-line tool's output is its result (JSON, CSV).
if (app.Services.GetRequiredService<KeyRingStatus>().Warning is { } keyRingWarning) app.Logger.LogWarning("{KeyRingWarning}", keyRingWarning);
await app.Services.RemoveOrphanPhotosAsync();
await app.Services.RemoveOrphanSettlementDocumentsAsync();

app.UseSecurityHeaders();
app.UseCorrelationId();
// Before the error handling, so problem titles and error pages are in the reader's language.
app.UseRequestLocalization();
app.UseSerilogRequestLogging();
app.UseRescueErrorPages();
// Before anything reads a body: a route's declared upload limit (Hosting/UploadLimits.cs).
app.UseUploadLimits();
app.UseQueryValidation();
app.UseAuthentication();
// Before any handler reads the body: a cookie-signed API change without the header is refused (Hosting/CookiePosts.cs).
app.UseCookiePostCheck();
app.UseAuthorization();
// After sign-in and language are known: an unchanged board page is answered 304 before anything renders it.
app.UsePublicBoardCaching();
app.UsePageForms();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
app.MapRescueApiReference();
// Every request body is checked by the same rules before any handler sees it.
var features = app.MapGroup("").AddEndpointFilterFactory(RequestValidation.Filter);
features.MapUsers();
features.MapPhotos();
features.MapReports();
features.MapAdmissions();
features.MapNoticeExchange();
features.MapNotices();
features.MapMatching();
features.MapAnnouncements();
features.MapCases();
features.MapSettlement();
features.MapStatistics();
features.MapPublic();
app.MapRazorComponents<App>();
if (app.Environment.IsEnvironment("Testing")) app.MapErrorProbes();

app.Run();

/// <summary>The web application's entry point; public so tests can host it.</summary>
public partial class Program;
