using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Admissions;

/// <summary>An admission as the API and pages show it.</summary>
public sealed record AdmissionDetails(
    Guid Id,
    string CaseNumber,
    Guid PersonId,
    Guid? ReportId,
    DateTimeOffset AdmittedAt,
    AdmissionStatus Status,
    ToldValue Name,
    ToldValue Aliases,
    ToldValue IdNumber,
    ToldValue HukouPlace,
    ToldValue Residence,
    ToldValue Dialect,
    ToldValue Language,
    Sex Sex,
    DateOnly? DateOfBirth,
    int? EstimatedAgeMin,
    int? EstimatedAgeMax,
    int? HeightCm,
    string? Build,
    string? Hair,
    IReadOnlyList<Mark> Marks,
    string? Tattoos,
    string? Clothing,
    IReadOnlyList<Belonging> Belongings,
    string? HealthNotes,
    string? MentalState,
    string? Disability,
    bool Pregnant,
    bool Minor,
    bool AtRisk,
    bool? FingerprintsTaken,
    string? Circumstances,
    string? Contacts,
    int EarlierAdmissions,
    IReadOnlyList<PhotoRef> Photos)
{
    public static AdmissionDetails From(Admission a, int earlierAdmissions, IReadOnlyList<PhotoRef> photos) =>
        new(a.Id, a.CaseNumber, a.PersonId, a.ReportId, a.AdmittedAt, a.Status, a.Name, a.Aliases, a.IdNumber, a.HukouPlace,
            a.Residence, a.Dialect, a.Language, a.Sex, a.DateOfBirth, a.EstimatedAgeMin, a.EstimatedAgeMax, a.HeightCm, a.Build,
            a.Hair, a.Marks, a.Tattoos, a.Clothing, a.Belongings, a.HealthNotes, a.MentalState, a.Disability, a.Pregnant,
            a.Minor, a.AtRisk, a.FingerprintsTaken, a.Circumstances, a.Contacts, earlierAdmissions, photos);
}

/// <summary>A line of the admissions list.</summary>
public sealed record AdmissionItem(Guid Id, string CaseNumber, string? Name, Sex Sex, DateTimeOffset AdmittedAt, AdmissionStatus Status, bool Minor, Guid? ThumbnailPhotoId);
