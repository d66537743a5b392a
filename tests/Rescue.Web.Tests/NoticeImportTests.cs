using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

public class NoticeImportTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task Bad_date_of_birth_and_unknown_sex_are_refused_with_field_and_reason_and_the_good_records_import()
    {
        var (file, domain) = Pfif("notices-pfif14-bad.xml");

        var summary = await ImportAsync(file, "partner.xml");

        Assert.Equal("pfif", summary.Format);
        Assert.Equal(2, summary.Accepted);
        Assert.Contains(summary.Errors, e => e.Record == $"{domain}/bad-dob" && e.Field == "date_of_birth" && e.Reason.Contains("YYYY-MM-DD"));
        Assert.Contains(summary.Errors, e => e.Record == $"{domain}/bad-sex" && e.Field == "sex" && e.Reason.Contains("male"));
        // The refused person's note is refused with it, and says why.
        Assert.Contains(summary.Errors, e => e.Record == $"{domain}/bad-dob-note" && e.Reason.Contains("person record was refused"));
        Assert.Equal(3, summary.Refused);
        Assert.Equal(["good-1", "good-2"], await StoredIdsAsync(domain));
    }

    [Fact]
    public async Task Csv_with_bad_rows_refuses_them_row_by_row_and_imports_the_rest()
    {
        var source = Unique("families");

        // A .xml name on purpose: the format comes from the content.
        var summary = await ImportAsync(DataFile("notices.csv"), "families.xml", source);

        Assert.Equal("csv", summary.Format);
        Assert.Equal(2, summary.Accepted);
        Assert.Equal(4, summary.Refused);
        Assert.Contains(summary.Errors, e => e is { Record: "2", Field: "出生日期" });
        Assert.Contains(summary.Errors, e => e is { Record: "3", Field: "来源编号" } && e.Reason.Contains("re-import"));
        Assert.Contains(summary.Errors, e => e is { Record: "4", Field: "身高" });
        Assert.Contains(summary.Errors, e => e is { Record: "6", Field: "来源编号" } && e.Reason.Contains("already has this record (1)"));
        Assert.Equal(["序号"], summary.IgnoredColumns);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var zhou = await db.Notices.SingleAsync(n => n.SourceName == source && n.SourceRecordId == "A-005");
        Assert.Equal("周 秀兰", zhou.MissingPersonName);
        Assert.Equal(NoticeStatus.Found, zhou.Status);
        Assert.Equal(NoticeSource.Import, zhou.Source);
        Assert.Equal(Disabilities.Intellectual | Disabilities.Speech, zhou.Disabilities);
        Assert.Equal(["右脸 痣 ", "左臂 纹身 一条龙"], zhou.Marks.Select(m => $"{m.BodyLocation} {m.Kind} {m.Description}"));
        Assert.Equal("+86 139 0000 0000", zhou.ReporterPhone);
        Assert.Equal(new DateOnly(2020, 1, 15), zhou.LastSeenOn);
    }

    [Fact]
    public async Task The_same_file_imported_twice_creates_no_duplicates()
    {
        var source = Unique("twice");
        var (pfif, domain) = Pfif("notices-pfif14.xml");

        await ImportAsync(DataFile("notices.csv"), "families.csv", source);
        await ImportAsync(pfif, "partner.xml");
        var csvAgain = await ImportAsync(DataFile("notices.csv"), "families.csv", source);
        var pfifAgain = await ImportAsync(pfif, "partner.xml");

        Assert.Equal((0, 2, 4), (csvAgain.Accepted, csvAgain.Unchanged, csvAgain.Refused));
        Assert.Equal((0, 3, 0), (pfifAgain.Accepted, pfifAgain.Unchanged, pfifAgain.Refused));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        Assert.Equal(2, await db.Notices.CountAsync(n => n.SourceName == source));
        Assert.Equal(3, await db.Notices.CountAsync(n => n.SourceName == domain));
        Assert.Equal(5, await db.NoticeNotes.CountAsync(note => db.Notices.Any(n => n.Id == note.NoticeId && n.SourceName == domain)));
    }

    [Fact]
    public async Task Notes_decide_the_status_and_a_believed_dead_note_keeps_the_notice_open()
    {
        var (pfif, domain) = Pfif("notices-pfif14.xml");

        await ImportAsync(pfif, "partner.xml");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var notices = await db.Notices.Include(n => n.Notes).Where(n => n.SourceName == domain).ToDictionaryAsync(n => n.SourceRecordId!);
        var zhang = notices["p-1001"];
        Assert.Equal((NoticeStatus.Open, Sex.Male, "1958-03", 168), (zhang.Status, zhang.Sex, zhang.DateOfBirth?.ToString(), zhang.HeightCm));
        Assert.Equal(["小伟", "伟娃"], zhang.OtherNames);
        Assert.Equal("四川省绵阳市", zhang.Hometown);
        Assert.Equal(3, zhang.Notes.Count);
        Assert.Contains(zhang.Notes, n => n.SourceRecordId == $"{domain}/n-5" && n.Text.Contains("成都市金牛区"));
        Assert.Equal(NoticeStatus.Found, notices["p-1002"].Status);
        Assert.Equal(NoticeStatus.Open, notices["p-1003"].Status);
        Assert.Equal("believed_dead", Assert.Single(notices["p-1003"].Notes).PfifStatus);
    }

    [Fact]
    public async Task A_later_note_saying_the_person_was_met_closes_a_stored_notice_and_is_kept()
    {
        var (pfif, domain) = Pfif("notices-pfif14.xml");
        await ImportAsync(pfif, "partner.xml");
        var found = $"""
            <pfif:note>
              <pfif:note_record_id>{domain}/n-9</pfif:note_record_id>
              <pfif:person_record_id>{domain}/p-1001</pfif:person_record_id>
              <pfif:author_name>张丽</pfif:author_name>
              <pfif:source_date>2025-10-01T00:00:00Z</pfif:source_date>
              <pfif:author_made_contact>true</pfif:author_made_contact>
              <pfif:text>已接回家。</pfif:text>
            </pfif:note>
            </pfif:pfif>
            """;

        var again = await ImportAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(pfif).Replace("</pfif:pfif>", found)), "partner.xml");

        Assert.Equal((1, 2), (again.Accepted, again.Unchanged));
        await using var scope = app.Services.CreateAsyncScope();
        var zhang = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.Include(n => n.Notes)
            .SingleAsync(n => n.SourceName == domain && n.SourceRecordId == "p-1001");
        Assert.Equal(NoticeStatus.Found, zhang.Status);
        Assert.Equal(4, zhang.Notes.Count);
    }

    [Fact]
    public async Task Pfif_1_2_imports_with_its_older_field_names()
    {
        var (pfif, domain) = Pfif("notices-pfif12.xml");

        var summary = await ImportAsync(pfif, "old.xml");

        Assert.Equal(1, summary.Accepted);
        await using var scope = app.Services.CreateAsyncScope();
        var notice = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.SingleAsync(n => n.SourceName == domain);
        Assert.Equal(("吴建国", "身高一米七左右", NoticeStatus.Found), (notice.MissingPersonName, notice.Circumstances, notice.Status));
    }

    [Fact]
    public async Task A_withdrawn_or_found_notice_stays_so_after_a_reimport()
    {
        var source = Unique("closed");
        await ImportAsync(DataFile("notices.csv"), "families.csv", source);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var chen = await db.Notices.SingleAsync(n => n.SourceName == source && n.SourceRecordId == "A-001");
        var registry = scope.ServiceProvider.GetRequiredService<NoticeRegistry>();
        await registry.ChangeStatusAsync(chen.Id, NoticeStatus.Withdrawn, "家属撤回", "officer", "李专员", CancellationToken.None);
        var (pfif, domain) = Pfif("notices-pfif14.xml");
        await ImportAsync(pfif, "partner.xml");
        var zhang = await db.Notices.AsNoTracking().SingleAsync(n => n.SourceName == domain && n.SourceRecordId == "p-1001");
        await registry.ChangeStatusAsync(zhang.Id, NoticeStatus.Withdrawn, null, "officer", "李专员", CancellationToken.None);

        // The source still says open, with another name and a new note.
        var changedCsv = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(DataFile("notices.csv")).Replace("1,A-001,陈小明", "1,A-001,陈晓明"));
        var csvAgain = await ImportAsync(changedCsv, "families.csv", source);
        var changedPfif = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(pfif).Replace("<pfif:full_name>张伟", "<pfif:full_name>张大伟").Replace($"{domain}/n-5", $"{domain}/n-6"));
        var pfifAgain = await ImportAsync(changedPfif, "partner.xml");

        var stored = await db.Notices.AsNoTracking().Include(n => n.Notes).Where(n => n.Id == chen.Id || n.Id == zhang.Id).ToListAsync();
        Assert.All(stored, n => Assert.Equal(NoticeStatus.Withdrawn, n.Status));
        Assert.Contains(stored, n => n.MissingPersonName == "陈小明");
        Assert.Contains(stored, n => n.MissingPersonName == "张伟" && n.Notes.All(note => note.SourceRecordId != $"{domain}/n-6"));
        Assert.Equal((0, 2), (csvAgain.Accepted, csvAgain.Unchanged));
        // 李秀英 is found (her latest note), 王芳 is open and unchanged, 张伟 is withdrawn: nothing changes.
        Assert.Equal((0, 3), (pfifAgain.Accepted, pfifAgain.Unchanged));
        // Imports carry no photos: no photo, and so no face data, comes back with a closed notice.
        Assert.False(await db.Photos.AnyAsync(p => p.OwnerKind == PhotoOwner.Notice && (p.OwnerId == chen.Id || p.OwnerId == zhang.Id)));
    }

    [Fact]
    public async Task An_interrupted_import_resumes_after_the_last_committed_batch()
    {
        var source = Unique("resume");
        var csv = Csv(Enumerable.Range(1, 10).Select(i => i == 2 ? $"R-{i},,男" : $"R-{i},测试{i},男"));
        using var cancel = new CancellationTokenSource();
        var firstBatch = new SyncProgress(p =>
        {
            if (p.BatchesCommitted == 1) cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(csv, "resume.csv", source, batchSize: 3, progress: firstBatch, ct: cancel.Token));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var interrupted = await db.ImportRuns.AsNoTracking().SingleAsync(r => r.SourceName == source);
        var storedAfterInterruption = await db.Notices.CountAsync(n => n.SourceName == source);
        var resumed = await ImportAsync(csv, "resume.csv", source, batchSize: 3);

        Assert.Equal((4, 3, null), (interrupted.RecordsCommitted, storedAfterInterruption, interrupted.FinishedAt));
        Assert.Equal(4, resumed.ResumedAfter);
        Assert.Equal((9, 1, 0), (resumed.Accepted, resumed.Refused, resumed.Unchanged));
        Assert.Contains(resumed.Errors, e => e is { Record: "2", Field: "姓名" });
        Assert.Equal(9, await db.Notices.CountAsync(n => n.SourceName == source));
        var finished = await db.ImportRuns.AsNoTracking().SingleAsync(r => r.SourceName == source);
        Assert.Equal((10L, 9, 1), (finished.RecordsCommitted, finished.Accepted, finished.Refused));
        Assert.NotNull(finished.FinishedAt);
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Subject == "NoticeImport" && a.SubjectId == finished.Id.ToString()));
    }

    [Fact]
    public async Task A_dry_run_reports_every_refusal_and_stores_nothing()
    {
        var source = Unique("dry");

        var summary = await ImportAsync(DataFile("notices.csv"), "families.csv", source, dryRun: true);

        Assert.True(summary.DryRun);
        Assert.Equal((2, 4), (summary.Accepted, summary.Refused));
        Assert.Equal(["2", "3", "4", "6"], summary.Errors.Select(e => e.Record).Distinct());
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        Assert.False(await db.Notices.AnyAsync(n => n.SourceName == source));
        Assert.False(await db.ImportRuns.AnyAsync(r => r.SourceName == source));
    }

    [Fact]
    public async Task Excel_with_Chinese_headers_imports_like_csv()
    {
        var source = Unique("excel");
        using var workbook = new MemoryStream();
        MiniExcel.SaveAs(workbook, new[]
        {
            new Dictionary<string, object?> { ["来源编号"] = "X-1", ["姓名"] = "郑国强", ["性别"] = "男", ["身高"] = 172, ["最后见到日期"] = new DateTime(2021, 5, 3), ["联系电话"] = 13700000000 },
            new Dictionary<string, object?> { ["来源编号"] = "X-2", ["姓名"] = "冯梅", ["性别"] = "外星人", ["身高"] = null, ["最后见到日期"] = null, ["联系电话"] = null },
        });

        var summary = await ImportAsync(workbook.ToArray(), "名单.csv", source);

        Assert.Equal(("xlsx", 1), (summary.Format, summary.Accepted));
        Assert.Equal(new ImportError("2", "性别", "must be 男/male, 女/female or 不详/other"), Assert.Single(summary.Errors));
        await using var scope = app.Services.CreateAsyncScope();
        var notice = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.SingleAsync(n => n.SourceName == source);
        Assert.Equal((172, new DateOnly(2021, 5, 3), "13700000000"), (notice.HeightCm, notice.LastSeenOn, notice.ReporterPhone));
    }

    [Fact]
    public async Task Pfif_whose_persons_have_words_for_a_phone_and_na_for_a_photo_imports_every_person_and_note_with_a_warning_per_field()
    {
        var (pfif, domain) = Pfif("notices-pfif14-other-system.xml");

        var summary = await ImportAsync(pfif, "red-cross.xml");
        var again = await ImportAsync(pfif, "red-cross.xml");

        Assert.Equal((3, 0), (summary.Accepted, summary.Refused));
        // What was kept in another form compares equal next time: the same file changes nothing.
        Assert.Equal((0, 3, 5), (again.Accepted, again.Unchanged, again.WarningCount));
        Assert.Empty(summary.Errors);
        Assert.Equal(
            [($"{domain}/rc-1", "author_phone"), ($"{domain}/rc-1", "source_url"), ($"{domain}/rc-1", "photo_url"), ($"{domain}/rc-2", "author_phone"), ($"{domain}/rc-2", "photo_url")],
            summary.Warnings.Select(w => (w.Record, w.Field)));
        Assert.Equal(5, summary.WarningCount);
        Assert.All(summary.Warnings, w => Assert.False(string.IsNullOrWhiteSpace(w.Reason)));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var notices = await db.Notices.AsNoTracking().Include(n => n.Notes).Where(n => n.SourceName == domain).ToDictionaryAsync(n => n.SourceRecordId!);
        Assert.Equal(2, notices.Values.Sum(n => n.Notes.Count));
        // The words are still how to reach the family: kept where staff read them and the edit form takes them.
        var li = notices["rc-1"];
        Assert.Equal((null, null, null), (li.ReporterPhone, li.PhotoUrl, li.SourceUrl));
        Assert.Equal("Last seen at the railway station.\n联系电话：call the Red Cross desk", li.Circumstances);
        Assert.Equal("联系电话：call the Red Cross desk", notices["rc-2"].Circumstances);
        Assert.Equal(("+86 10 6500 0000", "https://photos.example.net/rc-3.jpg"), (notices["rc-3"].ReporterPhone, notices["rc-3"].PhotoUrl));
    }

    [Fact]
    public async Task The_same_optional_fields_in_csv_are_kept_or_left_out_with_a_warning_and_the_row_imports()
    {
        var source = Unique("lenient");
        var csv = Encoding.UTF8.GetBytes("""
            来源编号,姓名,联系电话,照片链接,来源链接,走失经过
            L-1,钱伟,请联系红十字会服务台,无,www.example.org/l-1,在火车站走失
            L-2,孙芳,139 0000 0000,https://example.org/l-2.jpg,,
            """);

        var summary = await ImportAsync(csv, "lenient.csv", source);

        Assert.Equal((2, 0), (summary.Accepted, summary.Refused));
        Assert.Equal([("1", "联系电话"), ("1", "来源链接"), ("1", "照片链接")], summary.Warnings.Select(w => (w.Record, w.Field)));
        await using var scope = app.Services.CreateAsyncScope();
        var qian = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.SingleAsync(n => n.SourceName == source && n.SourceRecordId == "L-1");
        Assert.Equal((null, null, null, "在火车站走失\n联系电话：请联系红十字会服务台"), (qian.ReporterPhone, qian.PhotoUrl, qian.SourceUrl, qian.Circumstances));
    }

    [Fact]
    public async Task Control_characters_are_removed_from_free_text_with_a_warning_and_refuse_a_name_or_id()
    {
        var (pfif, domain) = Pfif("notices-pfif14-other-system.xml");
        var text = Encoding.UTF8.GetString(pfif)
            .Replace("Last seen at the railway station.", "Last seen&#x0; at the railway&#x1B; station.")
            .Replace("<pfif:full_name>王秀英", "<pfif:full_name>王&#x0;秀英")
            .Replace("Family still looking.", "Family\tstill&#x7; looking.");
        var source = Unique("controls");
        var csv = Encoding.UTF8.GetBytes("来源编号,姓名,衣着\nC-1,吴刚,蓝色\0外套\nC-2,郑\0强,灰色外套\n");

        var fromPfif = await ImportAsync(Encoding.UTF8.GetBytes(text), "controls.xml");
        var fromCsv = await ImportAsync(csv, "controls.csv", source);

        Assert.Equal((2, 2), (fromPfif.Accepted, fromPfif.Refused));
        Assert.Contains(fromPfif.Errors, e => e.Record == $"{domain}/rc-2" && e.Field == "full_name");
        Assert.Contains(fromPfif.Errors, e => e.Record == $"{domain}/rc-2-n1" && e.Reason.Contains("person record was refused"));
        Assert.Contains(fromPfif.Warnings, w => w.Record == $"{domain}/rc-1" && w.Field == "description");
        Assert.Contains(fromPfif.Warnings, w => w.Record == $"{domain}/rc-1-n1" && w.Field == "text");
        Assert.Equal((1, 1), (fromCsv.Accepted, fromCsv.Refused));
        Assert.Equal(new[] { ("2", "姓名") }, fromCsv.Errors.Select(e => (e.Record, e.Field)));
        Assert.Equal(new[] { ("1", "衣着") }, fromCsv.Warnings.Select(w => (w.Record, w.Field)));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var li = await db.Notices.AsNoTracking().Include(n => n.Notes).SingleAsync(n => n.SourceName == domain && n.SourceRecordId == "rc-1");
        Assert.StartsWith("Last seen at the railway station.", li.Circumstances);
        Assert.Equal("Family\tstill looking.", Assert.Single(li.Notes).Text);
        Assert.Equal("蓝色外套", (await db.Notices.SingleAsync(n => n.SourceName == source)).Clothing);
    }

    [Fact]
    public async Task Names_and_marks_are_limited_as_the_notice_form_limits_them_counting_characters_not_utf16_units()
    {
        var source = Unique("limits");
        // U+20000 (𠀀), a Chinese character outside the BMP: two UTF-16 units, one character.
        var rare = char.ConvertFromUtf32(0x20000);
        var longest = string.Concat(Enumerable.Repeat(rare, FieldLimits.OtherName));
        var description = string.Concat(Enumerable.Repeat(rare, FieldLimits.MarkDescription));
        var names = string.Join('、', Enumerable.Range(1, FieldLimits.OtherNames + 1).Select(i => $"别名{i}"));
        var csv = Encoding.UTF8.GetBytes($"""
            来源编号,姓名,别名,体表特征
            N-1,冯{rare},{longest},左臂:胎记:{description}
            N-2,褚明,{longest}{rare},
            N-3,卫东,{names},
            N-4,蒋丽,,左臂:胎记:{description}{rare}
            """);

        var summary = await ImportAsync(csv, "limits.csv", source);

        Assert.Equal((1, 3), (summary.Accepted, summary.Refused));
        Assert.Equal([("2", "别名"), ("3", "别名"), ("4", "体表特征")], summary.Errors.Select(e => (e.Record, e.Field)));
        await using var scope = app.Services.CreateAsyncScope();
        var feng = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.SingleAsync(n => n.SourceName == source);
        Assert.Equal((longest, description), (Assert.Single(feng.OtherNames), Assert.Single(feng.Marks).Description));
    }

    [Fact]
    public async Task The_error_list_holds_the_first_thousand_errors_and_counts_them_all()
    {
        var rows = FieldLimits.ImportErrorsListed + 200;
        var csv = Csv(Enumerable.Range(1, rows).Select(i => $"E-{i},,男"));

        var summary = await ImportAsync(csv, "errors.csv", Unique("errors"), dryRun: true);

        Assert.Equal((0, rows, rows), (summary.Accepted, summary.Refused, summary.ErrorCount));
        Assert.Equal(FieldLimits.ImportErrorsListed, summary.Errors.Count);
        Assert.Equal("1", summary.Errors[0].Record);
        Assert.Equal(FieldLimits.ImportErrorsListed.ToString(CultureInfo.InvariantCulture), summary.Errors[^1].Record);
    }

    public static TheoryData<string> UnreadableFiles => ["truncated PFIF", "truncated workbook", "binary", "empty", "XML that is not PFIF", "CSV without the required columns"];

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task A_file_that_cannot_be_read_stores_nothing(string kind)
    {
        var (pfif, domain) = Pfif("notices-pfif14.xml");
        var bytes = kind switch
        {
            "truncated PFIF" => pfif[..(pfif.Length * 2 / 3)],
            "truncated workbook" => Workbook()[..1500],
            "binary" => [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xAB, 0xCD],
            "empty" => [],
            "XML that is not PFIF" => "<?xml version=\"1.0\"?><html><body>寻人</body></html>"u8.ToArray(),
            _ => "name,age\n张三,40\n"u8.ToArray(),
        };
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var runsBefore = await db.ImportRuns.CountAsync();

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(bytes, "file.xml", Unique("bad")));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.False(await db.Notices.AnyAsync(n => n.SourceName == domain));
        Assert.Equal(runsBefore, await db.ImportRuns.CountAsync());
    }

    [Fact]
    public async Task Case_officer_imports_and_exports_through_the_api()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var source = Unique("api");

        var dry = await PostAsync(officer, DataFile("notices.csv"), $"/api/v1/notices/import?dryRun=true&source={source}");
        var real = await PostAsync(officer, DataFile("notices.csv"), $"/api/v1/notices/import?source={source}");
        var unreadable = await PostAsync(officer, "<html/>"u8.ToArray(), "/api/v1/notices/import");
        var csv = await officer.GetStringAsync("/api/v1/notices/export?format=csv");
        var pfif = await officer.GetStringAsync("/api/v1/notices/export?format=pfif");
        var liaison = await PostAsync(await app.SignedInAsync(Roles.Liaison), DataFile("notices.csv"), "/api/v1/notices/import");

        var dryBody = await dry.Content.ReadAsAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        Assert.True(dryBody.GetProperty("dryRun").GetBoolean());
        Assert.Equal(4, dryBody.GetProperty("errors").GetArrayLength());
        Assert.Equal(["record", "field", "reason"], dryBody.GetProperty("errors")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, (await real.Content.ReadAsAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.True((await unreadable.Content.ReadAsAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));
        Assert.StartsWith("来源名称,来源编号,状态,姓名", csv.TrimStart('\uFEFF'));
        Assert.Contains($"{source},A-001,寻找中,陈小明", csv);
        // 周秀兰 is found: only open notices are exported.
        Assert.DoesNotContain("A-005", csv);
        Assert.Contains($"<pfif:person_record_id>{source}/A-001</pfif:person_record_id>", pfif);
        Assert.Equal(HttpStatusCode.Forbidden, liaison.StatusCode);
    }

    [Fact]
    public async Task The_api_summary_carries_the_warnings_in_the_readers_language()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var (pfif, domain) = Pfif("notices-pfif14-other-system.xml");

        var chinese = await (await PostAsync(officer, pfif, "/api/v1/notices/import?dryRun=true")).Content.ReadAsAsync<JsonElement>();
        var english = await (await PostAsync(officer, pfif, "/api/v1/notices/import?dryRun=true&culture=en")).Content.ReadAsAsync<JsonElement>();

        Assert.Equal(5, english.GetProperty("warningCount").GetInt32());
        var first = english.GetProperty("warnings")[0];
        Assert.Equal(["record", "field", "reason"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(($"{domain}/rc-1", "author_phone"), (first.GetProperty("record").GetString(), first.GetProperty("field").GetString()));
        Assert.StartsWith("not a phone number", first.GetProperty("reason").GetString());
        Assert.StartsWith("不是电话号码", chinese.GetProperty("warnings")[0].GetProperty("reason").GetString());
        Assert.Equal(0, english.GetProperty("errorCount").GetInt32());
    }

    [Fact]
    public void The_documented_column_layout_is_the_one_in_the_code()
    {
        var rows = File.ReadAllLines(Path.Combine(AppProcess.RepositoryRoot(), "docs", "notice-import.md"));

        Assert.All(NoticeColumns.All, column => Assert.Contains(rows, row =>
            row.StartsWith($"| {column.Chinese} | {column.English} |") && row.EndsWith($"| {(column.Required ? "yes" : "no")} | {column.Format} |")));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] file, string url)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PostAsync(url, new MultipartFormDataContent { { content, "file", "families.csv" } });
    }

    private async Task<ImportSummary> ImportAsync(byte[] file, string fileName, string? source = null, bool dryRun = false, int? batchSize = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
        return await importer.ImportAsync(new MemoryStream(file), new ImportRequest(fileName, dryRun, source) { BatchSize = batchSize }, "test", progress, ct);
    }

    private async Task<List<string>> StoredIdsAsync(string sourceName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices
            .Where(n => n.SourceName == sourceName).OrderBy(n => n.SourceRecordId).Select(n => n.SourceRecordId!).ToListAsync();
    }

    internal static byte[] DataFile(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", name));

    /// <summary>A data file's PFIF with its own domain, so that tests sharing a database do not share records.</summary>
    internal static (byte[] File, string Domain) Pfif(string name)
    {
        var domain = Unique("p") + ".example.org";
        return (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(DataFile(name)).Replace("example.org/", domain + "/")), domain);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static byte[] Csv(IEnumerable<string> rows) => Encoding.UTF8.GetBytes(string.Join("\n", ["来源编号,姓名,性别", .. rows]) + "\n");

    private static byte[] Workbook()
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, Enumerable.Range(1, 200).Select(i => new Dictionary<string, object?> { ["来源编号"] = $"W-{i}", ["姓名"] = $"名字{i}" }));
        return stream.ToArray();
    }

    /// <summary>Reports on the importer's own thread, so a test can act exactly after a batch.</summary>
    private sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}

/// <summary>Exports imported again, on a database of their own: an export holds every open notice.</summary>
public class NoticeImportRoundTripTests(RescueApp app) : IClassFixture<RescueApp>
{
    [Fact]
    public async Task A_pfif_1_4_document_with_persons_and_notes_imports_exports_and_reimports_without_change()
    {
        var (pfif, domain) = NoticeImportTests.Pfif("notices-pfif14.xml");
        var first = await ImportAsync(pfif);
        var before = await SnapshotAsync(domain);

        using var export = new MemoryStream();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NoticeExporter>().WriteAsync(ExportFormat.Pfif, export, CancellationToken.None);
        }
        var again = await ImportAsync(export.ToArray());
        var after = await SnapshotAsync(domain);

        Assert.Equal((3, 0, 0), (first.Accepted, first.Refused, first.Unchanged));
        // The export holds the open notices: 张伟 and 王芳 (李秀英 is found), and the station's own, left alone on the way back in.
        var exported = Encoding.UTF8.GetString(export.ToArray());
        Assert.Contains($"<pfif:person_record_id>{domain}/p-1001</pfif:person_record_id>", exported);
        Assert.DoesNotContain($"{domain}/p-1002", exported);
        Assert.Equal((0, 0, exported.Split("<pfif:person>").Length - 1), (again.Accepted, again.Refused, again.Unchanged));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_csv_export_imports_again_without_change()
    {
        var source = "csv-" + Guid.NewGuid().ToString("N")[..8];
        // Every column of the layout, with values that a spreadsheet would take for formulas (+86…, -).
        var csv = """"
            来源编号,姓名,别名,性别,出生日期,走失时年龄,最后见到日期,最后见到地点,行政区划代码,身高,体表特征,方言口音,家乡,残疾情况,衣着,走失经过,报告人姓名,与走失者关系,联系电话,公安案件编号,来源链接,来源更新时间,照片链接,有效期至
            C-1,马文才,"小马、马儿",男,1960-02,58,2018-09-09,湖北省武汉市汉口站,420102,170,"左手背:烫伤疤痕; 额头:疤痕:约3厘米",湖北话,湖北省孝感市,"智力、言语","灰色外套，""解放鞋""",-走失时神志不清,马丽,女儿,+86 135 0000 0000,A2018-001,https://example.org/c/1,2025-01-02T03:04:05+08:00,https://example.org/c/1.jpg,2030-01-01
            """";
        var first = await ImportAsync(Encoding.UTF8.GetBytes(csv), source);

        using var export = new MemoryStream();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NoticeExporter>().WriteAsync(ExportFormat.Csv, export, CancellationToken.None);
        }
        var before = await SnapshotAsync(source);
        var again = await ImportAsync(export.ToArray(), "other-name");

        Assert.Equal((1, 0), (first.Accepted, first.Refused));
        Assert.Contains("'+86 135 0000 0000", Encoding.UTF8.GetString(export.ToArray()));
        Assert.Equal((0, 0), (again.Accepted, again.Refused));
        Assert.Equal(before, await SnapshotAsync(source));
    }

    private async Task<ImportSummary> ImportAsync(byte[] file, string? source = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoticeImporter>().ImportAsync(new MemoryStream(file), new ImportRequest("partner.xml", SourceName: source), "test", null, CancellationToken.None);
    }

    /// <summary>Every stored value of the source's notices and notes, as JSON, to compare before and after.</summary>
    private async Task<string> SnapshotAsync(string domain)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var notices = await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.AsNoTracking().Include(n => n.Notes)
            .Where(n => n.SourceName == domain).OrderBy(n => n.SourceRecordId).ToListAsync();
        foreach (var notice in notices) notice.Notes = [.. notice.Notes.OrderBy(n => n.SourceRecordId)];
        return JsonSerializer.Serialize(notices);
    }
}
