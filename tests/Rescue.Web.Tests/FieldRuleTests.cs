using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
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
            // The form's text of a value the database stores in parts (a partial date) has no column to agree with.
            if (!database.ContainsKey(field) && ColumnTypeOf(entity, field) is not null) continue;
            Assert.True(database.TryGetValue(field, out var column), $"{form.Name}.{field} has no column {entity.Name}.{field}");
            Assert.True(column == limit, $"{entity.Name}.{field}: the database takes {column} characters, {form.Name} {limit}");
        }
        var notOnForm = database.Keys.Except(fields.Keys).Except(SetBySystem[entity]).Except(entity == typeof(MissingPersonNotice) ? NoticeImportOnly : []).Order();
        Assert.True(!notOnForm.Any(), $"{entity.Name} has text columns no form fills: {string.Join(", ", notOnForm)}");
        Assert.All(database, c => Assert.True(c.Value is not null, $"{entity.Name}.{c.Key} has no length limit"));
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
    public void Notice_page_and_import_split_other_names_alike()
    {
        const string typed = "小明、明明,阿明，二娃;老三；狗蛋";
        var page = new Components.NoticeFields.FormModel { OtherNames = typed }.ToNoticeForm(0);

        Assert.Equal(["小明", "明明", "阿明", "二娃", "老三", "狗蛋"], page.OtherNames);
        Assert.Equal(page.OtherNames, FieldFormats.SplitOtherNames(typed));
    }

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
