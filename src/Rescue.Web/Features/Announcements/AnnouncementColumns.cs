using System.Globalization;
using System.Text;
using Rescue.Web.Features.Public;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Announcements;

/// <summary>A field of an announcement as the exports carry it; the order is the column order of the CSV and Excel exports.</summary>
public enum AnnouncementField
{
    Code,
    Name,
    Sex,
    Age,
    HeightCm,
    Features,
    Clothing,
    Dialect,
    Health,
    Intellect,
    MentalState,
    FoundOn,
    FoundPlace,
    FoundDivisionCode,
    Description,
    Contact,
    PhotoUrl,
    PageUrl,
    PublishedAt,
}

/// <summary>
/// One column of the announcement exports: its Chinese header (the national family-search site's field name where it has
/// one), its English alias, what a cell holds, and the unit the public text writes after the value
/// (<see cref="InText"/>: the field is a line of the public text of feeds and PFIF).
/// </summary>
public sealed record AnnouncementColumn(AnnouncementField Field, string Chinese, string English, string Format, bool InText, string Unit = "");

/// <summary>
/// The layout of the announcement exports, in the order of the national family-search site's (全国救助寻亲网) upload
/// form, which staff fill in from them: the one table the CSV and Excel headers and the public text of the feeds follow.
/// </summary>
public static class AnnouncementColumns
{
    public static readonly IReadOnlyList<AnnouncementColumn> All =
    [
        new(AnnouncementField.Code, "编号", "code", "the announcement's public code (its page is /gg/CODE)", false),
        new(AnnouncementField.Name, "姓名", "name", $"the name as told, or {Announcement.Unnamed}", true),
        new(AnnouncementField.Sex, "性别", "sex", "男, 女 or 不详", true),
        new(AnnouncementField.Age, "年龄", "age", "whole years, or an estimated range such as 40-50", true, "岁"),
        new(AnnouncementField.HeightCm, "身高", "height_cm", "centimetres", true, "厘米"),
        new(AnnouncementField.Features, "体貌特征", "features", "build, hair, visible marks", true),
        new(AnnouncementField.Clothing, "衣着", "clothing", "clothing when found", true),
        new(AnnouncementField.Dialect, "口音", "dialect", "accent or dialect", true),
        new(AnnouncementField.Health, "健康状况", "health", "general health in plain words", true),
        new(AnnouncementField.Intellect, "智力状况", "intellect", "智力 in plain words", true),
        new(AnnouncementField.MentalState, "精神状态", "mental_state", "精神状态 in plain words", true),
        new(AnnouncementField.FoundOn, "发现时间", "found_on", "YYYY-MM-DD, the station's date", true),
        new(AnnouncementField.FoundPlace, "发现地点", "found_place", "the place as staff wrote it", true),
        new(AnnouncementField.FoundDivisionCode, "发现地区划代码", "found_division_code", "the place's 行政区划代码, 6, 9 or 12 digits", false),
        new(AnnouncementField.Description, "其他情况", "description", "anything else the public should read", true),
        new(AnnouncementField.Contact, "救助站联系方式", "contact", "the station's name, address and phone", true),
        new(AnnouncementField.PhotoUrl, "照片链接", "photo_url", "the first photo's public copy", false),
        new(AnnouncementField.PageUrl, "公告链接", "page_url", "the announcement's page on the public board", false),
        new(AnnouncementField.PublishedAt, "发布时间", "published_at", "YYYY-MM-DD HH:mm, the station's time of the last publication", false),
    ];

    public static AnnouncementColumn Of(AnnouncementField field) => All[(int)field];

    /// <summary>A cell of the exports: the field's value alone, without its unit.</summary>
    public static string? Cell(PublicAnnouncement a, AnnouncementField field, AnnouncementLinks links, StationClock clock) => field switch
    {
        AnnouncementField.PhotoUrl => a.PhotoIds.Count > 0 ? links.Photo(a.Code, 0) : null,
        AnnouncementField.PageUrl => links.Page(a.Code),
        AnnouncementField.PublishedAt => clock.Local(a.LastPublishedAt),
        _ => Value(a, field),
    };

    /// <summary>A field of the announcement's own text.</summary>
    private static string? Value(PublicAnnouncement a, AnnouncementField field) => field switch
    {
        AnnouncementField.Code => a.Code,
        AnnouncementField.Name => a.DisplayName,
        AnnouncementField.Sex => a.Sex switch { Sex.Male => "男", Sex.Female => "女", _ => "不详" },
        AnnouncementField.Age => Age(a),
        AnnouncementField.HeightCm => a.HeightCm?.ToString(CultureInfo.InvariantCulture),
        AnnouncementField.Features => a.Features,
        AnnouncementField.Clothing => a.Clothing,
        AnnouncementField.Dialect => a.Dialect,
        AnnouncementField.Health => a.Health,
        AnnouncementField.Intellect => a.Intellect,
        AnnouncementField.MentalState => a.MentalState,
        AnnouncementField.FoundOn => a.FoundOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        AnnouncementField.FoundPlace => a.FoundPlace,
        AnnouncementField.FoundDivisionCode => a.FoundDivisionCode,
        AnnouncementField.Description => a.Description,
        AnnouncementField.Contact => a.Contact,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "a link or a time: see Cell"),
    };

    /// <summary>Age as PFIF and the exports write it: 45, or an estimated range 40-50; null when none is known.</summary>
    public static string? Age(PublicAnnouncement a) => (a.AgeMin, a.AgeMax) switch
    {
        ({ } min, { } max) when min == max => min.ToString(CultureInfo.InvariantCulture),
        ({ } min, { } max) => $"{min.ToString(CultureInfo.InvariantCulture)}-{max.ToString(CultureInfo.InvariantCulture)}",
        _ => (a.AgeMin ?? a.AgeMax)?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A feed entry's title: 寻亲公告：无名氏，男，约45岁 (an estimated range is written as its middle).</summary>
    public static string Title(PublicAnnouncement a)
    {
        var parts = new List<string> { a.DisplayName };
        if (a.Sex is Sex.Male or Sex.Female) parts.Add(Value(a, AnnouncementField.Sex)!);
        if (a.AgeMin is { } min && a.AgeMax is { } max) parts.Add(min == max ? $"{min}岁" : $"约{(min + max + 1) / 2}岁");
        else if ((a.AgeMin ?? a.AgeMax) is { } one) parts.Add($"约{one}岁");
        return "寻亲公告：" + string.Join('，', parts);
    }

    /// <summary>The public text, one labelled line per field that has a value: what feeds and PFIF carry as the description.</summary>
    public static string Text(PublicAnnouncement a)
    {
        var text = new StringBuilder();
        foreach (var column in All.Where(c => c.InText))
        {
            if (Value(a, column.Field) is not { Length: > 0 } value) continue;
            if (text.Length > 0) text.Append('\n');
            text.Append(column.Chinese).Append('：').Append(value).Append(column.Unit);
        }
        return text.ToString();
    }
}
