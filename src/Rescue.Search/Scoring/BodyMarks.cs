namespace Rescue.Search.Scoring;

/// <summary>
/// Reads marks as families and staff write them: the side (左/右), the body part under its many names (左臂, 左手臂,
/// 左上臂, 左胳膊 are one place) and the kind (疤, 疤痕, 伤疤, 刀疤 are one kind), so that two marks can be compared.
/// </summary>
public static class BodyMarks
{
    // Each body part: its name for sentences, then the words that mean it, longest tried first, and the region it
    // belongs to (marks on the same region but a different part count partly: 左手 and 左臂).
    private static readonly (string Part, string Region, string[] Words)[] Parts =
    [
        ("臂", "上肢", ["手臂", "胳膊", "胳臂", "上臂", "前臂", "小臂", "大臂", "手肘", "肘", "臂"]),
        ("手", "上肢", ["手背", "手掌", "手心", "手腕", "手指", "拇指", "食指", "中指", "无名指", "小指", "腕", "手"]),
        ("腿", "下肢", ["大腿", "小腿", "膝盖", "膝", "腿"]),
        ("脚", "下肢", ["脚踝", "脚背", "脚掌", "脚趾", "脚", "足", "踝"]),
        ("额头", "头面", ["额头", "前额", "脑门", "额"]),
        ("眉", "头面", ["眉毛", "眉心", "眉骨", "眉"]),
        ("眼", "头面", ["眼角", "眼睛", "眼皮", "眼"]),
        ("鼻", "头面", ["鼻子", "鼻梁", "鼻翼", "鼻"]),
        ("嘴", "头面", ["嘴角", "嘴唇", "上唇", "下唇", "唇", "嘴"]),
        ("下巴", "头面", ["下巴", "下颌", "下颚", "颏"]),
        ("脸", "头面", ["脸颊", "面颊", "脸部", "面部", "脸", "颊"]),
        ("耳", "头面", ["耳朵", "耳后", "耳垂", "耳"]),
        ("头", "头面", ["头顶", "头皮", "后脑勺", "后脑", "头部", "头"]),
        ("颈", "躯干", ["脖子", "脖颈", "颈部", "颈", "脖"]),
        ("肩", "躯干", ["肩膀", "肩胛", "肩"]),
        ("胸", "躯干", ["胸口", "胸前", "胸部", "胸"]),
        ("背", "躯干", ["后背", "背部", "背"]),
        ("腰", "躯干", ["腰部", "腰"]),
        ("腹", "躯干", ["肚子", "肚脐", "腹部", "小腹", "腹"]),
        ("臀", "躯干", ["屁股", "臀部", "臀"]),
    ];

    private static readonly (string Kind, string[] Words)[] Kinds =
    [
        ("纹身", ["纹身", "文身", "刺青", "纹"]),
        ("胎记", ["胎记", "胎斑", "青记", "红记", "胎痣"]),
        ("痣", ["黑痣", "红痣", "痦子", "痣"]),
        ("疤痕", ["疤痕", "伤疤", "刀疤", "伤痕", "烫伤", "烧伤", "缝针", "疤"]),
        ("残缺", ["六指", "断指", "缺指", "残缺"]),
    ];

    private static readonly (string Word, string Part, string Region)[] PartWords =
        [.. Parts.SelectMany(p => p.Words.Select(w => (w, p.Part, p.Region))).OrderByDescending(w => w.w.Length)];

    private static readonly (string Word, string Kind)[] KindWords =
        [.. Kinds.SelectMany(k => k.Words.Select(w => (w, k.Kind))).OrderByDescending(w => w.w.Length)];

    /// <summary>A mark read: side ("左", "右" or ""), body part and region (or "" when not read), kind (or "").</summary>
    public sealed record ReadMark(string Side, string Part, string Region, string Kind, BodyMark Written)
    {
        /// <summary>The place as a sentence writes it: 左臂, 脸.</summary>
        public string Place => Side + Part;
    }

    /// <summary>Reads a mark's location and kind; the description is read too when one of them says nothing.</summary>
    public static ReadMark Read(BodyMark mark)
    {
        var location = Compact(mark.BodyLocation);
        var kindText = Compact(mark.Kind);
        var description = Compact(mark.Description);
        var side = SideOf(location);
        if (side.Length == 0) side = SideOf(description);
        var part = PartWords.FirstOrDefault(w => location.Contains(w.Word, StringComparison.Ordinal));
        if (part.Word is null) part = PartWords.FirstOrDefault(w => description.Contains(w.Word, StringComparison.Ordinal));
        var kind = KindWords.FirstOrDefault(w => kindText.Contains(w.Word, StringComparison.Ordinal));
        if (kind.Word is null) kind = KindWords.FirstOrDefault(w => description.Contains(w.Word, StringComparison.Ordinal));
        return new ReadMark(side, part.Part ?? "", part.Region ?? "", kind.Kind ?? "", mark);
    }

    /// <summary>How two marks agree: same place and kind, partly (one of them or a neighbouring place), or not.</summary>
    public static MarkAgreement Compare(ReadMark a, ReadMark b)
    {
        var sameKind = a.Kind.Length > 0 && a.Kind == b.Kind;
        var kindUnknown = a.Kind.Length == 0 || b.Kind.Length == 0;
        var sidesAgree = a.Side.Length == 0 || b.Side.Length == 0 || a.Side == b.Side;
        var samePart = a.Part.Length > 0 && a.Part == b.Part;
        var sameRegion = a.Region.Length > 0 && a.Region == b.Region;
        if (samePart && sidesAgree && sameKind) return MarkAgreement.Same;
        if (samePart && sidesAgree && kindUnknown) return MarkAgreement.Partly;
        // Families confuse left and right, and 手 and 臂: same kind nearby counts partly.
        if (sameKind && (samePart || (sameRegion && sidesAgree))) return MarkAgreement.Partly;
        return MarkAgreement.None;
    }

    private static string SideOf(string text) =>
        text.Contains('左', StringComparison.Ordinal) ? "左" : text.Contains('右', StringComparison.Ordinal) ? "右" : "";

    private static string Compact(string? text) => string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c)));
}

/// <summary>How a notice's mark agrees with one of the person's.</summary>
public enum MarkAgreement
{
    None,

    /// <summary>Same kind nearby or on the other side, or same place with a kind not told.</summary>
    Partly,

    /// <summary>Same body part (and side, when both say) and same kind.</summary>
    Same,
}
