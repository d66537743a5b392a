using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Reports;

/// <summary>A discovery report as the API returns it, with what became of it.</summary>
public sealed record ReportDetails(
    Guid Id,
    Guid AgencyId,
    string AgencyName,
    string OfficerName,
    string? OfficerPhone,
    DateTimeOffset FoundAt,
    string PlaceText,
    double? Latitude,
    double? Longitude,
    string? DivisionCode,
    HowFound HowFound,
    ReportDisposition Disposition,
    string? HandoverFormNumber,
    DateTimeOffset? HandedOverAt,
    Sex Sex,
    int? EstimatedAgeMin,
    int? EstimatedAgeMax,
    string Description,
    ImmediateNeeds Needs,
    ReportStatus Status,
    Guid? AdmissionId,
    string? CaseNumber,
    DateTimeOffset CreatedAt,
    IReadOnlyList<PhotoRef> Photos)
{
    public static ReportDetails From(DiscoveryReport r, string agencyName, string? caseNumber, IReadOnlyList<PhotoRef> photos) =>
        new(r.Id, r.AgencyId, agencyName, r.OfficerName, r.OfficerPhone, r.FoundAt, r.PlaceText, r.Latitude, r.Longitude,
            r.DivisionCode, r.HowFound, r.Disposition, r.HandoverFormNumber, r.HandedOverAt, r.Sex, r.EstimatedAgeMin,
            r.EstimatedAgeMax, r.Description, r.Needs, r.Status, r.AdmissionId, caseNumber, r.CreatedAt, photos);
}

/// <summary>A line of the reports list.</summary>
public sealed record ReportItem(Guid Id, string AgencyName, DateTimeOffset FoundAt, string PlaceText, Sex Sex, ImmediateNeeds Needs, ReportStatus Status, string? CaseNumber, int PhotoCount);
