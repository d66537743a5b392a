using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Rescue.Testing;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Cases.Forms;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Benchmarks.Forms;

/// <summary>
/// How long each case form takes to draw and write as a PDF from a stay already read (no database, no HTTP): a stay
/// with a photo, ten belongings, a history, its tasks, a settlement under way and a termination exit (a self-departure for its declaration). Each form is drawn
/// a few times to warm up, then timed one at a time.
/// </summary>
internal sealed class FormsBenchmark : IBenchmark
{
    public string Name => "forms";

    public string Description => "time to render each case form (入站登记表 …) as a PDF, median of N; options: --runs N (20)";

    public Task<JsonObject> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var i = Array.IndexOf(args, "--runs");
        var runs = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 20;
        var forms = new CaseForms(new StationClock(TimeProvider.System, Options.Create(new RescueOptions())));
        var terminated = Stay();
        // The declaration as printed after a self-departure: the ticket, the cash and every belonging handed back.
        var departed = terminated with
        {
            Exit = new StayExit
            {
                Kind = ExitKind.SelfDeparture,
                ExitedAt = terminated.Admission.AdmittedAt.AddDays(9),
                Ticket = "K1234次 南充",
                Cash = 20m,
                CashReceipt = "SJ-000123",
                Belongings = [.. terminated.Admission.Belongings.Select(b => new ReturnedBelonging { Item = b.Item, Quantity = b.Quantity, Returned = true })],
            },
        };
        var result = new JsonObject { ["runs"] = runs };
        foreach (var form in Enum.GetValues<CaseForm>())
        {
            var file = form == CaseForm.SelfDeparture ? departed : terminated;
            var bytes = 0;
            for (var w = 0; w < 3; w++) bytes = forms.Print(form, file).Length;
            var times = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var started = Stopwatch.GetTimestamp();
                forms.Print(form, file);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
            Console.Error.WriteLine($"{CaseForms.Slugs[form],-18} median {median:0.0} ms, max {times[^1]:0.0} ms, {bytes / 1024} KiB");
            result[CaseForms.Slugs[form]] = new JsonObject { ["median_ms"] = Math.Round(median, 2), ["max_ms"] = Math.Round(times[^1], 2), ["bytes"] = bytes };
        }
        return Task.FromResult(result);
    }

    /// <summary>A stay as full as a real one: the test photo, told values, ten belongings, history, tasks, settlement, a termination.</summary>
    private static CaseFile Stay()
    {
        var admitted = new DateTimeOffset(2026, 8, 3, 9, 30, 0, TimeSpan.Zero);
        var admission = new Admission
        {
            Id = Guid.NewGuid(),
            CaseNumber = "JZ-2026-000123",
            AdmittedAt = admitted,
            Name = new ToldValue { Value = "王建国", Quality = DataQuality.Partial },
            HukouPlace = new ToldValue { Value = "四川省南充市", Quality = DataQuality.Known },
            Dialect = new ToldValue { Value = "四川话" },
            Sex = Sex.Male,
            EstimatedAgeMin = 50,
            EstimatedAgeMax = 60,
            HeightCm = 168,
            Build = "偏瘦",
            Hair = "短发花白",
            Marks = [new Mark { BodyLocation = "左手背", Kind = "疤痕", Description = "约3厘米" }],
            Clothing = "蓝色棉袄，黑色长裤，脚穿红色布鞋",
            Belongings = [.. Enumerable.Range(1, 10).Select(n => new Belonging { Item = $"随身物品{n}", Quantity = n, Note = "旧" })],
            HealthNotes = "血压偏高，需按时服药",
            MentalState = "能简单交流，说不清家住哪里",
            FingerprintsTaken = true,
            Circumstances = string.Concat(Enumerable.Repeat("自述外出务工多年，钱包丢失后流落街头。", 8)),
            Contacts = "女儿王小红，电话不详",
            Stage = StayStage.Settlement,
        };
        var history = Enumerable.Range(0, 6).Select(n => new StayEvent
        {
            Id = Guid.NewGuid(),
            AdmissionId = admission.Id,
            Kind = StayEventKind.StageChanged,
            FromStage = StayStage.Reception,
            ToStage = StayStage.Registered,
            At = admitted.AddDays(n * 10),
            ActorName = "李站员",
            Reason = "按规定办理",
        }).ToList();
        var tasks = Enum.GetValues<CaseTaskKind>().Select(k => new CaseTask
        {
            Id = Guid.NewGuid(),
            AdmissionId = admission.Id,
            Kind = k,
            DueAt = admitted.AddDays((int)k * 7),
            ClosedAt = admitted.AddDays((int)k * 6),
        }).ToList();
        var steps = new List<SettlementStep>
        {
            new() { Kind = SettlementStepKind.Application, On = new DateOnly(2026, 11, 2), Reference = "民救〔2026〕17号", Office = "示范市民政局" },
            new() { Kind = SettlementStepKind.PoliceApproval, On = new DateOnly(2026, 11, 20), Reference = "公户〔2026〕5号", Office = "城东派出所" },
            new() { Kind = SettlementStepKind.HukouRegistered, On = new DateOnly(2026, 12, 1), Office = "城东派出所户籍室", HukouName = "党新民", HukouDateOfBirth = new DateOnly(1970, 1, 1) },
        };
        var exit = new StayExit { Kind = ExitKind.Termination, ExitedAt = admitted.AddDays(120), Reason = "本人拒不接受救助安排" };
        var root = Environment.GetEnvironmentVariable("RESCUE_ROOT") ?? AppProcess.RepositoryRoot();
        var photo = File.ReadAllBytes(Path.Combine(root, "tests", "Rescue.Vision.Tests", "Images", "img12.jpg"));
        return new CaseFile("示范市救助管理站", admission, null, photo, history, tasks, exit, steps);
    }
}
