using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// Where a stay is on its way from reception to settlement. Whether the person is still at the station is the
/// admission's <c>Status</c>; how a stay ended is its <see cref="StayExit"/>. <see cref="StayStages"/> says which stage
/// may follow which.
/// </summary>
public enum StayStage
{
    /// <summary>Just received: the initial check (24 hours) decides between care, hospital and police.</summary>
    Reception = 1,

    /// <summary>Checked and registered.</summary>
    Registered = 2,

    /// <summary>In ordinary in-station care (generally at most 10 days).</summary>
    InCare = 3,

    /// <summary>滞留: identity still unknown after the stranded period (day 10).</summary>
    Stranded = 4,

    /// <summary>落户安置 under way: the application has been made.</summary>
    Settlement = 5,

    /// <summary>The hukou is registered; the ID card and enrolments follow, and the family search goes on.</summary>
    Settled = 6,
}

/// <summary>Where a stranded person is cared for, as the stranded review decides.</summary>
public enum Placement
{
    /// <summary>In-station care (站内照料).</summary>
    InStation = 1,

    /// <summary>Placed outside (站外托养).</summary>
    Outside = 2,

    /// <summary>Supported as extremely poor (特困供养).</summary>
    Tekun = 3,
}

/// <summary>Which stage may follow which; an exit may end a stay from any stage.</summary>
public static class StayStages
{
    public static readonly IReadOnlyDictionary<StayStage, StayStage[]> Next = new Dictionary<StayStage, StayStage[]>
    {
        [StayStage.Reception] = [StayStage.Registered, StayStage.Stranded],
        [StayStage.Registered] = [StayStage.InCare, StayStage.Stranded],
        [StayStage.InCare] = [StayStage.Stranded],
        [StayStage.Stranded] = [StayStage.Settlement],
        [StayStage.Settlement] = [StayStage.Settled],
        [StayStage.Settled] = [],
    };
}

/// <summary>One line of a stay's history: a change of stage, a reception check, a stranded review or the exit; who, when, why.</summary>
public class StayEvent
{
    public Guid Id { get; set; }

    public Guid AdmissionId { get; set; }

    public StayEventKind Kind { get; set; }

    public StayStage? FromStage { get; set; }

    public StayStage? ToStage { get; set; }

    public ExitKind? ExitKind { get; set; }

    public DateTimeOffset At { get; set; }

    public string ActorId { get; set; } = "";

    public string ActorName { get; set; } = "";

    public string? Reason { get; set; }
}

public enum StayEventKind
{
    StageChanged = 1,
    ReceptionCheck = 2,
    StrandedReview = 3,
    Exited = 4,
}

/// <summary>The length of each text field of a stay's history and exit, declared once.</summary>
public static class StayLimits
{
    public const int Destination = 200;
    public const int Escort = 200;
    public const int Ticket = 100;
    public const int Receipt = 50;
    public const int RelativeName = 50;
    public const int Relationship = 30;
    public const int DocumentType = 30;
    public const int DocumentNumber = 50;
}

internal sealed class StayEventConfiguration : IEntityTypeConfiguration<StayEvent>
{
    public void Configure(EntityTypeBuilder<StayEvent> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.FromStage).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ToStage).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ExitKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ActorId).HasMaxLength(FieldLimits.ActorId);
        builder.Property(e => e.ActorName).HasMaxLength(FieldLimits.ActorName);
        builder.Property(e => e.Reason).HasMaxLength(FieldLimits.Reason);
        builder.HasIndex(e => new { e.AdmissionId, e.At });
        // Monthly statistics: who was stranded at a month's end.
        builder.HasIndex(e => new { e.ToStage, e.At });
    }
}
