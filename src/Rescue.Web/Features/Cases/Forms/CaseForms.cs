using System.Globalization;
using Rescue.Web.Components;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Public;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Hosting;
using Rescue.Web.Hosting.Pdf;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Cases.Forms;

/// <summary>The documents the rules name for a stay, each printable from the record.</summary>
public enum CaseForm
{
    /// <summary>入站登记表.</summary>
    Registration = 1,

    /// <summary>自行离站声明书: before the exit (to sign) and after it (as recorded).</summary>
    SelfDeparture = 2,

    /// <summary>在站服务及离站登记表.</summary>
    ServiceRecord = 3,

    /// <summary>终止救助通知书: only after a termination.</summary>
    Termination = 4,

    /// <summary>入户申请审批表.</summary>
    HukouApplication = 5,
}

/// <summary>
/// Prints a stay's forms as A4 PDFs in Chinese from its <see cref="CaseFile"/>: a title, the station, the case number,
/// tables of labelled cells, signature lines, and page numbers when a form runs over a page. A printed form is in
/// Chinese whatever the reader's language: the words it shares with the pages (sexes, stages, exits, tasks) come from
/// UiText in Chinese; its own labels are written here.
/// </summary>
public sealed class CaseForms(StationClock clock)
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>Each form's name in its address (<c>/forms/registration.pdf</c>).</summary>
    public static readonly IReadOnlyDictionary<CaseForm, string> Slugs = new Dictionary<CaseForm, string>
    {
        [CaseForm.Registration] = "registration",
        [CaseForm.SelfDeparture] = "self-departure",
        [CaseForm.ServiceRecord] = "service-record",
        [CaseForm.Termination] = "termination",
        [CaseForm.HukouApplication] = "hukou-application",
    };

    public static CaseForm? FromSlug(string slug) => Slugs.FirstOrDefault(s => s.Value == slug) is { Value: not null } found ? found.Key : null;

    /// <summary>
    /// Which forms a stay has: the registration and the service record always; the self-departure declaration until the
    /// stay ends, or when it ended so; the termination notice after a termination; the hukou application once the person
    /// is stranded or settlement has begun.
    /// </summary>
    public static IReadOnlyList<CaseForm> Apply(StayStage stage, ExitKind? exit, bool settling)
    {
        var forms = new List<CaseForm> { CaseForm.Registration };
        if (exit is null or ExitKind.SelfDeparture) forms.Add(CaseForm.SelfDeparture);
        forms.Add(CaseForm.ServiceRecord);
        if (exit == ExitKind.Termination) forms.Add(CaseForm.Termination);
        if (settling || stage >= StayStage.Stranded) forms.Add(CaseForm.HukouApplication);
        return forms;
    }

    /// <summary>
    /// The form as a PDF. Refuses (a <see cref="ValidationFailedException"/> naming <c>form</c>) a termination notice for
    /// a stay not ended by termination, and a self-departure declaration for a stay that ended otherwise.
    /// </summary>
    public byte[] Print(CaseForm form, CaseFile file)
    {
        var reader = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        try
        {
            if (form == CaseForm.Termination && file.Exit?.Kind != ExitKind.Termination)
            {
                throw new ValidationFailedException("form", UiText.Format("Err.Form.NoTermination"));
            }
            if (form == CaseForm.SelfDeparture && file.Exit is { Kind: not ExitKind.SelfDeparture })
            {
                throw new ValidationFailedException("form", UiText.Format("Err.Form.NotSelfDeparture"));
            }
            return form switch
            {
                CaseForm.Registration => Registration(file),
                CaseForm.SelfDeparture => SelfDeparture(file),
                CaseForm.ServiceRecord => ServiceRecord(file),
                CaseForm.Termination => Termination(file),
                CaseForm.HukouApplication => HukouApplication(file),
                _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = reader;
        }
    }

    /// <summary>The form's title, as the links to it name it.</summary>
    private static string Title(CaseForm form) => UiText.Format("CaseForm." + form);

    /// <summary>入站登记表: who came, as told and as seen, how they came, and what they brought.</summary>
    private byte[] Registration(CaseFile file)
    {
        var a = file.Admission;
        var sheet = new FormSheet(Title(CaseForm.Registration), file.Station, a.CaseNumber, $"入站时间：{At(a.AdmittedAt)}");
        sheet.Section("一、基本情况");
        using (var photo = A4.Image(file.Photo))
        {
            sheet.RowsBesidePhoto(photo,
                [new Field("姓名", Told(a.Name)), new Field("性别", UiText.Format("Sex." + a.Sex))],
                [new Field("别名", Told(a.Aliases))],
                [new Field("出生日期", Date(a.DateOfBirth)), new Field("估计年龄", PublicWording.Age(a.EstimatedAgeMin, a.EstimatedAgeMax))],
                [new Field("身份证号", Told(a.IdNumber))],
                [new Field("户籍地", Told(a.HukouPlace))],
                [new Field("居住地", Told(a.Residence))],
                [new Field("方言", Told(a.Dialect)), new Field("语言", Told(a.Language))]);
        }
        sheet.Section("二、体貌特征及健康状况");
        sheet.Row(new Field("身高", a.HeightCm is { } cm ? UiText.Format("Board.HeightCm", cm) : null), new Field("体型", a.Build), new Field("发型", a.Hair));
        sheet.Row(new Field("体表特征", Marks(a)));
        sheet.Row(new Field("纹身", a.Tattoos));
        sheet.Row(new Field("衣着", a.Clothing));
        sheet.Row(new Field("健康状况", a.HealthNotes));
        sheet.Row(new Field("精神状态", a.MentalState));
        sheet.Row(new Field("残疾情况", a.Disability));
        sheet.Row(new Field("特殊情况", Special(a)), new Field("采集指纹", a.FingerprintsTaken switch { true => "已采集", false => "未采集", null => "" }));
        sheet.Section("三、来站情况");
        if (file.Report is { } report)
        {
            sheet.Row(new Field("护送单位", report.Agency), new Field("经办人", report.OfficerName));
            sheet.Row(new Field("发现方式", UiText.Format("HowFound." + report.HowFound)), new Field("发现时间", At(report.FoundAt)));
            sheet.Row(new Field("发现地点", report.Place), new Field("交接单号", report.HandoverFormNumber, 0.6));
        }
        else
        {
            sheet.Row(new Field("来站方式", "自行求助或其他（无发现报告）"));
        }
        sheet.Row(new Field("流浪原因及经过", a.Circumstances));
        sheet.Row(new Field("亲属及联系人", a.Contacts));
        sheet.Section("四、随身物品登记");
        sheet.Table(["序号", "物品名称", "数量", "备注"], [0.6, 3, 0.8, 3],
            [.. a.Belongings.Select((b, i) => new[] { Number(i + 1), b.Item, Number(b.Quantity), b.Note })], "无");
        sheet.Signatures("受助人员", "登记人（工作人员）");
        return sheet.Finish();
    }

    /// <summary>
    /// 自行离站声明书: before the exit, the person's details and the inventory to tick off as each item is handed back;
    /// after it, the ticket, the cash and its receipt, and the belongings as recorded.
    /// </summary>
    private byte[] SelfDeparture(CaseFile file)
    {
        var a = file.Admission;
        var exit = file.Exit;
        var sheet = new FormSheet(Title(CaseForm.SelfDeparture), file.Station, a.CaseNumber, $"入站时间：{At(a.AdmittedAt)}");
        sheet.Section("一、声明人");
        Person(sheet, a);
        sheet.Paragraph(
            $"本人自愿离开救助管理站，自行离站。本人于{A4.LongDate(clock.DateOf(a.AdmittedAt))}进入{file.Station}接受救助，"
            + "在站期间救助管理站已按规定为本人提供救助服务。本人离站时已领回登记的随身物品（见下表），并领取返程车票及乘车费用。"
            + "离站后本人的人身和财产安全由本人自行负责。今后如再遇生活困难，可以再次向救助管理站求助。\n特此声明。");
        sheet.Section("二、随身物品归还");
        string?[][] rows = exit is null
            ? [.. a.Belongings.Select((b, i) => new[] { Number(i + 1), b.Item, Number(b.Quantity), b.Note, "□" })]
            : [.. exit.Belongings.Select((b, i) => new[] { Number(i + 1), b.Item, Number(b.Quantity), b.Note, b.Returned ? "√ 是" : "× 否" })];
        sheet.Table(["序号", "物品名称", "数量", "备注", "已归还"], [0.6, 3, 0.8, 2.6, 1], rows, "无");
        sheet.Section("三、离站");
        sheet.Row(new Field("离站时间", exit is null ? null : At(exit.ExitedAt)), new Field("去向", exit?.Destination));
        sheet.Row(new Field("返程车票", exit?.Ticket));
        sheet.Row(new Field("乘车费用", exit?.Cash is { } cash ? $"{cash.ToString("0.00", CultureInfo.InvariantCulture)} 元" : null), new Field("收据编号", exit?.CashReceipt));
        sheet.Signatures("声明人（受助人员）", "经办人（工作人员）");
        return sheet.Finish();
    }

    /// <summary>在站服务及离站登记表: the stay's history, the services given (its tasks and when each was done) and its exit.</summary>
    private byte[] ServiceRecord(CaseFile file)
    {
        var a = file.Admission;
        var exit = file.Exit;
        var sheet = new FormSheet(Title(CaseForm.ServiceRecord), file.Station, a.CaseNumber, $"入站时间：{At(a.AdmittedAt)}");
        sheet.Section("一、受助人员");
        Person(sheet, a);
        sheet.Row(new Field("在站阶段", UiText.Format("StayStage." + a.Stage)), new Field("安置方式", a.Placement is { } p ? UiText.Format("Placement." + p) : null));
        sheet.Section("二、在站经过");
        sheet.Table(["时间", "事项", "经办人", "说明"], [1.5, 2, 1.2, 3],
            [.. file.History.Select(e => new[] { At(e.At), Event(e), e.ActorName, e.Reason })], "无记录");
        sheet.Section("三、服务事项");
        sheet.Table(["事项", "期限", "办结时间", "状态"], [3, 1.5, 1.5, 1],
            [.. file.Tasks.Select(t => new[] { UiText.Format("CaseTaskKind." + t.Kind), At(t.DueAt), t.ClosedAt is { } closed ? At(closed) : null, TaskState(t) })], "无");
        sheet.Section("四、离站情况");
        if (exit is null)
        {
            sheet.Row(new Field("离站", "尚未离站"));
        }
        else
        {
            sheet.Row(new Field("离站方式", UiText.Format("ExitKind." + exit.Kind)), new Field("离站时间", At(exit.ExitedAt)));
            sheet.Row(new Field("去向", exit.Destination), new Field("护送", exit.Escorted ? "是" + (exit.EscortedBy is { Length: > 0 } by ? $"（{by}）" : "") : "否"));
            sheet.Row(new Field("离站原因", exit.Reason));
            if (exit.Kind == ExitKind.Reunion)
            {
                // The relative's document number is for case officers alone: the form names the document, not its number.
                sheet.Row(new Field("接领人", exit.RelativeName), new Field("关系", exit.Relationship), new Field("证件", exit.RelativeDocumentType));
                sheet.Row(new Field("核实方式", exit.VerifiedBy is { } how ? UiText.Format("ReunionVerification." + how) : null));
            }
            sheet.Row(new Field("返程车票", exit.Ticket), new Field("乘车费用", exit.Cash is { } cash ? $"{cash.ToString("0.00", CultureInfo.InvariantCulture)} 元" : null), new Field("收据编号", exit.CashReceipt));
            sheet.Table(["序号", "归还物品", "数量", "备注", "已归还"], [0.6, 3, 0.8, 2.6, 1],
                [.. exit.Belongings.Select((b, i) => new[] { Number(i + 1), b.Item, Number(b.Quantity), b.Note, b.Returned ? "√ 是" : "× 否" })], "无");
        }
        sheet.Signatures("工作人员", "受助人员");
        return sheet.Finish();
    }

    /// <summary>终止救助通知书, addressed to the person: why and from when the station ends its assistance.</summary>
    private byte[] Termination(CaseFile file)
    {
        var a = file.Admission;
        var exit = file.Exit!;
        var on = A4.LongDate(clock.DateOf(exit.ExitedAt));
        var sheet = new FormSheet(Title(CaseForm.Termination), file.Station, a.CaseNumber, $"终止日期：{on}");
        sheet.Gap(14);
        sheet.Paragraph($"{(TextRules.IsBlank(a.Name.Value) ? "受助人员" : a.Name.Value!.Trim())}：", 12);
        sheet.Paragraph(
            $"你于{A4.LongDate(clock.DateOf(a.AdmittedAt))}进入本站接受救助（编号 {a.CaseNumber}）。"
            + $"因{(TextRules.IsBlank(exit.Reason) ? "你不再符合救助条件" : exit.Reason!.Trim().TrimEnd('。'))}，"
            + $"根据《城市生活无着的流浪乞讨人员救助管理办法》及其实施细则的有关规定，本站决定自{on}起终止对你的救助。"
            + "\n如对本决定有异议，可以向本站的主管民政部门反映。今后如再遇生活困难，可以再次向救助管理站求助。\n特此通知。", 12);
        sheet.Gap(16);
        sheet.Right(file.Station + "（盖章）", 12);
        sheet.Right(on, 12);
        sheet.Gap(16);
        sheet.Section("送达回执");
        sheet.Row(new Field("受助人员", TextRules.IsBlank(a.Name.Value) ? null : a.Name.Value), new Field("性别", UiText.Format("Sex." + a.Sex)), new Field("终止日期", on));
        sheet.Row(new Field("终止原因", exit.Reason));
        sheet.Signatures("受助人员", "送达人（工作人员）");
        return sheet.Finish();
    }

    /// <summary>入户申请审批表: the person as the hukou will hold them, the application, and the three offices' approvals.</summary>
    private byte[] HukouApplication(CaseFile file)
    {
        var a = file.Admission;
        var application = file.Step(SettlementStepKind.Application);
        var hukou = file.Step(SettlementStepKind.HukouRegistered);
        var sheet = new FormSheet(Title(CaseForm.HukouApplication), file.Station, a.CaseNumber, $"申请日期：{(application is null ? "　　　　年　　月　　日" : A4.LongDate(application.On))}");
        sheet.Section("一、申请落户人员");
        using (var photo = A4.Image(file.Photo))
        {
            sheet.RowsBesidePhoto(photo,
                [new Field("拟登记姓名", hukou?.HukouName)],
                [new Field("性别", UiText.Format("Sex." + a.Sex)), new Field("出生日期", hukou?.HukouDateOfBirth is { } dob ? A4.LongDate(dob) : Date(a.DateOfBirth))],
                [new Field("估计年龄", PublicWording.Age(a.EstimatedAgeMin, a.EstimatedAgeMax)), new Field("身高", a.HeightCm is { } cm ? UiText.Format("Board.HeightCm", cm) : null)],
                [new Field("自报姓名", Told(a.Name))],
                [new Field("自报户籍地", Told(a.HukouPlace))],
                [new Field("入站时间", At(a.AdmittedAt)), new Field("在站天数", Number(clock.Today.DayNumber - clock.DateOf(a.AdmittedAt).DayNumber))]);
        }
        sheet.Row(new Field("体表特征", Marks(a)));
        sheet.Row(new Field("拟落户地址", $"{file.Station}集体户（福利机构集体户）"));
        sheet.Section("二、申请");
        sheet.Row(new Field("申请日期", application is null ? null : A4.LongDate(application.On)), new Field("申请文号", application?.Reference));
        sheet.Row(new Field("受理单位", application?.Office));
        sheet.Row(new Field("寻亲情况", null));
        sheet.Table(["办理步骤", "日期", "文号", "承办单位"], [2, 1.5, 1.5, 2.5],
            [.. file.Steps.Where(s => s.Kind <= SettlementStepKind.HukouRegistered)
                .Select(s => new[] { UiText.Format("SettlementStepKind." + s.Kind), A4.LongDate(s.On), s.Reference, s.Office })], "尚未办理");
        sheet.Section("三、审批意见");
        sheet.ApprovalBox("救助管理站");
        sheet.ApprovalBox("民政部门");
        sheet.ApprovalBox("公安机关");
        return sheet.Finish();
    }

    /// <summary>The person's details every form but the registration starts with.</summary>
    private void Person(FormSheet sheet, Admission a)
    {
        sheet.Row(new Field("姓名", Told(a.Name)), new Field("性别", UiText.Format("Sex." + a.Sex), 0.5));
        sheet.Row(new Field("出生日期", Date(a.DateOfBirth)), new Field("估计年龄", PublicWording.Age(a.EstimatedAgeMin, a.EstimatedAgeMax)));
        sheet.Row(new Field("身份证号", Told(a.IdNumber)), new Field("户籍地", Told(a.HukouPlace)));
    }

    /// <summary>The value with how far it can be trusted: 张三（确知）; 本人不知 alone when nothing was told.</summary>
    private static string? Told(ToldValue told)
    {
        var quality = ToldValue.QualityOf(told);
        var mark = quality == DataQuality.NotCollected ? null : UiText.Format("Quality." + quality);
        if (TextRules.IsBlank(told.Value)) return mark;
        return mark is null ? told.Value!.Trim() : $"{told.Value!.Trim()}（{mark}）";
    }

    private static string Marks(Admission a) => string.Join("；", a.Marks.Select(m => m.Described()));

    private static string Special(Admission a) =>
        string.Join("、", new[] { (a.Minor, "未成年人"), (a.Pregnant, "孕妇"), (a.AtRisk, "需特别保护") }.Where(x => x.Item1).Select(x => x.Item2));

    private static string Event(StayEvent e) => e.Kind switch
    {
        StayEventKind.StageChanged => $"{(e.FromStage is { } from ? UiText.Format("StayStage." + from) : "")} → {(e.ToStage is { } to ? UiText.Format("StayStage." + to) : "")}",
        StayEventKind.ReceptionCheck => UiText.Format("CaseTaskKind." + CaseTaskKind.ReceptionCheck),
        StayEventKind.StrandedReview => UiText.Format("CaseTaskKind." + CaseTaskKind.StrandedReview),
        StayEventKind.Exited => "离站：" + (e.ExitKind is { } kind ? UiText.Format("ExitKind." + kind) : ""),
        _ => e.Kind.ToString(),
    };

    private string TaskState(CaseTask t) => t switch
    {
        { Cancelled: true } => "已取消",
        { ClosedAt: { } closed } => closed <= t.DueAt ? "按期办结" : "逾期办结",
        _ => t.DueAt < clock.Now ? "已逾期" : "办理中",
    };

    private string At(DateTimeOffset instant) => clock.Local(instant);

    private static string? Date(DateOnly? date) => date is { } d ? A4.LongDate(d) : null;

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
