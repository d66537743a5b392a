namespace Rescue.Search.Names;

/// <summary>Chinese surnames: which ones are common and which take two characters (欧阳, 司马, 诸葛 …).</summary>
internal static class ChineseSurnames
{
    /// <summary>
    /// About the hundred most frequent surnames: a two-character name that starts with one of these is read
    /// as surname and given name (王芳), never as a given name alone.
    /// </summary>
    private const string CommonText =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢" +
        "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施";

    /// <summary>The single-character surnames of the Hundred Family Surnames (百家姓) and a few modern common ones.</summary>
    private const string SingleText = CommonText +
        "褚卫尤孔华魏戚喻柏水窦章云葛奚郎鲁昌苗凤花俞任柳酆鲍费廉岑滕殷乐毕邬安傅皮卞齐伍元卜平和穆萧祁禹狄米贝明臧计伏成" +
        "谈茅庞纪舒屈项祝阮蓝闵席季麻强路娄危童颜梅盛刁骆樊凌霍虞支柯昝管经房裘缪干解应宗宣贲郁单杭洪包诸左崔吉钮嵇邢滑" +
        "裴荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井富巫乌焦巴弓牧隗山谷车宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖符景詹束" +
        "幸司韶郜蓟薄印宿怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双闻莘党翟贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕" +
        "冀郏浦尚农别庄晏柴瞿阎充慕连茹习宦艾鱼容古易慎戈庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁" +
        "勾敖融冷訾辛阚那简饶空毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公仉督岳帅缑亢况郈有琴商牟佘佴伯赏墨哈谯笪年" +
        "爱阳佟言福楚晋法汝鄢涂钦归海粟冼揭栗庹蒿";

    /// <summary>Two-character surnames (复姓); checked before the single ones so 欧阳 is not read as 欧.</summary>
    private static readonly HashSet<string> Compound = new(StringComparer.Ordinal)
    {
        "欧阳", "司马", "诸葛", "上官", "尉迟", "万俟", "东方", "皇甫", "令狐", "公孙", "慕容", "长孙", "宇文", "司徒",
        "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "澹台", "公羊", "闻人", "赫连", "钟离", "百里", "东郭",
        "太史", "申屠", "濮阳", "淳于", "单于", "仲孙", "司空", "鲜于", "乐正", "拓跋", "第五", "亓官", "羊舌", "微生",
        "梁丘", "左丘", "东门", "宗政", "公冶", "谷梁", "段干", "巫马", "公西", "漆雕", "壤驷", "公良", "夹谷", "宰父",
        "颛孙", "司寇", "子车", "太叔", "闾丘", "南门", "商牟", "伯赏", "呼衍", "贺兰", "完颜", "耶律", "爱新",
    };

    private static readonly HashSet<string> Common = [.. CommonText.Select(c => c.ToString())];

    private static readonly HashSet<string> Single = [.. SingleText.Select(c => c.ToString())];

    public static bool IsCompound(string twoCharacters) => Compound.Contains(twoCharacters);

    public static bool IsSingle(string character) => Single.Contains(character);

    public static bool IsCommon(string character) => Common.Contains(character);
}
