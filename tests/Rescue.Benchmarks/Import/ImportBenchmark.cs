using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Benchmarks.Import;

/// <summary>
/// Imports a generated CSV of missing-person notices (Chinese names and places, no photos) in this process
/// into a throwaway PostgreSQL, then imports the same file again, which must change nothing.
/// </summary>
internal sealed class ImportBenchmark : IBenchmark
{
    public string Name => "import";

    public string Description => "notices per second importing a generated CSV, then the same file again; options: --rows N (100000) --batch N (5000)";

    public async Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = OptionOr(args, "--rows", 100_000);
        var batch = OptionOr(args, "--batch", 5000);
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("bench_import");
        var folder = Directory.CreateTempSubdirectory("rescue-bench-import-").FullName;
        try
        {
            var file = Path.Combine(folder, "notices.csv");
            Generate(file, rows);
            Console.Error.WriteLine($"{rows} rows, {new FileInfo(file).Length / 1024 / 1024} MB of CSV in {file}");
            using var host = BuildHost(connectionString, folder, batch);
            await host.Services.InitializeDatabaseAsync(cancellationToken);

            var first = await ImportAsync(host.Services, file, cancellationToken);
            var second = await ImportAsync(host.Services, file, cancellationToken);
            return new JsonObject
            {
                ["rows_per_second"] = Math.Round(rows / first.Seconds),
                ["rows"] = rows,
                ["seconds"] = Math.Round(first.Seconds, 2),
                ["accepted"] = first.Summary.Accepted,
                ["refused"] = first.Summary.Refused,
                ["reimport_rows_per_second"] = Math.Round(rows / second.Seconds),
                ["reimport_seconds"] = Math.Round(second.Seconds, 2),
                ["reimport_unchanged"] = second.Summary.Unchanged,
                ["reimport_accepted"] = second.Summary.Accepted,
                ["batch"] = batch,
            };
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double Seconds, ImportSummary Summary)> ImportAsync(IServiceProvider services, string file, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
        var clock = Stopwatch.StartNew();
        await using var stream = File.OpenRead(file);
        var summary = await importer.ImportAsync(stream, new ImportRequest(file, SourceName: "bench"), "bench", new Progress(), ct);
        return (clock.Elapsed.TotalSeconds, summary);
    }

    private static IHost BuildHost(string connectionString, string folder, int batch)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Rescue"] = connectionString,
            ["Rescue:DataDirectory"] = folder,
            ["Rescue:NoticeExchange:BatchSize"] = batch.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Migrating a new database first looks for a history table that is not there yet, which EF logs as an error.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        builder.Services.AddRescueCore(builder.Configuration);
        return builder.Build();
    }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "单", "欧阳", "司马"];
    private static readonly string[] GivenChars = ["伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "建", "国", "华", "红", "玉", "志", "文", "斌", "海", "梅", "波", "辉", "宇", "晨", "浩", "琳"];
    private static readonly string[] Places = ["四川省绵阳市游仙区", "河南省周口市川汇区", "湖南省邵阳市双清区", "安徽省阜阳市颍州区", "广东省湛江市霞山区", "贵州省毕节市七星关区", "云南省昭通市昭阳区", "甘肃省天水市秦州区", "山东省临沂市兰山区", "江西省赣州市章贡区", "广西壮族自治区玉林市玉州区", "黑龙江省齐齐哈尔市龙沙区"];
    private static readonly string[] Dialects = ["四川话", "河南话", "湘语", "皖北话", "粤语", "贵州话", "云南话", "甘肃话", "山东话", "赣语", "桂柳话", "东北话"];
    private static readonly string[] Marks = ["左手背:烫伤疤痕", "右眉:痣", "额头:疤痕:约3厘米", "左臂:纹身:一条龙", "右腿:胎记", ""];
    private static readonly string[] Disabilities = ["", "", "", "智力", "精神", "言语", "智力、言语", "听力"];
    private static readonly string[] Relationships = ["女儿", "儿子", "父亲", "母亲", "妻子", "丈夫", "哥哥", "姐姐"];

    /// <summary>Rows like a station's spreadsheet of notices; one in 500 has a date of birth that is no date.</summary>
    private static void Generate(string path, int rows)
    {
        var random = new Random(20261125);
        using var stream = File.Create(path);
        using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(["来源编号", "姓名", "别名", "性别", "出生日期", "走失时年龄", "最后见到日期", "最后见到地点", "行政区划代码", "身高", "体表特征", "方言口音", "家乡", "残疾情况", "衣着", "走失经过", "报告人姓名", "与走失者关系", "联系电话", "来源更新时间"]);
        var fields = new string[20];
        for (var i = 1; i <= rows; i++)
        {
            var surname = Surnames[random.Next(Surnames.Length)];
            var born = new DateOnly(1935 + random.Next(80), 1 + random.Next(12), 1 + random.Next(28));
            var lost = born.AddYears(5 + random.Next(20)).AddDays(random.Next(365));
            if (lost > new DateOnly(2026, 1, 1)) lost = new DateOnly(2025, 6, 1);
            var place = random.Next(Places.Length);
            fields[0] = $"FAM-{i:D7}";
            fields[1] = surname + GivenChars[random.Next(GivenChars.Length)] + (random.Next(3) > 0 ? GivenChars[random.Next(GivenChars.Length)] : "");
            fields[2] = random.Next(4) == 0 ? "小" + GivenChars[random.Next(GivenChars.Length)] : "";
            fields[3] = random.Next(2) == 0 ? "男" : "女";
            fields[4] = i % 500 == 0 ? "1990-13-45" : random.Next(3) == 0 ? born.Year.ToString(CultureInfo.InvariantCulture) : born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            fields[5] = (lost.Year - born.Year).ToString(CultureInfo.InvariantCulture);
            fields[6] = lost.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            fields[7] = Places[place] + "火车站附近";
            fields[8] = (510700 + place).ToString(CultureInfo.InvariantCulture);
            fields[9] = (145 + random.Next(40)).ToString(CultureInfo.InvariantCulture);
            fields[10] = Marks[random.Next(Marks.Length)];
            fields[11] = Dialects[place];
            fields[12] = Places[place];
            fields[13] = Disabilities[random.Next(Disabilities.Length)];
            fields[14] = "蓝色上衣，黑色裤子，布鞋";
            fields[15] = "早上出门后未归，家人多方寻找无果。";
            fields[16] = Surnames[random.Next(Surnames.Length)] + GivenChars[random.Next(GivenChars.Length)];
            fields[17] = Relationships[random.Next(Relationships.Length)];
            fields[18] = "13" + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
            fields[19] = "2025-11-01T08:00:00+08:00";
            csv.WriteRecord(fields);
        }
    }

    private static int OptionOr(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    /// <summary>Progress lines on standard error, as the CLI prints them.</summary>
    private sealed class Progress : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) =>
            Console.Error.WriteLine($"{value.Records} rows read, {value.Accepted} accepted, {value.Refused} refused, {value.Unchanged} unchanged, {value.RecordsPerSecond:F0} rows/s");
    }
}
