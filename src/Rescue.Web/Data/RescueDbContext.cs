using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Changes;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Data;

/// <summary>The one database of Rescue: accounts and every feature's records.</summary>
public class RescueDbContext(DbContextOptions<RescueDbContext> options)
    : IdentityDbContext<RescueUser, IdentityRole, string>(options)
{
    public DbSet<Station> Stations => Set<Station>();

    public DbSet<Agency> Agencies => Set<Agency>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Admission> Admissions => Set<Admission>();

    public DbSet<CaseNumberCounter> CaseNumberCounters => Set<CaseNumberCounter>();

    public DbSet<DiscoveryReport> Reports => Set<DiscoveryReport>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<MissingPersonNotice> Notices => Set<MissingPersonNotice>();

    public DbSet<NoticeNote> NoticeNotes => Set<NoticeNote>();

    public DbSet<PublicSubmission> PublicSubmissions => Set<PublicSubmission>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<Photo> Photos => Set<Photo>();

    public DbSet<FaceSignature> FaceSignatures => Set<FaceSignature>();

    public DbSet<FaceJob> FaceJobs => Set<FaceJob>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<Change> Changes => Set<Change>();

    public DbSet<ConsumerCursor> ConsumerCursors => Set<ConsumerCursor>();

    public DbSet<MatchCandidate> MatchCandidates => Set<MatchCandidate>();

    public DbSet<PersonLink> PersonLinks => Set<PersonLink>();

    public DbSet<Announcement> Announcements => Set<Announcement>();

    public DbSet<AnnouncementPhoto> AnnouncementPhotos => Set<AnnouncementPhoto>();

    public DbSet<AnnouncementEvent> AnnouncementEvents => Set<AnnouncementEvent>();

    public DbSet<Tip> Tips => Set<Tip>();

    public DbSet<CaseTask> CaseTasks => Set<CaseTask>();

    public DbSet<DnaRequest> DnaRequests => Set<DnaRequest>();

    public DbSet<StayEvent> StayEvents => Set<StayEvent>();

    public DbSet<StayExit> StayExits => Set<StayExit>();

    public DbSet<CasePolicy> CasePolicies => Set<CasePolicy>();

    public DbSet<LocalDay> LocalDays => Set<LocalDay>();

    public DbSet<SettlementStep> SettlementSteps => Set<SettlementStep>();

    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(RescueDbContext).Assembly);
    }
}
