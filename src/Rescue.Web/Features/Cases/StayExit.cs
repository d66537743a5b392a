using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>How a stay ended (离站): one per admission, written with the admission's move to <c>Exited</c>.</summary>
public class StayExit
{
    public Guid Id { get; set; }

    public Guid AdmissionId { get; set; }

    public ExitKind Kind { get; set; }

    public DateTimeOffset ExitedAt { get; set; }

    public string? Reason { get; set; }

    /// <summary>Where the person went: the hospital, the receiving institution, the home town.</summary>
    public string? Destination { get; set; }

    /// <summary>Taken by staff or a relative (接送返回): required for a minor or a person who cannot travel alone.</summary>
    public bool Escorted { get; set; }

    public string? EscortedBy { get; set; }

    /// <summary>Self-departure: the signed declaration (自行离站声明书).</summary>
    public bool DeclarationSigned { get; set; }

    /// <summary>The ticket given for the journey (train, bus), by number or description.</summary>
    public string? Ticket { get; set; }

    /// <summary>Cash given for the journey, in yuan, with its receipt.</summary>
    public decimal? Cash { get; set; }

    public string? CashReceipt { get; set; }

    /// <summary>The belongings inventory as handed back, item by item.</summary>
    public List<ReturnedBelonging> Belongings { get; set; } = [];

    // A reunion (亲属接领): who took the person and how the tie was verified.
    public string? RelativeName { get; set; }

    public string? Relationship { get; set; }

    public string? RelativeDocumentType { get; set; }

    /// <summary>The relative's identity document number: sensitive, case officers only, every read audited; stored sealed.</summary>
    public string? RelativeDocumentNumber { get; set; }

    /// <summary>
    /// <see cref="RelativeDocumentNumber"/> as stored, sealed by <see cref="SealedFields"/>. The document's type (居民身份证)
    /// stays plain: it names a kind of document, not a person.
    /// </summary>
    [JsonIgnore]
    public string? SealedRelativeDocumentNumber { get; set; }

    /// <summary>Seals the relative's document number for storing; the one writer calls it before saving.</summary>
    public void Seal(SealedFields fields) => SealedRelativeDocumentNumber = fields.Seal(SealedField.RelativeDocument, RelativeDocumentNumber);

    /// <summary>Opens the stored document number, for a reader.</summary>
    public StayExit Open(SealedFields fields)
    {
        RelativeDocumentNumber = fields.Open(SealedField.RelativeDocument, SealedRelativeDocumentNumber);
        return this;
    }

    public ReunionVerification? VerifiedBy { get; set; }

    /// <summary>The family's notice the reunion answers; closed as found with the exit.</summary>
    public Guid? NoticeId { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Removes the names, numbers and free text of the exit; its kind, time and how a reunion was verified stay for the statistics.</summary>
    public void Deidentify()
    {
        Reason = Destination = EscortedBy = Ticket = CashReceipt = RelativeName = Relationship = RelativeDocumentType = RelativeDocumentNumber = SealedRelativeDocumentNumber = null;
        Belongings = [];
    }
}

/// <summary>The ways a stay ends.</summary>
public enum ExitKind
{
    /// <summary>亲属接领.</summary>
    Reunion = 1,

    /// <summary>返乡 (escorted or with a ticket).</summary>
    ReturnHome = 2,

    /// <summary>自行离站: 16 or over, declaration signed, belongings returned, ticket, at most 20 yuan with a receipt.</summary>
    SelfDeparture = 3,

    /// <summary>擅自离站: left without telling staff.</summary>
    Unauthorised = 4,

    /// <summary>送医: referred to hospital.</summary>
    Hospital = 5,

    /// <summary>转移: to the police, another station or an institution.</summary>
    Transfer = 6,

    /// <summary>死亡.</summary>
    Death = 7,

    /// <summary>终止救助, with the notice (终止救助通知书).</summary>
    Termination = 8,
}

/// <summary>How a relative's tie to the person was verified, and so how the family was found.</summary>
public enum ReunionVerification
{
    /// <summary>The family's missing-person notice (matched on attributes).</summary>
    Notice = 1,

    /// <summary>A face match confirmed by a case officer.</summary>
    Face = 2,

    Dna = 3,

    /// <summary>A tip from the public board.</summary>
    Tip = 4,

    /// <summary>The relative's and the person's documents (户口簿, ID card).</summary>
    Documents = 5,
}

/// <summary>One belonging as handed back at exit.</summary>
public sealed class ReturnedBelonging
{
    public string Item { get; set; } = "";

    public int Quantity { get; set; } = 1;

    public bool Returned { get; set; }

    public string? Note { get; set; }
}

internal sealed class StayExitConfiguration : IEntityTypeConfiguration<StayExit>
{
    public void Configure(EntityTypeBuilder<StayExit> builder)
    {
        builder.HasIndex(e => e.AdmissionId).IsUnique();
        builder.HasIndex(e => e.ExitedAt);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.VerifiedBy).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Reason).HasMaxLength(FieldLimits.Reason);
        builder.Property(e => e.Destination).HasMaxLength(StayLimits.Destination);
        builder.Property(e => e.EscortedBy).HasMaxLength(StayLimits.Escort);
        builder.Property(e => e.Ticket).HasMaxLength(StayLimits.Ticket);
        builder.Property(e => e.Cash).HasPrecision(10, 2);
        builder.Property(e => e.CashReceipt).HasMaxLength(StayLimits.Receipt);
        builder.Property(e => e.RelativeName).HasMaxLength(StayLimits.RelativeName);
        builder.Property(e => e.Relationship).HasMaxLength(StayLimits.Relationship);
        builder.Property(e => e.RelativeDocumentType).HasMaxLength(StayLimits.DocumentType);
        builder.Ignore(e => e.RelativeDocumentNumber);
        builder.Property(e => e.SealedRelativeDocumentNumber).HasColumnName(nameof(StayExit.RelativeDocumentNumber));
        builder.Property(e => e.CreatedBy).HasMaxLength(FieldLimits.ActorId);
        builder.OwnsMany(e => e.Belongings, b => b.ToJson());
    }
}
