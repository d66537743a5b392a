using MiniExcelLibs;
using SkiaSharp;

namespace Rescue.Testing.Fuzzing;

/// <summary>
/// The real inputs mutations start from: photos of the vision tests and images made by SkiaSharp's own encoders,
/// the import tests' PFIF and CSV files, and a workbook written by the library the import reads with.
/// </summary>
public sealed class FuzzCorpus
{
    private FuzzCorpus(Dictionary<FuzzFormat, List<byte[]>> seeds) => Seeds = seeds;

    public IReadOnlyDictionary<FuzzFormat, List<byte[]>> Seeds { get; }

    public static FuzzCorpus Load()
    {
        var root = AppProcess.RepositoryRoot();
        byte[] Repo(params string[] path) => File.ReadAllBytes(Path.Combine([root, .. path]));
        return new FuzzCorpus(new Dictionary<FuzzFormat, List<byte[]>>
        {
            [FuzzFormat.Jpeg] =
            [
                TestImages.Jpeg(160, 120, SKColors.SteelBlue),
                TestImages.WithExifOrientation(TestImages.Jpeg(120, 90, SKColors.Olive), 6),
                // Progressive camera JPEGs, small enough to decode quickly.
                Repo("tests", "Rescue.Vision.Tests", "Images", "img25.jpg"),
                Repo("tests", "Rescue.Vision.Tests", "Images", "img12.jpg"),
            ],
            [FuzzFormat.Png] = [Png(96, 64, opaque: false), Png(200, 150, opaque: true), ImageMutations.ZeroPng(64, 48)],
            [FuzzFormat.Pfif] =
            [
                Repo("tests", "Rescue.Web.Tests", "Data", "notices-pfif14.xml"),
                Repo("tests", "Rescue.Web.Tests", "Data", "notices-pfif12.xml"),
                Repo("tests", "Rescue.Web.Tests", "Data", "notices-pfif14-other-system.xml"),
            ],
            [FuzzFormat.Csv] = [Repo("tests", "Rescue.Web.Tests", "Data", "notices.csv")],
            [FuzzFormat.Xlsx] = [Workbook()],
        });
    }

    private static byte[] Png(int width, int height, bool opaque)
    {
        var jpeg = TestImages.Jpeg(width, height, SKColors.Coral);
        using var bitmap = SKBitmap.Decode(jpeg);
        if (!opaque)
        {
            using var canvas = new SKCanvas(bitmap);
            canvas.DrawRect(0, 0, width / 3f, height, new SKPaint { Color = SKColors.Transparent, BlendMode = SKBlendMode.Src });
        }
        return TestImages.Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>A station's spreadsheet of two notices with the Chinese headers, numbers and dates as Excel keeps them.</summary>
    private static byte[] Workbook()
    {
        using var workbook = new MemoryStream();
        MiniExcel.SaveAs(workbook, new[]
        {
            new Dictionary<string, object?> { ["来源编号"] = "X-1", ["姓名"] = "郑国强", ["性别"] = "男", ["出生日期"] = "1961", ["身高"] = 172, ["最后见到日期"] = new DateTime(2021, 5, 3), ["联系电话"] = 13700000000, ["体表特征"] = "左手背:烫伤疤痕" },
            new Dictionary<string, object?> { ["来源编号"] = "X-2", ["姓名"] = "冯梅", ["性别"] = "女", ["出生日期"] = "1990-04", ["身高"] = null, ["最后见到日期"] = null, ["联系电话"] = null, ["体表特征"] = null },
        });
        return workbook.ToArray();
    }
}
