using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// The station's policy values (one row): the periods the deadlines are counted with, the self-departure rules and the
/// beds. The defaults are the national rules (see <see cref="CasePolicyValues.Sources"/>); an administrator may set
/// local values (<see cref="CasePolicies.UpdateAsync"/>). Each takes effect for the deadlines opened after it is saved.
/// </summary>
public class CasePolicy : CasePolicyValues
{
    public int Id { get; set; } = 1;

    public string? UpdatedBy { get; set; }

    /// <summary>When an administrator last saved the values (null: the national defaults, never edited); the edit form sends it back.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>
/// The values an administrator edits, their limits and their national defaults (the initial values here) declared
/// once, for the stored row and for the form that changes it.
/// </summary>
public class CasePolicyValues
{
    /// <summary>The initial check after reception (入站初检).</summary>
    [Range(1, 72)]
    public int ReceptionCheckHours { get; set; } = 24;

    /// <summary>Asking the police for a DNA sample, in working days from admission.</summary>
    [Range(1, 60)]
    public int DnaRequestWorkingDays { get; set; } = 7;

    /// <summary>The police's DNA result, in months from the request.</summary>
    [Range(1, 12)]
    public int DnaResultMonths { get; set; } = 1;

    /// <summary>A person still unidentified this many days after admission is stranded (滞留).</summary>
    [Range(1, 365)]
    public int StrandedAfterDays { get; set; } = 10;

    /// <summary>The stranded review (placement decided), in working days from becoming stranded.</summary>
    [Range(1, 60)]
    public int StrandedReviewWorkingDays { get; set; } = 5;

    /// <summary>A person still unidentified this many days after admission may be settled (落户安置).</summary>
    [Range(30, 3650)]
    public int SettlementAfterDays { get; set; } = 90;

    /// <summary>The settlement application, in days from eligibility.</summary>
    [Range(1, 365)]
    public int SettlementApplicationDays { get; set; } = 30;

    /// <summary>The youngest age at which a person may leave on their own (自行离站).</summary>
    [Range(14, 18)]
    public int SelfDepartureMinAge { get; set; } = 16;

    /// <summary>The most cash, in yuan, given to a person leaving on their own, with a receipt.</summary>
    [Range(0, 1000)]
    public decimal SelfDepartureMaxCash { get; set; } = 20m;

    /// <summary>The station's beds; null until an administrator sets it (occupancy is then shown without a rate).</summary>
    [Range(1, 100_000)]
    public int? BedCapacity { get; set; }

    /// <summary>Where each value's default comes from, shown beside it on the settings page.</summary>
    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        [nameof(ReceptionCheckHours)] = "民政部《生活无着的流浪乞讨人员救助管理机构工作规程》(2014)",
        [nameof(DnaRequestWorkingDays)] = "《关于加强生活无着的流浪乞讨人员身份查询和照料安置工作的意见》(民发〔2015〕158号)",
        [nameof(DnaResultMonths)] = "《关于加强生活无着的流浪乞讨人员身份查询和照料安置工作的意见》(民发〔2015〕158号)",
        [nameof(StrandedAfterDays)] = "《城市生活无着的流浪乞讨人员救助管理办法实施细则》第十六条；民发〔2015〕158号",
        [nameof(StrandedReviewWorkingDays)] = "民发〔2015〕158号（滞留人员照料安置）；站内规定",
        [nameof(SettlementAfterDays)] = "民发〔2015〕158号、民发〔2020〕14号；各地规定（如内蒙古、天津为3个月）",
        [nameof(SettlementApplicationDays)] = "民发〔2020〕14号；站内规定",
        [nameof(SelfDepartureMinAge)] = "民政部《生活无着的流浪乞讨人员救助管理机构工作规程》(2014)",
        [nameof(SelfDepartureMaxCash)] = "民政部《生活无着的流浪乞讨人员救助管理机构工作规程》(2014)；站内规定",
        [nameof(BedCapacity)] = "站内规定",
    };

    /// <summary>The unit each value is counted in, as a UiText key (Unit.Hours).</summary>
    public static readonly IReadOnlyDictionary<string, string> Units = new Dictionary<string, string>
    {
        [nameof(ReceptionCheckHours)] = "Unit.Hours",
        [nameof(DnaRequestWorkingDays)] = "Unit.WorkingDays",
        [nameof(DnaResultMonths)] = "Unit.Months",
        [nameof(StrandedAfterDays)] = "Unit.Days",
        [nameof(StrandedReviewWorkingDays)] = "Unit.WorkingDays",
        [nameof(SettlementAfterDays)] = "Unit.Days",
        [nameof(SettlementApplicationDays)] = "Unit.Days",
        [nameof(SelfDepartureMinAge)] = "Unit.Years",
        [nameof(SelfDepartureMaxCash)] = "Unit.Yuan",
        [nameof(BedCapacity)] = "Unit.Beds",
    };
}

internal sealed class CasePolicyConfiguration : IEntityTypeConfiguration<CasePolicy>
{
    public void Configure(EntityTypeBuilder<CasePolicy> builder)
    {
        builder.ToTable("CasePolicies");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.SelfDepartureMaxCash).HasPrecision(10, 2);
        builder.Property(p => p.UpdatedBy).HasMaxLength(FieldLimits.ActorId);
        builder.HasData(new CasePolicy());
    }
}
