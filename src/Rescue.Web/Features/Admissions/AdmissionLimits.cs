namespace Rescue.Web.Features.Admissions;

/// <summary>
/// The length of each text field of an admission, declared once: the database columns, the admission form (API and
/// page) read these (FieldRuleTests holds them to it). Told values, marks and belongings take theirs from
/// <see cref="Vocabulary.FieldLimits"/>.
/// </summary>
public static class AdmissionLimits
{
    /// <summary>JZ-2026-000123 with room to spare.</summary>
    public const int CaseNumber = 32;

    public const int Build = 100;
    public const int Hair = 100;
    public const int Tattoos = 500;
    public const int Clothing = 500;
    public const int HealthNotes = 2000;
    public const int MentalState = 500;
    public const int Disability = 500;
    public const int Circumstances = 2000;
    public const int Contacts = 2000;
}
