using Rescue.Web.Features.Photos;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices;

/// <summary>A notice as case officers see it.</summary>
public sealed record NoticeDetails(
    Guid Id,
    NoticeStatus Status,
    string? ReporterName,
    string? ReporterRelationship,
    string? ReporterPhone,
    bool ReporterIdentityChecked,
    string MissingPersonName,
    IReadOnlyList<string> OtherNames,
    Sex Sex,
    string? DateOfBirth,
    int? AgeAtDisappearance,
    DateOnly? LastSeenOn,
    string? LastSeenPlace,
    string? LastSeenDivisionCode,
    int? HeightCm,
    string? Build,
    IReadOnlyList<Mark> Marks,
    string? Dialect,
    string? Hometown,
    Disabilities Disabilities,
    string? Clothing,
    string? Circumstances,
    NoticeSource Source,
    string? SourceName,
    string? SourceRecordId,
    string? PoliceCaseNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<NoticeDetails.Note> Notes,
    IReadOnlyList<NoticeDetails.NoticePhoto> Photos)
{
    public sealed record Note(DateTimeOffset At, string? AuthorName, string Text, string? PfifStatus, NoticeStatus? FromStatus, NoticeStatus? ToStatus);

    public sealed record NoticePhoto(PhotoRef Photo, int? TakenYear);

    public static NoticeDetails From(MissingPersonNotice n, IReadOnlyList<NoticePhoto> photos) =>
        new(n.Id, n.Status, n.ReporterName, n.ReporterRelationship, n.ReporterPhone, n.ReporterIdentityChecked, n.MissingPersonName,
            n.OtherNames, n.Sex, n.DateOfBirth?.ToString(), n.AgeAtDisappearance, n.LastSeenOn, n.LastSeenPlace, n.LastSeenDivisionCode,
            n.HeightCm, n.Build, n.Marks, n.Dialect, n.Hometown, n.Disabilities, n.Clothing, n.Circumstances, n.Source, n.SourceName,
            n.SourceRecordId, n.PoliceCaseNumber, n.CreatedAt, n.UpdatedAt,
            n.Notes.OrderBy(x => x.SourceDate ?? x.CreatedAt).Select(x => new Note(x.SourceDate ?? x.CreatedAt, x.AuthorName, x.Text, x.PfifStatus, x.FromStatus, x.ToStatus)).ToList(),
            photos);
}

/// <summary>A line of the notices list.</summary>
public sealed record NoticeItem(Guid Id, string MissingPersonName, Sex Sex, string? DateOfBirth, DateOnly? LastSeenOn, string? LastSeenPlace, NoticeStatus Status, NoticeSource Source, DateTimeOffset CreatedAt);
