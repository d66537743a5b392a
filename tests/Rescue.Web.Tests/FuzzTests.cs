using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Testing.Fuzzing;
using Rescue.Web.Data;
using Rescue.Web.Features.Notices.Exchange;

namespace Rescue.Web.Tests;

/// <summary>
/// The short run of <c>./rescue bench fuzz</c>: mutated photos and notice files through the endpoints' own checks,
/// and every input a run ever found crashing or hanging (Data/fuzz), kept so that it never comes back.
/// </summary>
public class FuzzTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Two_thousand_mutated_photos_and_notice_files_crash_nothing_hang_nothing_and_store_nothing_they_refuse()
    {
        var folder = Directory.CreateTempSubdirectory("rescue-fuzz-").FullName;
        try
        {
            var options = new FuzzOptions(Inputs: 2000, Seed: 20261203, FuzzOptions.DefaultLimit, StoreEvery: 10);
            var run = new FuzzRun(FuzzCorpus.Load(), new FuzzTargets(Path.Combine(folder, "checked")), new FuzzStorage(app.Services, Path.Combine(folder, "stored")), options);

            var report = await run.RunAsync(null, CancellationToken.None);

            var json = report.ToJson().ToJsonString();
            Assert.True((report.Crashes, report.Hangs, report.StoredFromRefused) == (0, 0, 0), json);
            // The run means something only when both outcomes occur and refused inputs reached the storing path.
            Assert.True(report.Refused > 500 && report.Accepted > 500 && report.StoreRefusedChecked > 50, json);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Found by the fuzz run (a CSV whose second row is a field past the reader's 1 MB row limit): made here, being 12 MB.</summary>
    [Fact]
    public async Task A_csv_file_that_breaks_off_before_its_first_batch_leaves_no_import_run()
    {
        var csv = Encoding.UTF8.GetBytes("来源编号,姓名,性别\nF-1,\"" + new string('寻', 1_100_000) + "\",男\n");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var runs = await db.ImportRuns.CountAsync();

        await Assert.ThrowsAsync<ImportFileException>(() => scope.ServiceProvider.GetRequiredService<NoticeImporter>()
            .ImportAsync(new MemoryStream(csv), new ImportRequest("huge-field.csv", SourceName: "fuzz-huge-field"), "test", null, CancellationToken.None));

        Assert.Equal(runs, await db.ImportRuns.CountAsync());
        Assert.False(await db.Notices.AnyAsync(n => n.SourceName == "fuzz-huge-field"));
    }

    public static TheoryData<string> Findings =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "fuzz")).Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task An_input_that_once_hung_or_crashed_is_answered_within_the_limit_and_stores_nothing_when_refused(string file)
    {
        var folder = Directory.CreateTempSubdirectory("rescue-fuzz-").FullName;
        try
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "fuzz", file));
            var format = Path.GetExtension(file) switch
            {
                ".png" => FuzzFormat.Png,
                ".jpg" => FuzzFormat.Jpeg,
                ".xml" => FuzzFormat.Pfif,
                ".csv" => FuzzFormat.Csv,
                _ => FuzzFormat.Xlsx,
            };
            var input = new FuzzInput(0, format, file, bytes);
            var targets = new FuzzTargets(Path.Combine(folder, "checked"));

            var (outcome, elapsed, failure) = await FuzzRun.WithinLimitAsync(ct => targets.FeedAsync(input, ct), FuzzOptions.DefaultLimit, CancellationToken.None);
            Assert.Null(failure);
            Assert.True(elapsed < FuzzOptions.DefaultLimit, $"{elapsed.TotalMilliseconds:F0} ms");

            // Some were found on the way to the database (a lone surrogate that PostgreSQL refuses).
            var stored = await new FuzzStorage(app.Services, Path.Combine(folder, "stored")).StoreAsync(input, outcome, CancellationToken.None);
            Assert.Equal(0, stored);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
