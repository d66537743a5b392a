using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Rescue.Search.Scoring;
using Rescue.Testing;
using Rescue.Web.Components;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Statistics;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

public class UiTextTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>The enums whose values the pages show through a "Prefix.Value" text key.</summary>
    public static TheoryData<string, Type> ShownEnums => new()
    {
        { "Sex.", typeof(Sex) },
        { "HowFound.", typeof(HowFound) },
        { "Disposition.", typeof(ReportDisposition) },
        { "ReportStatus.", typeof(ReportStatus) },
        { "AdmissionStatus.", typeof(AdmissionStatus) },
        { "Quality.", typeof(DataQuality) },
        { "NoticeStatus.", typeof(NoticeStatus) },
        { "NoticeSource.", typeof(NoticeSource) },
        { "ToStatus.", typeof(NoticeStatus) },
        { "FaceStatus.", typeof(FaceStatus) },
        { "CandidateStatus.", typeof(CandidateStatus) },
        { "CandidateKind.", typeof(CandidateKind) },
        { "ScoreKind.", typeof(ScoreKind) },
        { "AnnouncementStatus.", typeof(AnnouncementStatus) },
        { "AnnouncementList.", typeof(AnnouncementList) },
        { "AnnouncementTiming.", typeof(AnnouncementTiming) },
        { "AnnouncementAction.", typeof(AnnouncementAction) },
        { "WithdrawReason.", typeof(WithdrawReason) },
        { "Channel.", typeof(AnnouncementChannels) },
        { "TipStatus.", typeof(TipStatus) },
        { "AdmissionSource.", typeof(AdmissionSource) },
        { "AgeGroup.", typeof(AgeGroup) },
        { "ExitKind.", typeof(ExitKind) },
        { "ReunionVerification.", typeof(ReunionVerification) },
        { "CaseTaskKind.", typeof(CaseTaskKind) },
        { "Stats.TaskShort.", typeof(CaseTaskKind) },
    };

    [Theory]
    [MemberData(nameof(ShownEnums))]
    public void Every_value_a_page_shows_has_its_text_in_Chinese_and_English(string prefix, Type type)
    {
        var text = app.Services.GetRequiredService<IStringLocalizer<UiText>>();
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            foreach (var name in Enum.GetNames(type).Where(n => n != "None"))
            {
                Assert.False(text[prefix + name].ResourceNotFound, $"{prefix}{name} has no {culture} text");
            }
        }
    }
}
