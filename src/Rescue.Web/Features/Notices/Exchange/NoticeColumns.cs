using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>A notice field that the exchange formats carry; the order is the column order of an export.</summary>
public enum NoticeField
{
    SourceName,
    SourceRecordId,
    Status,
    FullName,
    AlternateNames,
    Sex,
    DateOfBirth,
    Age,
    LastSeenDate,
    LastSeenPlace,
    LastSeenDivisionCode,
    HeightCm,
    Build,
    Marks,
    Dialect,
    Hometown,
    Disabilities,
    Clothing,
    Description,
    AuthorName,
    ReporterRelationship,
    AuthorPhone,
    PoliceCaseNumber,
    SourceUrl,
    SourceDate,
    PhotoUrl,
    ExpiryDate,
}

/// <summary>
/// One column of the documented layout: its Chinese header, its English alias (also the element name in the
/// PFIF extension namespace), the standard PFIF element that carries it if there is one, its format, the notice's
/// property it fills, and the most characters the import takes (the notice's own limit, from <see cref="NoticeLimits"/>).
/// </summary>
public sealed record NoticeColumn(NoticeField Field, string Chinese, string English, string? Pfif, string Format, bool Required, string? Property, int? MaxLength = null);

/// <summary>
/// The column layout of notice files: the one table that CSV and Excel headers, PFIF element names, exports
/// and docs/notice-import.md follow.
/// </summary>
public static class NoticeColumns
{
    /// <summary>Where the fields PFIF 1.4 has no element for travel, so that an export from Rescue loses nothing.</summary>
    public const string ExtensionNamespace = "urn:rescue:pfif-extension:1";

    public static readonly IReadOnlyList<NoticeColumn> All =
    [
        new(NoticeField.SourceName, "来源名称", "source_name", null, "the source system's name; default: the --source option, else the file name", false, nameof(MissingPersonNotice.SourceName), NoticeLimits.SourceName),
        new(NoticeField.SourceRecordId, "来源编号", "source_record_id", null, $"the source's own id of the record, up to {NoticeLimits.SourceRecordId} characters; a re-import updates the notice with the same source and id", true, nameof(MissingPersonNotice.SourceRecordId), NoticeLimits.SourceRecordId),
        new(NoticeField.Status, "状态", "status", null, "寻找中/open, 已找到/found or 已撤回/withdrawn; empty: open for a new notice, unchanged for a stored one", false, nameof(MissingPersonNotice.Status)),
        new(NoticeField.FullName, "姓名", "full_name", "full_name", $"up to {NoticeLimits.MissingPersonName} characters", true, nameof(MissingPersonNotice.MissingPersonName), NoticeLimits.MissingPersonName),
        new(NoticeField.AlternateNames, "别名", "alternate_names", "alternate_names", $"nicknames and former names separated by 、 , ; or line breaks (PFIF: line breaks), at most {FieldLimits.OtherNames}, each up to {FieldLimits.OtherName} characters", false, nameof(MissingPersonNotice.OtherNames), FieldLimits.OtherName),
        new(NoticeField.Sex, "性别", "sex", "sex", "男/male, 女/female, 不详/other or empty", false, nameof(MissingPersonNotice.Sex)),
        new(NoticeField.DateOfBirth, "出生日期", "date_of_birth", "date_of_birth", "YYYY, YYYY-MM or YYYY-MM-DD, not in the future", false, nameof(MissingPersonNotice.DateOfBirth)),
        new(NoticeField.Age, "走失时年龄", "age", "age", $"whole years, 0 to {FieldLimits.MaxAge} (PFIF: a range N-M is read as its middle)", false, nameof(MissingPersonNotice.AgeAtDisappearance)),
        new(NoticeField.LastSeenDate, "最后见到日期", "last_seen_date", null, "YYYY-MM-DD, not in the future", false, nameof(MissingPersonNotice.LastSeenOn)),
        new(NoticeField.LastSeenPlace, "最后见到地点", "last_seen_place", null, $"up to {NoticeLimits.LastSeenPlace} characters", false, nameof(MissingPersonNotice.LastSeenPlace), NoticeLimits.LastSeenPlace),
        new(NoticeField.LastSeenDivisionCode, "行政区划代码", "last_seen_division_code", null, "6, 9 or 12 digits", false, nameof(MissingPersonNotice.LastSeenDivisionCode), FieldLimits.DivisionCode),
        new(NoticeField.HeightCm, "身高", "height_cm", null, $"centimetres, {FieldLimits.MinHeightCm} to {FieldLimits.MaxHeightCm}", false, nameof(MissingPersonNotice.HeightCm)),
        new(NoticeField.Build, "体型", "build", null, $"up to {NoticeLimits.Build} characters", false, nameof(MissingPersonNotice.Build), NoticeLimits.Build),
        new(NoticeField.Marks, "体表特征", "marks", null, $"部位:类型 or 部位:类型:描述 (up to {FieldLimits.MarkBodyLocation}, {FieldLimits.MarkKind} and {FieldLimits.MarkDescription} characters), at most {FieldLimits.Marks}, separated by ; or line breaks", false, nameof(MissingPersonNotice.Marks)),
        new(NoticeField.Dialect, "方言口音", "dialect", null, $"up to {NoticeLimits.Dialect} characters", false, nameof(MissingPersonNotice.Dialect), NoticeLimits.Dialect),
        new(NoticeField.Hometown, "家乡", "hometown", "home_city", $"up to {NoticeLimits.Hometown} characters (PFIF: home_state and home_city joined)", false, nameof(MissingPersonNotice.Hometown), NoticeLimits.Hometown),
        new(NoticeField.Disabilities, "残疾情况", "disabilities", null, "智力, 精神, 听力, 言语 (or intellectual, mental, hearing, speech) separated by 、 , or ;", false, nameof(MissingPersonNotice.Disabilities)),
        new(NoticeField.Clothing, "衣着", "clothing", null, $"up to {NoticeLimits.Clothing} characters", false, nameof(MissingPersonNotice.Clothing), NoticeLimits.Clothing),
        new(NoticeField.Description, "走失经过", "description", "description", $"up to {NoticeLimits.Circumstances} characters", false, nameof(MissingPersonNotice.Circumstances), NoticeLimits.Circumstances),
        new(NoticeField.AuthorName, "报告人姓名", "author_name", "author_name", $"up to {NoticeLimits.ReporterName} characters", false, nameof(MissingPersonNotice.ReporterName), NoticeLimits.ReporterName),
        new(NoticeField.ReporterRelationship, "与走失者关系", "reporter_relationship", null, $"up to {NoticeLimits.ReporterRelationship} characters", false, nameof(MissingPersonNotice.ReporterRelationship), NoticeLimits.ReporterRelationship),
        new(NoticeField.AuthorPhone, "联系电话", "author_phone", "author_phone", $"digits, +, - and spaces, {FieldLimits.PhoneMinLength} to {NoticeLimits.ReporterPhone}; other text is kept at the end of 走失经过, with a warning", false, nameof(MissingPersonNotice.ReporterPhone), NoticeLimits.ReporterPhone),
        new(NoticeField.PoliceCaseNumber, "公安案件编号", "police_case_number", null, $"up to {NoticeLimits.PoliceCaseNumber} characters", false, nameof(MissingPersonNotice.PoliceCaseNumber), NoticeLimits.PoliceCaseNumber),
        new(NoticeField.SourceUrl, "来源链接", "source_url", "source_url", $"an http or https address, up to {NoticeLimits.Address} characters; anything else is left out, with a warning", false, nameof(MissingPersonNotice.SourceUrl), NoticeLimits.Address),
        new(NoticeField.SourceDate, "来源更新时间", "source_date", "source_date", "ISO 8601 date and time; without an offset the station's local time (PFIF: UTC); empty: the time of the first import", false, nameof(MissingPersonNotice.SourceDate)),
        new(NoticeField.PhotoUrl, "照片链接", "photo_url", "photo_url", $"an http or https address, up to {NoticeLimits.Address} characters, stored, never fetched; anything else is left out, with a warning", false, nameof(MissingPersonNotice.PhotoUrl), NoticeLimits.Address),
        new(NoticeField.ExpiryDate, "有效期至", "expiry_date", "expiry_date", "ISO 8601 date and time, like 来源更新时间", false, nameof(MissingPersonNotice.ExpiresAt)),
    ];

    public static int Count => All.Count;

    public static NoticeColumn Of(NoticeField field) => All[(int)field];

    /// <summary>The field a CSV or Excel header names, by its Chinese header or English alias; null when it names none.</summary>
    public static NoticeField? ByHeader(string header)
    {
        var name = header.Trim().Trim('\u3000');
        foreach (var column in All)
        {
            if (name == column.Chinese || string.Equals(name, column.English, StringComparison.OrdinalIgnoreCase)) return column.Field;
        }
        return null;
    }
}

/// <summary>How one file names each field, so that an error names the column or element the person fixing the file sees.</summary>
internal sealed class FieldNames
{
    private readonly string?[] _names = new string?[NoticeColumns.Count];

    public string this[NoticeField field]
    {
        get => _names[(int)field] ?? NoticeColumns.Of(field).English;
        set => _names[(int)field] = value;
    }

    /// <summary>The file carries this field: an absent column leaves stored values alone, an empty cell clears them.</summary>
    public bool Carries(NoticeField field) => _names[(int)field] is not null;
}
