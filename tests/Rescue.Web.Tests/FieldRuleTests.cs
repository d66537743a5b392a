using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Tests;

/// <summary>
/// Each field has one limit, whatever the channel: the database column (read from the EF model), the API form (its
/// annotations), the import (its column table) and the page (its inputs' maxlength). Nothing here lists a number:
/// a limit changed in one place and not the others, or a field added to one and not the others, fails.
/// </summary>
public class FieldRuleTests(RescueApp app) : IClassFixture<RescueApp>
{
    /// <summary>Columns the system fills, not a person: who created or vetted it, the case number, where an import came from.</summary>
    private static readonly Dictionary<Type, string[]> SetBySystem = new()
    {
        [typeof(MissingPersonNotice)] = [nameof(MissingPersonNotice.CreatedBy), nameof(MissingPersonNotice.VettedBy)],
        [typeof(Admission)] = [nameof(Admission.CaseNumber), nameof(Admission.CreatedBy)],
        [typeof(DiscoveryReport)] = [nameof(DiscoveryReport.FiledBy)],
    };

    /// <summary>Notice columns only an import fills (an outside system's record); the forms do not show them.</summary>
    private static readonly string[] NoticeImportOnly =
    [
        nameof(MissingPersonNotice.SourceName), nameof(MissingPersonNotice.SourceRecordId), nameof(MissingPersonNotice.SourceUrl), nameof(MissingPersonNotice.PhotoUrl),
    ];

    /// <summary>
    /// Form fields stored sealed (encrypted, <c>Hosting/SealedFields</c>): their limit is the form's, the column holds
    /// the ciphertext, longer than any value and without a limit of its own.
    /// </summary>
    private static readonly Dictionary<string, string> Sealed = new()
    {
        [$"{nameof(Admission.IdNumber)}.{nameof(ToldValue.Value)}"] = nameof(Admission.SealedIdNumber),
        [nameof(Admission.HealthNotes)] = nameof(Admission.SealedHealthNotes),
    };

    public static TheoryData<string> Records => [nameof(MissingPersonNotice), nameof(Admission), nameof(DiscoveryReport)];

    [Theory]
    [MemberData(nameof(Records))]
    public void Every_text_field_has_the_same_limit_in_the_database_and_the_API_form(string record)
    {
        var (entity, form) = FormOf(record);
        var database = DatabaseLimits(entity);
        var fields = FormLimits(form);

        foreach (var (field, limit) in fields)
        {
            Assert.True(limit is not null, $"{form.Name}.{field} has no [MaxLength]");
            if (Sealed.TryGetValue(field, out var sealedColumn) && entity == typeof(Admission))
            {
                Assert.True(database.ContainsKey(sealedColumn), $"{form.Name}.{field} has no sealed column {entity.Name}.{sealedColumn}");
                continue;
            }
            // The form's text of a value the database stores in parts (a partial date) has no column to agree with.
            if (!database.ContainsKey(field) && ColumnTypeOf(entity, field) is not null) continue;
            Assert.True(database.TryGetValue(field, out var column), $"{form.Name}.{field} has no column {entity.Name}.{field}");
            Assert.True(column == limit, $"{entity.Name}.{field}: the database takes {column} characters, {form.Name} {limit}");
        }
        var notOnForm = database.Keys.Except(fields.Keys).Except(Sealed.Values).Except(SetBySystem[entity]).Except(entity == typeof(MissingPersonNotice) ? NoticeImportOnly : []).Order();
        Assert.True(!notOnForm.Any(), $"{entity.Name} has text columns no form fills: {string.Join(", ", notOnForm)}");
        Assert.All(database.Where(c => !Sealed.ContainsValue(c.Key)), c => Assert.True(c.Value is not null, $"{entity.Name}.{c.Key} has no length limit"));
    }

    [Fact]
    public void Every_notice_field_the_import_fills_has_the_limit_of_the_database_and_of_the_form()
    {
        var database = DatabaseLimits(typeof(MissingPersonNotice));
        var form = FormLimits(typeof(NoticeForm));
        var imported = NoticeColumns.All.Where(c => c.Property is not null).ToDictionary(c => c.Property!, c => c.MaxLength);

        foreach (var (field, column) in database.Where(c => !SetBySystem[typeof(MissingPersonNotice)].Contains(c.Key)))
        {
            // Marks come in one column of 部位:类型:描述 entries, checked by Mark's own annotations (see below).
            if (field.StartsWith($"{nameof(MissingPersonNotice.Marks)}.", StringComparison.Ordinal)) continue;
            Assert.True(imported.TryGetValue(field, out var limit), $"no import column fills {field}");
            Assert.True(limit == column, $"{field}: the database takes {column} characters, the import {limit?.ToString() ?? "any number"}");
            if (form.TryGetValue(field, out var onForm)) Assert.Equal(onForm, limit);
        }
        // A column with a limit fills a text column with that limit (other names: each name's limit, see below).
        foreach (var column in NoticeColumns.All.Where(c => c.MaxLength is not null && c.Property != nameof(MissingPersonNotice.OtherNames)))
        {
            Assert.True(database.ContainsKey(column.Property!), $"{column.English} has a limit but fills no text column");
        }
        Assert.Equal(FieldLimits.OtherName, NoticeColumns.Of(NoticeField.AlternateNames).MaxLength);
    }

    public static TheoryData<string, string> Pages => new()
    {
        { Roles.CaseOfficer, "/notices/new" },
        { "", "/public/notices/new" },
        { Roles.StationStaff, "/admissions/new" },
        { Roles.Liaison, "/reports/new" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_pages_inputs_take_as_many_characters_as_the_form_behind_them(string role, string page)
    {
        var client = role.Length == 0 ? app.CreateClient() : await app.SignedInAsync(role);
        var html = await client.GetStringAsync(page);
        var form = FormLimits(page.Contains("admissions") ? typeof(AdmissionForm) : page.Contains("reports") ? typeof(ReportIntake.NewReport) : typeof(NoticeForm));

        var inputs = Regex.Matches(html, "<(?:input|textarea)\\b[^>]*>").Select(m => m.Value)
            .Select(tag => (Type: Attribute(tag, "type"), Name: Attribute(tag, "name"), MaxLength: Attribute(tag, "maxlength")))
            .Where(i => i.Name?.StartsWith("Form.", StringComparison.Ordinal) == true && i.Type is null or "text" or "tel")
            .ToList();
        Assert.NotEmpty(inputs);
        foreach (var input in inputs)
        {
            var field = FieldOf(input.Name!["Form.".Length..]);
            if (!form.TryGetValue(field, out var limit)) continue;
            Assert.True(input.MaxLength == limit?.ToString(), $"{page}: {input.Name} takes {input.MaxLength ?? "any number of"} characters, the form {limit}");
        }
    }

    [Fact]
    public async Task The_notice_page_and_the_import_split_other_names_alike()
    {
        // The page used not to split at line breaks, the import did; both now split at the same separators.
        const string typed = "小明、明明,阿明，二娃;老三；狗蛋\n铁蛋";
        var page = new Components.NoticeFields.FormModel { OtherNames = typed }.ToNoticeForm(0);
        var source = Unique("names");

        var summary = await ImportAsync($"来源编号,姓名,别名\nN-1,王某,\"{typed}\"\n", source);

        Assert.Equal(["小明", "明明", "阿明", "二娃", "老三", "狗蛋", "铁蛋"], page.OtherNames);
        Assert.Equal(1, summary.Accepted);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(page.OtherNames, (await scope.ServiceProvider.GetRequiredService<RescueDbContext>().Notices.SingleAsync(n => n.SourceName == source)).OtherNames);
    }

    [Fact]
    public async Task A_date_of_birth_after_today_at_the_station_is_refused_by_the_API_form_and_by_the_import()
    {
        var today = app.Services.GetRequiredService<StationClock>().Today;
        var tomorrow = today.AddDays(1);
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var api = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", dateOfBirth = $"{tomorrow:yyyy-MM-dd}" }));
        var born = await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", dateOfBirth = $"{today:yyyy-MM-dd}" });
        var summary = await ImportAsync($"来源编号,姓名,出生日期\nB-1,王某,{tomorrow:yyyy-MM-dd}\nB-2,王某,{today:yyyy-MM-dd}\nB-3,王某,1899\n", Unique("born"), dryRun: true);

        Assert.Contains("dateOfBirth", api.Keys);
        Assert.Equal(HttpStatusCode.Created, born.StatusCode);
        Assert.Equal([("1", "出生日期"), ("3", "出生日期")], summary.Errors.Select(e => (e.Record, e.Field)));
        Assert.Equal(1, summary.Accepted);
    }

    [Fact]
    public async Task A_last_seen_date_before_1900_is_refused_by_the_API_form_and_by_the_import()
    {
        // The import used to take any year up to tomorrow; the form refused years before 1900.
        var officer = await app.SignedInAsync(Roles.CaseOfficer);

        var api = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", lastSeenOn = "1899-12-31" }));
        var summary = await ImportAsync("来源编号,姓名,最后见到日期\nS-1,王某,1899-12-31\nS-2,王某,1900-01-01\n", Unique("seen"), dryRun: true);

        Assert.Contains("lastSeenOn", api.Keys);
        Assert.Equal([("1", "最后见到日期")], summary.Errors.Select(e => (e.Record, e.Field)));
        Assert.Equal(1, summary.Accepted);
    }

    [Fact]
    public async Task A_mark_is_checked_alike_by_the_notice_form_the_admission_form_and_the_import()
    {
        var officer = await app.SignedInAsync(Roles.CaseOfficer);
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var tooLong = new string('长', FieldLimits.MarkDescription + 1);
        // A zero-width space shows nothing: the import used to take it as a kind, the forms did not.
        object[] marks = [new { bodyLocation = "左臂", kind = "胎记", description = tooLong }, new { bodyLocation = "右腿", kind = "\u200B" }];

        var notice = await ErrorsAsync(await officer.PostAsJsonAsync("/api/v1/notices", new { missingPersonName = "王某", marks }));
        var admission = await ErrorsAsync(await staff.PostAsJsonAsync("/api/v1/admissions", new { marks }));
        var summary = await ImportAsync($"来源编号,姓名,体表特征\nM-1,王某,左臂:胎记:{tooLong}\nM-2,王某,右腿:\u200B\nM-3,王某,左臂:胎记:{tooLong[1..]}\n", Unique("marks"), dryRun: true);

        string[] refused = ["marks[0].description", "marks[1].kind"];
        Assert.Equal(refused, notice.Keys.Where(k => k.StartsWith("marks", StringComparison.Ordinal)).Order());
        Assert.Equal(refused, admission.Keys.Where(k => k.StartsWith("marks", StringComparison.Ordinal)).Order());
        Assert.Equal([("1", "体表特征"), ("2", "体表特征")], summary.Errors.Select(e => (e.Record, e.Field)));
        Assert.Equal(1, summary.Accepted);
    }

    private async Task<ImportSummary> ImportAsync(string csv, string source, bool dryRun = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
        return await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new ImportRequest("rules.csv", dryRun, source), "test", null, default);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The page's name for a form field: <c>Marks[0].Kind</c> → <c>Marks.Kind</c>; the notice page's one mark is MarkLocation and MarkKind.</summary>
    private static string FieldOf(string name) => Regex.Replace(name, "\\[\\d+\\]", "") switch
    {
        "MarkLocation" => $"{nameof(NoticeForm.Marks)}.{nameof(Mark.BodyLocation)}",
        "MarkKind" => $"{nameof(NoticeForm.Marks)}.{nameof(Mark.Kind)}",
        var field => field,
    };

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    private static (Type Entity, Type Form) FormOf(string record) => record switch
    {
        nameof(MissingPersonNotice) => (typeof(MissingPersonNotice), typeof(NoticeForm)),
        nameof(Admission) => (typeof(Admission), typeof(AdmissionForm)),
        _ => (typeof(DiscoveryReport), typeof(ReportIntake.NewReport)),
    };

    /// <summary>
    /// The database's limit of every text column of the entity (enums stored as text excluded), its complex properties'
    /// (<c>Name.Value</c>) and its owned JSON lists' (<c>Marks.Kind</c>), from the EF model.
    /// </summary>
    private Dictionary<string, int?> DatabaseLimits(Type entity)
    {
        using var scope = app.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<RescueDbContext>().Model;
        var limits = new Dictionary<string, int?>();
        Collect(model.FindEntityType(entity)!, "", limits);
        return limits;

        static void Collect(ITypeBase type, string prefix, Dictionary<string, int?> limits)
        {
            foreach (var property in type.GetProperties().Where(p => p.ClrType == typeof(string) && p.GetValueConverter() is null))
            {
                limits[prefix + property.Name] = property.GetMaxLength();
            }
            foreach (var complex in type.GetComplexProperties()) Collect(complex.ComplexType, $"{prefix}{complex.Name}.", limits);
            if (type is IEntityType entityType)
            {
                foreach (var owned in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned())) Collect(owned.TargetEntityType, $"{prefix}{owned.Name}.", limits);
            }
        }
    }

    /// <summary>The CLR type of an entity's property, when it has one by that name.</summary>
    private static Type? ColumnTypeOf(Type entity, string field) => entity.GetProperty(field)?.PropertyType;

    /// <summary>
    /// The form's limit of every text field (null where it has none), walking into the app's own value types
    /// (<c>Name.Value</c>) and the items of lists of them (<c>Marks.Kind</c>), as RequestValidation walks a request.
    /// </summary>
    private static Dictionary<string, int?> FormLimits(Type form)
    {
        var limits = new Dictionary<string, int?>();
        Collect(form, "", limits);
        return limits;

        static void Collect(Type type, string prefix, Dictionary<string, int?> limits)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var kind = property.PropertyType;
                if (kind == typeof(string))
                {
                    limits[prefix + property.Name] = property.GetCustomAttribute<MaxLengthAttribute>()?.Length ?? property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength;
                }
                else if (IsRecord(kind))
                {
                    Collect(kind, $"{prefix}{property.Name}.", limits);
                }
                else if (typeof(IList).IsAssignableFrom(kind) && kind.IsGenericType && IsRecord(kind.GetGenericArguments()[0]))
                {
                    Collect(kind.GetGenericArguments()[0], $"{prefix}{property.Name}.", limits);
                }
            }
        }

        static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Rescue.", StringComparison.Ordinal) == true;
    }
}
