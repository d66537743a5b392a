using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Settlement;

/// <summary>
/// One step of a stranded person's settlement (落户安置), with its date, reference number, responsible office and
/// document. One step of a kind per stay; <see cref="SettlementSteps"/> says which needs which.
/// </summary>
public class SettlementStep
{
    public Guid Id { get; set; }

    public Guid AdmissionId { get; set; }

    public SettlementStepKind Kind { get; set; }

    public DateOnly On { get; set; }

    public string? Reference { get; set; }

    /// <summary>The office responsible (the civil-affairs bureau, the police station's hukou desk, the insurance office).</summary>
    public string Office { get; set; } = "";

    /// <summary>The uploaded document (scan or PDF), content-addressed in the document store.</summary>
    public string? DocumentSha256 { get; set; }

    public string? DocumentContentType { get; set; }

    public string? DocumentName { get; set; }

    /// <summary>Hukou: the name the station chose.</summary>
    public string? HukouName { get; set; }

    /// <summary>Hukou: the estimated date of birth registered.</summary>
    public DateOnly? HukouDateOfBirth { get; set; }

    /// <summary>ID card: the new number. Sensitive: case officers only, every read audited; stored sealed.</summary>
    public string? IdNumber { get; set; }

    /// <summary><see cref="IdNumber"/> as stored, sealed by <see cref="SealedFields"/>.</summary>
    [JsonIgnore]
    public string? SealedIdNumber { get; set; }

    /// <summary>Seals the new ID number for storing; the one writer calls it before saving.</summary>
    public void Seal(SealedFields fields) => SealedIdNumber = fields.Seal(SealedField.IdNumber, IdNumber);

    /// <summary>Opens the stored ID number, for a reader.</summary>
    public SettlementStep Open(SealedFields fields)
    {
        IdNumber = fields.Open(SealedField.IdNumber, SealedIdNumber);
        return this;
    }

    public DateOnly? IdValidUntil { get; set; }

    /// <summary>城乡居民医保: the insurance number and the year enrolled.</summary>
    public string? InsuranceNumber { get; set; }

    public int? InsuranceYear { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Removes the person's hukou name, birth date, numbers and the scanned document; the step's kind, day and office stay.</summary>
    public void Deidentify()
    {
        Reference = DocumentSha256 = DocumentContentType = DocumentName = HukouName = IdNumber = SealedIdNumber = InsuranceNumber = null;
        HukouDateOfBirth = IdValidUntil = null;
    }
}

/// <summary>The settlement steps in their order.</summary>
public enum SettlementStepKind
{
    /// <summary>入户申请审批表 with the collective hukou book and the placement plan.</summary>
    Application = 1,

    /// <summary>The police's approval of the application.</summary>
    PoliceApproval = 2,

    /// <summary>Hukou registered in the welfare institution's collective hukou (福利机构集体户).</summary>
    HukouRegistered = 3,

    IdCardIssued = 4,

    /// <summary>城乡居民医保.</summary>
    MedicalInsurance = 5,

    /// <summary>特困供养 (or 低保, not both).</summary>
    Tekun = 6,

    /// <summary>低保 (or 特困供养, not both).</summary>
    Dibao = 7,
}

/// <summary>The length of each text field of a settlement step, declared once.</summary>
public static class SettlementLimits
{
    public const int Reference = 50;
    public const int Office = 100;
    public const int DocumentName = 200;
    public const int HukouName = 50;
    public const int InsuranceNumber = 50;
}

internal sealed class SettlementStepConfiguration : IEntityTypeConfiguration<SettlementStep>
{
    public void Configure(EntityTypeBuilder<SettlementStep> builder)
    {
        builder.HasIndex(s => new { s.AdmissionId, s.Kind }).IsUnique();
        builder.HasIndex(s => s.On);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Reference).HasMaxLength(SettlementLimits.Reference);
        builder.Property(s => s.Office).HasMaxLength(SettlementLimits.Office);
        builder.Property(s => s.DocumentSha256).HasMaxLength(64);
        builder.Property(s => s.DocumentContentType).HasMaxLength(100);
        builder.Property(s => s.DocumentName).HasMaxLength(SettlementLimits.DocumentName);
        builder.Property(s => s.HukouName).HasMaxLength(SettlementLimits.HukouName);
        builder.Ignore(s => s.IdNumber);
        builder.Property(s => s.SealedIdNumber).HasColumnName(nameof(SettlementStep.IdNumber));
        builder.Property(s => s.InsuranceNumber).HasMaxLength(SettlementLimits.InsuranceNumber);
        builder.Property(s => s.CreatedBy).HasMaxLength(FieldLimits.ActorId);
    }
}

/// <summary>Which step needs which before it: each the one before, the enrolments the ID card, and 特困 or 低保, not both.</summary>
public static class SettlementSteps
{
    public static SettlementStepKind? Needs(SettlementStepKind kind) => kind switch
    {
        SettlementStepKind.Application => null,
        SettlementStepKind.PoliceApproval => SettlementStepKind.Application,
        SettlementStepKind.HukouRegistered => SettlementStepKind.PoliceApproval,
        SettlementStepKind.IdCardIssued => SettlementStepKind.HukouRegistered,
        _ => SettlementStepKind.IdCardIssued,
    };

    public static SettlementStepKind? Excludes(SettlementStepKind kind) => kind switch
    {
        SettlementStepKind.Tekun => SettlementStepKind.Dibao,
        SettlementStepKind.Dibao => SettlementStepKind.Tekun,
        _ => null,
    };
}
