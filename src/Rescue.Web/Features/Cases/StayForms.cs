using System.ComponentModel.DataAnnotations;
using Rescue.Web.Components;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// How a stay ends, as staff record it. The rules a form can check alone are here; those that need the stay (age,
/// escort, belongings, the cash limit) are <see cref="Stays.ExitAsync"/>'s.
/// </summary>
public sealed class ExitForm : IValidatableObject
{
    public ExitKind Kind { get; set; }

    /// <summary>When the person left; now when not given.</summary>
    public DateTimeOffset? ExitedAt { get; set; }

    [MaxLength(FieldLimits.Reason)]
    public string? Reason { get; set; }

    [MaxLength(StayLimits.Destination)]
    public string? Destination { get; set; }

    public bool Escorted { get; set; }

    [MaxLength(StayLimits.Escort)]
    public string? EscortedBy { get; set; }

    public bool DeclarationSigned { get; set; }

    [MaxLength(StayLimits.Ticket)]
    public string? Ticket { get; set; }

    [Range(typeof(decimal), "0", "100000")]
    public decimal? Cash { get; set; }

    [MaxLength(StayLimits.Receipt)]
    public string? CashReceipt { get; set; }

    /// <summary>The positions (from 0) of the inventory's items handed back.</summary>
    [MaxLength(FieldLimits.Belongings)]
    public List<int>? ReturnedItems { get; set; }

    [MaxLength(StayLimits.RelativeName)]
    public string? RelativeName { get; set; }

    [MaxLength(StayLimits.Relationship)]
    public string? Relationship { get; set; }

    [MaxLength(StayLimits.DocumentType)]
    public string? RelativeDocumentType { get; set; }

    [MaxLength(StayLimits.DocumentNumber)]
    public string? RelativeDocumentNumber { get; set; }

    public ReunionVerification? VerifiedBy { get; set; }

    public Guid? NoticeId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (ExitedAt > RequestValidation.Now(context)) yield return new(UiText.Format("Err.FutureDate"), [nameof(ExitedAt)]);
        if (Kind == ExitKind.Reunion)
        {
            foreach (var (value, field) in new[] { (RelativeName, nameof(RelativeName)), (Relationship, nameof(Relationship)), (RelativeDocumentType, nameof(RelativeDocumentType)), (RelativeDocumentNumber, nameof(RelativeDocumentNumber)) })
            {
                if (TextRules.IsBlank(value)) yield return new(UiText.Format("Err.Exit.Reunion"), [field]);
            }
            if (VerifiedBy is null) yield return new(UiText.Format("Err.Exit.Reunion"), [nameof(VerifiedBy)]);
            if (VerifiedBy == ReunionVerification.Notice && NoticeId is null) yield return new(UiText.Format("Err.Exit.WhichNotice"), [nameof(NoticeId)]);
        }
        if (Kind is ExitKind.Hospital or ExitKind.Transfer && TextRules.IsBlank(Destination)) yield return new(UiText.Format("Err.Exit.Destination"), [nameof(Destination)]);
        if (Kind is ExitKind.Termination && TextRules.IsBlank(Reason)) yield return new(UiText.Format("Err.Exit.TerminationReason"), [nameof(Reason)]);
        if (Escorted && TextRules.IsBlank(EscortedBy)) yield return new(UiText.Format("Err.Exit.EscortedBy"), [nameof(EscortedBy)]);
        if (Cash > 0 && TextRules.IsBlank(CashReceipt)) yield return new(UiText.Format("Err.Exit.CashReceipt"), [nameof(CashReceipt)]);
    }
}

/// <summary>What the initial check after reception decided.</summary>
public enum ReceptionOutcome
{
    /// <summary>Registered for care at the station.</summary>
    Register = 1,

    /// <summary>Suspected mental disorder, infectious or critical illness: to hospital.</summary>
    Hospital = 2,

    /// <summary>Danger, drugs or a fugitive: to the police.</summary>
    Police = 3,
}

/// <summary>The initial check (入站初检) within 24 hours of reception.</summary>
public sealed class ReceptionCheckForm : IValidatableObject
{
    public ReceptionOutcome Outcome { get; set; }

    [MaxLength(FieldLimits.Reason)]
    public string? Reason { get; set; }

    /// <summary>The hospital or police unit the person is referred to.</summary>
    [MaxLength(StayLimits.Destination)]
    public string? Destination { get; set; }

    public bool CannotTravelAlone { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Outcome is ReceptionOutcome.Hospital or ReceptionOutcome.Police)
        {
            if (TextRules.IsBlank(Reason)) yield return new(UiText.Format("Err.Reception.Reason"), [nameof(Reason)]);
            if (TextRules.IsBlank(Destination)) yield return new(UiText.Format("Err.Exit.Destination"), [nameof(Destination)]);
        }
    }
}

/// <summary>The stranded review: where a person stranded at day 10 is cared for, and why.</summary>
public sealed class StrandedReviewForm
{
    public Placement Placement { get; set; }

    [MaxLength(FieldLimits.Reason)]
    public string? Reason { get; set; }
}
