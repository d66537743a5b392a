using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Testing;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Announcements;
using Rescue.Web.Features.Cases;
using Rescue.Web.Features.Matching;
using Rescue.Web.Features.Notices;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// Every endpoint that reads a body or a query gets nulls, NULs, 1 MB strings, 20,000-item lists, undefined enum
/// numbers, absurd dates and numbers that are not numbers, field by field: the answer is never a 500, and what
/// cannot be right is a 400 naming the field. The fields come from the request types, so a new field is probed too.
/// </summary>
public class HostileInputTests(RescueApp app) : IClassFixture<RescueApp>
{
    private const string Anonymous = "";

    /// <summary>An endpoint that reads a JSON body: who may call it, and the smallest body it accepts.</summary>
    private sealed record BodyEndpoint(string Role, HttpMethod Method, string Url, Type BodyType, Func<JsonObject> Valid);

    private static readonly string Huge = new('x', 1_000_000);

    private static JsonArray HugeList() => new(Enumerable.Range(0, 20_000).Select(_ => (JsonNode?)JsonValue.Create("x")).ToArray());

    /// <summary>Each mutation, and whether it can never be right whatever the field.</summary>
    private static readonly (string Name, Func<JsonNode?> Value, bool AlwaysWrong)[] Mutations =
    [
        ("null", () => null, false),
        ("NUL", () => JsonValue.Create("a\u0000b"), true),
        ("1 MB", () => JsonValue.Create(Huge), true),
        ("20,000 items", HugeList, true),
        ("999", () => JsonValue.Create(999), false),
        ("-1", () => JsonValue.Create(-1), false),
        ("9999-12-31", () => JsonValue.Create("9999-12-31T23:59:59+00:00"), false),
        ("NaN", () => JsonValue.Create("NaN"), false),
        ("1e308", () => JsonNode.Parse("1e308"), false),
        ("object", () => new JsonObject { ["a"] = 1 }, false),
        ("RLO", () => JsonValue.Create("张\u202E三"), false),
        ("zero-width", () => JsonValue.Create("\u200B\u200B"), false),
    ];

    [Fact]
    public async Task Every_body_field_refuses_hostile_values_with_a_400_naming_it_and_never_a_500()
    {
        var endpoints = await BodyEndpointsAsync();
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var client = await ClientAsync(endpoint.Role);
            foreach (var field in Fields(endpoint.BodyType))
            {
                foreach (var (name, value, alwaysWrong) in Mutations)
                {
                    var body = endpoint.Valid();
                    Set(body, field, value());
                    var response = await SendAsync(client, endpoint.Method, endpoint.Url, body);
                    var problem = await DescribeAsync(response, field.Path, alwaysWrong || MustRefuse(field, name));
                    if (problem is not null) failures.Add($"{endpoint.Method} {endpoint.Url} {field.Path} = {name}: {problem}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} in all)");
    }

    [Fact]
    public async Task The_table_names_every_endpoint_that_takes_a_body()
    {
        var covered = (await BodyEndpointsAsync()).Select(e => $"{e.Method} {Route(e.Url)}").ToHashSet();
        // Endpoints whose body is files (multipart), or that take none.
        string[] withoutJson =
        [
            "POST /api/v1/admissions/{}/photos", "POST /api/v1/notices/{}/photos", "POST /api/v1/notices/import", "DELETE /api/v1/api-keys/{}",
            "POST /api/v1/matching/links/{}/undo", "POST /api/v1/announcements/{}/approve", "DELETE /api/v1/calendar/local-days/{}",
            "POST /api/v1/admissions/{}/care",
        ];
        var unlisted = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Route("/" + e.RoutePattern.RawText?.TrimStart('/'))}"))
            .Where(e => !e.StartsWith("GET ", StringComparison.Ordinal) && e.Contains("/api/", StringComparison.Ordinal))
            .Where(e => !covered.Contains(e) && !withoutJson.Contains(e))
            .ToList();
        Assert.Empty(unlisted);
    }

    public static TheoryData<string, string, string[]> Queries => new()
    {
        { Roles.Liaison, "/api/v1/reports", ["q", "status", "from", "to", "agencyId"] },
        { Roles.StationStaff, "/api/v1/admissions", ["q", "status"] },
        { Roles.CaseOfficer, "/api/v1/notices", ["q", "status", "source"] },
        { Roles.CaseOfficer, "/api/v1/notices/export", ["format", "status"] },
        { Roles.StationStaff, "/reports", ["q", "status", "from", "to", "agencyId"] },
        { Roles.StationStaff, "/admissions", ["q"] },
        { Roles.StationStaff, "/admissions/new", ["reportId"] },
        { Roles.CaseOfficer, "/notices", ["q", "status"] },
        { Roles.CaseOfficer, "/api/v1/matching/candidates", ["status", "admissionId", "noticeId", "take"] },
        { Roles.CaseOfficer, "/api/v1/matching/search", ["noticeId", "admissionId", "sex", "from"] },
        { Roles.CaseOfficer, "/matching", ["status"] },
        { Roles.CaseOfficer, "/api/v1/announcements", ["list", "take"] },
        { Roles.StationStaff, "/api/v1/announcements/export", ["format"] },
        { Roles.StationStaff, "/announcements", ["list"] },
        { Roles.CaseOfficer, "/api/v1/tips", ["status", "take"] },
        { Roles.CaseOfficer, "/tips", ["status"] },
        { Roles.StationStaff, "/matching/search", ["noticeId", "admissionId", "sex", "from"] },
        { Roles.Administrator, "/statistics", ["month"] },
        { Anonymous, "/gg", ["sex", "ageFrom", "ageTo", "heightFrom", "heightTo", "region", "foundFrom", "foundTo", "dialect", "page"] },
        { Anonymous, "/login", ["ReturnUrl"] },
        { Anonymous, "/culture/en", ["returnUrl"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Every_query_value_that_cannot_be_read_is_a_400_naming_it_and_never_a_500(string role, string path, string[] parameters)
    {
        var client = await ClientAsync(role);
        var failures = new List<string>();
        foreach (var parameter in parameters)
        {
            foreach (var (value, mustRefuse) in new[] { ("a\u0000b", true), ("x", false), (new string('x', 4000), false), ("9999-12-31", false), ("%", false), ("\\", false) })
            {
                var response = await client.GetAsync($"{path}?{parameter}={Uri.EscapeDataString(value)}");
                var problem = await DescribeAsync(response, parameter, mustRefuse);
                if (problem is not null) failures.Add($"{path}?{parameter}={value[..Math.Min(value.Length, 12)]}: {problem}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A form on a page and the free-text field probed in it: who posts it, where, what else it needs.</summary>
    private sealed record PageForm(string Role, string Path, string Form, string Field, bool Multipart, params (string Name, string Value)[] Others);

    /// <summary>Forms whose fields are all chosen, not typed (buttons, lists, files, numbers): nothing free to probe.</summary>
    private static readonly string[] FormsWithoutFreeText = ["undo", "set-role", "revoke-key", "add-photos", "choose-face", "publish", "approve", "start-care", "policy", "remove-local-day"];

    /// <summary>Each value a page's form is probed with, and the words that must answer it (null: any message the page gives).</summary>
    private static readonly (string Name, string Value, string? Message)[] FormMutations =
    [
        ("NUL", "a\u0000b", "含有不允许的控制字符"),
        // Too long for any field, or no account's (the login page says the email or password is wrong).
        ("1 MB", Huge, null),
        // 9 MB as a browser encodes it: past the form reader's limit, which may answer with the error page instead.
        ("1 MB of Chinese", new string('张', 1_000_000), null),
    ];

    [Fact]
    public async Task Every_page_form_answers_a_NUL_or_a_1_MB_value_with_a_page_that_says_why_and_never_an_empty_400_or_a_500()
    {
        var forms = await PageFormsAsync();
        var failures = new List<string>();
        foreach (var form in forms)
        {
            foreach (var (name, value, message) in FormMutations)
            {
                var client = await ClientAsync(form.Role);
                (string, string)[] fields = [.. form.Others, (form.Field, value)];
                var response = form.Multipart
                    ? await client.PostMultipartFormAsync(form.Path, form.Form, fields)
                    : await client.PostFormAsync(form.Path, form.Form, fields);
                var page = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var rerendered = status < 400 && page.Contains(message ?? "class=\"error", StringComparison.Ordinal);
                // A limit may refuse the whole form before the page reads it: then the app's error page says so.
                var errorPage = name != "NUL" && status is 400 or 413 && page.Contains("class=\"card error-page\"", StringComparison.Ordinal);
                if (!rerendered && !errorPage) failures.Add($"{form.Path} {form.Form} {form.Field} = {name}: {status} {response.Content.Headers.ContentType}, {page.Length} characters");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_page_form_table_names_every_form_of_the_pages()
    {
        var components = Path.Combine(AppProcess.RepositoryRoot(), "src", "Rescue.Web", "Components");
        var named = Directory.EnumerateFiles(components, "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "(?:@formname|FormName)=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
            .Distinct();
        var covered = (await PageFormsAsync()).Select(f => f.Form).Concat(FormsWithoutFreeText).ToHashSet();
        var unlisted = named.Except(covered).ToList();
        Assert.Empty(unlisted);
    }

    private async Task<List<PageForm>> PageFormsAsync()
    {
        var staff = await ClientAsync(Roles.StationStaff);
        var officer = await ClientAsync(Roles.CaseOfficer);
        var admission = await CreatedIdAsync(await staff.PostAsync("/api/v1/admissions", Json(new JsonObject { ["sex"] = "Male" })));
        var notice = await CreatedIdAsync(await officer.PostAsync("/api/v1/notices", Json(new JsonObject { ["missingPersonName"] = "探测" })));
        var (candidate, _, _) = await CandidatePageTests.CandidateAsync(app);
        var agency = await CreatedIdAsync(await (await ClientAsync(Roles.Administrator)).PostAsync("/api/v1/agencies", Json(new JsonObject { ["name"] = $"探测派出所{Guid.NewGuid():N}" })));
        await app.CaughtUpAsync();
        var announcement = $"/announcements/{await app.AnnouncementOfAsync(Guid.Parse(admission))}";
        var foundOn = app.Clock.GetUtcNow().AddDays(-2).ToString("yyyy-MM-dd");
        var (_, code) = await app.PublishedAnnouncementAsync();
        var tipped = await app.CreateBrowserlikeClient().SendTipAsync(code, new { name = "李女士", phone = "13912345678", message = "探测线索 " + Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Accepted, tipped.StatusCode);
        var tip = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/tips?status=New&take=1")).EnumerateArray().Single().GetProperty("id").GetGuid();
        var stranded = await CreatedIdAsync(await staff.PostAsync("/api/v1/admissions", Json(new JsonObject { ["sex"] = "Female", ["admittedAt"] = app.Clock.GetUtcNow().AddDays(-11).ToString("O") })));
        await StayClock.SweepAsync(app.Services.GetRequiredService<IServiceScopeFactory>(), default);
        return
        [
            new(Roles.StationStaff, $"/admissions/{admission}", "reception-check", "Check.Reason", false, ("Check.Outcome", "Hospital"), ("Check.Destination", "市医院")),
            new(Roles.CaseOfficer, $"/admissions/{stranded}", "stranded-review", "Review.Reason", false, ("Review.Placement", "InStation")),
            new(Roles.StationStaff, $"/admissions/{admission}/exit", "exit", "Form.Reason", false, ("Form.Kind", "Termination")),
            new(Anonymous, $"/gg/{code}/tip", "tip", "Form.Message", true, ("Form.Name", "李女士"), ("Form.Phone", "13912345678")),
            new(Anonymous, $"/gg/{code}/tip", "tip", "Form.Name", true, ("Form.Message", "探测"), ("Form.Phone", "13912345678")),
            new(Roles.CaseOfficer, $"/tips/{tip}", "decide", "Note", false, ("Decision", "Dismissed")),
            new(Roles.CaseOfficer, $"/tips/{tip}", "notice", "MissingPersonName", false, ("Sex", "Male")),
            new(Roles.StationStaff, announcement, "edit", "Form.Description", false, ("Form.FoundOn", foundOn), ("Form.FoundPlace", "人民路"), ("Form.Contact", "示范市救助管理站")),
            new(Roles.CaseOfficer, announcement, "withdraw", "Note", false, ("Reason", "Error")),
            new(Roles.CaseOfficer, $"/matching/{candidate}", "confirm", "Note", false),
            new(Roles.CaseOfficer, $"/matching/{candidate}", "reject", "Reason", false),
            new(Roles.CaseOfficer, $"/notices/{notice}", "status", "StatusNote", false, ("NewStatus", "Withdrawn")),
            new(Roles.CaseOfficer, $"/admissions/{admission}/settlement", "settlement-step", "Step.Office", true, ("Step.Kind", "Application"), ("Step.On", foundOn)),
            new(Roles.CaseOfficer, $"/admissions/{admission}/settlement", "settlement-step", "Step.Reference", true, ("Step.Kind", "Application"), ("Step.On", foundOn), ("Step.Office", "示范市民政局")),
            new(Roles.CaseOfficer, $"/notices/{notice}/edit", "edit-notice", "Form.Circumstances", false, ("Form.MissingPersonName", "王某")),
            new(Roles.CaseOfficer, "/notices/new", "new-notice", "Form.Circumstances", true, ("Form.MissingPersonName", "王某"), ("Source", "WalkIn")),
            new(Roles.CaseOfficer, "/notices/import", "import-notices", "Source", true),
            new(Anonymous, "/public/notices/new", "public-notice", "Form.Circumstances", true,
                ("Form.MissingPersonName", "王某"), ("Form.ReporterName", "王父"), ("Form.ReporterPhone", "13800000000")),
            new(Roles.StationStaff, $"/admissions/{admission}/edit", "edit-admission", "Form.Circumstances", false, ("Form.Sex", "Male")),
            new(Roles.StationStaff, "/admissions/new", "new-admission", "Form.Circumstances", true, ("Form.Sex", "Male")),
            new(Roles.Liaison, "/reports/new", "new-report", "Form.Description", true,
                ("Form.IdempotencyKey", Guid.NewGuid().ToString()), ("Form.FoundAt", app.Clock.GetUtcNow().AddHours(-1).ToString("yyyy-MM-ddTHH:mm")),
                ("Form.PlaceText", "人民路"), ("Form.HowFound", "Patrol"), ("Form.Disposition", "EscortedToStation"), ("Form.OfficerName", "张警官")),
            new(Roles.Administrator, "/admin/users", "create-user", "NewUser.DisplayName", false,
                ("NewUser.Email", $"probe-{Guid.NewGuid():N}@demo.rescue"), ("NewUser.Password", "probe-password-2026"), ("NewUser.Role", Roles.StationStaff)),
            new(Roles.Administrator, "/admin/agencies", "create-agency", "NewAgency.Name", false, ("NewAgency.Kind", "Police")),
            new(Roles.Administrator, "/admin/agencies", "issue-key", "Issue.Name", false, ("Issue.AgencyId", agency)),
            new(Roles.Administrator, "/admin/calendar", "add-local-day", "NewDay.Name", false, ("NewDay.Day", "2027-05-06"), ("NewDay.IsWorkingDay", "false")),
            new(Anonymous, "/login", "login", "Input.Email", false, ("Input.Password", "probe-password-2026")),
            // No one's account, so a refused password locks no one out.
            new(Anonymous, "/login", "login", "Input.Password", false, ("Input.Email", "probe@demo.rescue")),
        ];
    }

    /// <summary>Null when the answer is acceptable; else what is wrong with it.</summary>
    private static async Task<string?> DescribeAsync(HttpResponseMessage response, string field, bool mustRefuse)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status}: {Shorten(await response.Content.ReadAsStringAsync())}";
        if (status == 400)
        {
            var text = await response.Content.ReadAsStringAsync();
            // A page answers 400 with the app's own page; the API answers problem+json, which must name the field.
            if (!(response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)) return null;
            using var json = JsonDocument.Parse(text);
            if (!json.RootElement.TryGetProperty("errors", out var errors)) return $"400 without errors: {Shorten(text)}";
            var root = Root(field);
            var named = errors.EnumerateObject().Any(e => Root(e.Name) == root || e.Name.StartsWith(root, StringComparison.OrdinalIgnoreCase));
            // A value that may be right can be refused for another field's sake (a status move the rules forbid).
            return named || !mustRefuse ? null : $"400 names {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}, not {field}";
        }
        return mustRefuse ? $"{status}, expected 400" : null;
    }

    private static string Root(string field) => field.Split('[', '.')[0].ToLowerInvariant();

    private static string Shorten(string text) => text.Length > 300 ? text[..300] : text;

    /// <summary>Undefined enum numbers and dates out of reason are refused wherever the field is an enum or a date.</summary>
    private static bool MustRefuse(Field field, string mutation) => mutation switch
    {
        "999" => field.Leaf.IsEnum,
        "9999-12-31" => field.Leaf == typeof(DateTimeOffset) || field.Leaf == typeof(DateOnly),
        "NaN" => field.Leaf != typeof(string),
        "20,000 items" or "NUL" or "1 MB" => true,
        _ => false,
    };

    private async Task<List<BodyEndpoint>> BodyEndpointsAsync()
    {
        var staff = await ClientAsync(Roles.StationStaff);
        var officer = await ClientAsync(Roles.CaseOfficer);
        var admin = await ClientAsync(Roles.Administrator);
        var admission = await CreatedIdAsync(await staff.PostAsync("/api/v1/admissions", Json(new JsonObject { ["sex"] = "Male" })));
        var notice = await CreatedIdAsync(await officer.PostAsync("/api/v1/notices", Json(new JsonObject { ["missingPersonName"] = "探测" })));
        var agency = await CreatedIdAsync(await admin.PostAsync("/api/v1/agencies", Json(new JsonObject { ["name"] = $"探测派出所{Guid.NewGuid():N}" })));
        var (_, code) = await app.PublishedAnnouncementAsync();
        var user = (await (await admin.PostAsync("/api/v1/users", Json(new JsonObject
        {
            ["email"] = $"probe-target-{Guid.NewGuid():N}@demo.rescue",
            ["displayName"] = "探测",
            ["password"] = "probe-password-2026",
            ["role"] = Roles.StationStaff,
        }))).Content.ReadAsAsync<JsonElement>()).GetProperty("id").GetString();

        return
        [
            new(Roles.Liaison, HttpMethod.Post, "/api/v1/reports", typeof(ReportIntake.NewReport), () => new JsonObject
            {
                ["officerName"] = "张警官", ["foundAt"] = app.Clock.GetUtcNow().AddHours(-1).ToString("O"), ["placeText"] = "人民路",
                ["howFound"] = "Patrol", ["disposition"] = "EscortedToStation", ["description"] = "老年男性",
            }),
            new(Roles.StationStaff, HttpMethod.Post, "/api/v1/admissions", typeof(AdmissionForm), () => new JsonObject()),
            new(Roles.StationStaff, HttpMethod.Put, $"/api/v1/admissions/{admission}", typeof(AdmissionForm), () => new JsonObject()),
            new(Roles.CaseOfficer, HttpMethod.Post, "/api/v1/notices", typeof(NoticeForm), () => new JsonObject { ["missingPersonName"] = "王某" }),
            new(Roles.CaseOfficer, HttpMethod.Put, $"/api/v1/notices/{notice}", typeof(NoticeForm), () => new JsonObject { ["missingPersonName"] = "王某" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/notices/{notice}/status", typeof(NoticeStatusChange), () => new JsonObject { ["status"] = "Open", ["note"] = "探测" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/matching/candidates/{Guid.NewGuid()}/confirm", typeof(CandidateDecision), () => new JsonObject { ["note"] = "探测" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/matching/candidates/{Guid.NewGuid()}/reject", typeof(CandidateDecision), () => new JsonObject { ["note"] = "探测" }),
            new(Roles.StationStaff, HttpMethod.Put, $"/api/v1/announcements/{Guid.NewGuid()}", typeof(AnnouncementForm), () => new JsonObject
            {
                ["foundOn"] = "2026-11-01", ["foundPlace"] = "人民路", ["contact"] = "示范市救助管理站",
            }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/announcements/{Guid.NewGuid()}/publish", typeof(AnnouncementsApi.PublishRequest), () => new JsonObject { ["channels"] = new JsonArray("NationalSite") }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/announcements/{Guid.NewGuid()}/withdraw", typeof(AnnouncementsApi.WithdrawRequest), () => new JsonObject { ["reason"] = "Error", ["note"] = "探测" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/admissions/{admission}/dna", typeof(DnaRequests.NewRequest), () => new JsonObject { ["policeUnit"] = "城东派出所", ["requestedOn"] = "2026-11-02" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/admissions/{admission}/settlement/steps", typeof(Settlements.StepForm), () => new JsonObject
            {
                ["kind"] = "Application", ["on"] = "2026-11-02", ["office"] = "示范市民政局",
            }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/dna/{Guid.NewGuid()}/result", typeof(DnaRequests.ResultForm), () => new JsonObject { ["result"] = "NoMatch", ["resultOn"] = "2026-11-20" }),
            new(Roles.StationStaff, HttpMethod.Post, $"/api/v1/admissions/{Guid.NewGuid()}/reception-check", typeof(ReceptionCheckForm), () => new JsonObject { ["outcome"] = "Register", ["reason"] = "探测" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/admissions/{Guid.NewGuid()}/stranded-review", typeof(StrandedReviewForm), () => new JsonObject { ["placement"] = "InStation", ["reason"] = "探测" }),
            new(Roles.StationStaff, HttpMethod.Post, $"/api/v1/admissions/{Guid.NewGuid()}/exit", typeof(ExitForm), () => new JsonObject { ["kind"] = "Unauthorised", ["reason"] = "探测" }),
            new(Anonymous, HttpMethod.Post, "/api/v1/public/notices", typeof(NoticeForm), () => new JsonObject
            {
                ["missingPersonName"] = "王某", ["reporterName"] = "王父", ["reporterPhone"] = "13800000000", ["circumstances"] = Guid.NewGuid().ToString(),
            }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/tips/{Guid.NewGuid()}/note", typeof(TipDecision), () => new JsonObject { ["note"] = "探测" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/tips/{Guid.NewGuid()}/dismiss", typeof(TipDecision), () => new JsonObject { ["note"] = "探测" }),
            new(Roles.CaseOfficer, HttpMethod.Post, $"/api/v1/tips/{Guid.NewGuid()}/notice", typeof(NoticeForm), () => new JsonObject { ["missingPersonName"] = "王某" }),
            new(Anonymous, HttpMethod.Post, $"/api/v1/public/announcements/{code}/tips", typeof(TipForm), () => new JsonObject
            {
                ["name"] = "李女士", ["phone"] = "13912345678", ["message"] = "探测 " + Guid.NewGuid(),
            }),
            new(Roles.StationStaff, HttpMethod.Put, $"/api/v1/photos/{Guid.NewGuid()}/person-face", typeof(FacesApi.PersonFaceChoice), () => new JsonObject { ["faceId"] = Guid.NewGuid() }),
            new(Roles.Administrator, HttpMethod.Post, "/api/v1/users", typeof(UserAdministration.NewUser), () => new JsonObject
            {
                ["email"] = $"probe-{Guid.NewGuid():N}@demo.rescue", ["displayName"] = "探测", ["password"] = "probe-password-2026", ["role"] = Roles.CaseOfficer,
            }),
            new(Roles.Administrator, HttpMethod.Put, $"/api/v1/users/{user}/role", typeof(UsersApi.RoleChange), () => new JsonObject { ["role"] = Roles.StationStaff }),
            new(Roles.Administrator, HttpMethod.Post, "/api/v1/agencies", typeof(UserAdministration.NewAgency), () => new JsonObject { ["name"] = $"探测{Guid.NewGuid():N}" }),
            new(Roles.Administrator, HttpMethod.Post, $"/api/v1/agencies/{agency}/api-keys", typeof(UsersApi.ApiKeyRequest), () => new JsonObject { ["name"] = "探测" }),
            // Every value as the migration seeds it; a save that passes makes the next body's updatedAt stale (a 409, which is fine here).
            new(Roles.Administrator, HttpMethod.Put, "/api/v1/policy", typeof(CasePolicies.Change), () => JsonSerializer.SerializeToNode(new CasePolicies.Change(), JsonOptions)!.AsObject()),
            new(Roles.Administrator, HttpMethod.Put, "/api/v1/calendar/local-days/2027-05-06", typeof(LocalDays.Declaration), () => new JsonObject { ["isWorkingDay"] = false, ["name"] = "探测" }),
        ];
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>A route with its parameters blanked, so a table URL and a route pattern compare: /api/v1/notices/{}/status.</summary>
    private static string Route(string url) =>
        System.Text.RegularExpressions.Regex.Replace(url, "\\{[^}]+\\}|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<=users/)[^/]+|(?<=public/announcements/)[^/]+", "{}").TrimEnd('/');

    private async Task<HttpClient> ClientAsync(string role) => role == Anonymous ? app.CreateBrowserlikeClient() : await app.SignedInAsync(role);

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, JsonNode body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = Json(body) });

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsAsync<JsonElement>()).GetProperty("id").ToString();
    }

    /// <summary>A place in a request body (<c>marks[0].kind</c>) and the type of the value there.</summary>
    private sealed record Field(string Path, Type Leaf);

    /// <summary>Every property of a request type, and of the records and lists it holds, as JSON paths.</summary>
    private static IEnumerable<Field> Fields(Type type, string prefix = "", int depth = 0)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || p.CanRead))
        {
            var name = prefix + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var leaf = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            yield return new(name, leaf);
            if (depth > 1) continue;
            var item = leaf.IsGenericType && typeof(IList).IsAssignableFrom(leaf) ? leaf.GetGenericArguments()[0] : null;
            if (item is not null && IsRecord(item))
            {
                foreach (var f in Fields(item, name + "[0].", depth + 1)) yield return f;
            }
            else if (item is not null)
            {
                yield return new(name + "[0]", Nullable.GetUnderlyingType(item) ?? item);
            }
            else if (IsRecord(leaf))
            {
                foreach (var f in Fields(leaf, name + ".", depth + 1)) yield return f;
            }
        }
    }

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Rescue.", StringComparison.Ordinal) == true;

    /// <summary>Values that make a nested record valid, so only the mutated field is wrong.</summary>
    private static readonly Dictionary<string, Func<JsonObject>> ValidItems = new()
    {
        ["marks"] = () => new JsonObject { ["bodyLocation"] = "左手背", ["kind"] = "疤痕" },
        ["belongings"] = () => new JsonObject { ["item"] = "手机", ["quantity"] = 1 },
    };

    /// <summary>Puts <paramref name="value"/> at the field's path, building valid parents on the way.</summary>
    private static void Set(JsonObject body, Field field, JsonNode? value)
    {
        var parts = field.Path.Split('.');
        JsonObject target = body;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            var part = parts[i];
            if (part.EndsWith("[0]", StringComparison.Ordinal))
            {
                var list = part[..^3];
                var item = ValidItems.TryGetValue(list, out var make) ? make() : [];
                target[list] = new JsonArray(item);
                target = item;
            }
            else
            {
                if (target[part] is not JsonObject child) target[part] = child = [];
                target = child;
            }
        }
        var last = parts[^1];
        if (last.EndsWith("[0]", StringComparison.Ordinal)) target[last[..^3]] = new JsonArray(value);
        else target[last] = value;
    }
}
