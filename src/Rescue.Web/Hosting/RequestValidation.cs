using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Rescue.Web.Components;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Hosting;

/// <summary>
/// Checks a request in one pass and reports every broken rule at once, by field (named as in JSON: <c>marks[0].kind</c>),
/// in the reader's language. The declarations are the request's data annotations; on top of them every request gets
/// the same rules whatever its type: no null where a value is needed (nor inside a list), text without control
/// characters, lengths in characters, enum values that exist, numbers that are numbers, and dates within reason.
/// Cross-field rules (<see cref="IValidatableObject"/>) run once the fields they read are there.
/// </summary>
public static class RequestValidation
{
    /// <summary>Dates outside these are typing errors or probes, whatever the field.</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    public static void Validate(object request, StationClock clock)
    {
        var errors = Errors(request, clock);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }

    /// <summary>The errors by field; rules about "the future" ask <see cref="Now"/> and <see cref="Today"/>, so they follow the app's clock.</summary>
    public static Dictionary<string, string[]> Errors(object request, StationClock clock)
    {
        var errors = new Dictionary<string, List<string>>();
        Walk(request, "", errors, new Services(clock), depth: 0);
        return errors.ToDictionary(e => e.Key, e => e.Value.Distinct().ToArray());
    }

    /// <summary>The current time, for an <see cref="IValidatableObject"/> checked by this class.</summary>
    /// <summary>
    /// An enum value named in a query string or a small body field: null when absent; a 400 naming <paramref name="field"/>
    /// and the values it takes when it names none (numbers are refused: they say nothing to a person reading the URL).
    /// </summary>
    public static T? EnumOrNull<T>(string? text, string field) where T : struct, Enum =>
        string.IsNullOrEmpty(text) ? null
        : Enum.TryParse<T>(text, out var value) && Enum.IsDefined(value) ? value
        : throw new ValidationFailedException(field, UiText.Format("Err.OneOf", string.Join(", ", Enum.GetNames<T>())));

    public static DateTimeOffset Now(ValidationContext context) => ClockOf(context).Now;

    /// <summary>Today at the station: every rule about days counts the station's days.</summary>
    public static DateOnly Today(ValidationContext context) => ClockOf(context).Today;

    private static StationClock ClockOf(ValidationContext context) =>
        context.GetService(typeof(StationClock)) as StationClock ?? throw new InvalidOperationException("validate requests through RequestValidation");

    /// <summary>
    /// Validates every argument of an endpoint that came from the request body, so no request type reaches a
    /// handler unchecked, whatever the handler does next. Use on the API's route groups.
    /// </summary>
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // A parameter of the app's own type that is not a service is bound from the body.
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var bodies = context.MethodInfo.GetParameters().Index()
            .Where(p => IsRecord(p.Item.ParameterType) && !services.IsService(p.Item.ParameterType)).Select(p => p.Index).ToArray();
        if (bodies.Length == 0) return next;
        return invocation =>
        {
            var clock = invocation.HttpContext.RequestServices.GetRequiredService<StationClock>();
            foreach (var i in bodies)
            {
                if (invocation.Arguments[i] is { } body) Validate(body, clock);
            }
            return next(invocation);
        };
    }

    /// <summary>
    /// Refuses a request whose query string holds control characters or direction overrides (a NUL in a search box
    /// would otherwise reach PostgreSQL, which refuses it with an error), naming the parameter, before anything reads it.
    /// </summary>
    public static IApplicationBuilder UseQueryValidation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, values) in context.Request.Query)
        {
            var problem = TextRules.Problem(key, freeText: false) ?? values.Select(v => v is null ? null : TextRules.Problem(v, freeText: false)).FirstOrDefault(p => p is not null);
            // Named as a body field would be (ReturnUrl → returnUrl): query keys are read without regard to case.
            if (problem is not null) errors[JsonName(TextRules.Clean(key, freeText: false))] = [UiText.Format(problem)];
        }
        if (errors.Count == 0)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = UiText.Format("Err.Title") },
        });
    });

    /// <summary>
    /// The field a request could not be read at: the JSON path of a body that did not parse (<c>$.marks[0].kind</c> →
    /// <c>marks[0].kind</c>), or the parameter named in ASP.NET Core's binding message (<c>"DateTimeOffset? from"</c> → <c>from</c>).
    /// </summary>
    public static string? FieldOf(BadHttpRequestException e)
    {
        if (e.InnerException is System.Text.Json.JsonException { Path: { Length: > 1 } path }) return path.TrimStart('$', '.');
        var match = System.Text.RegularExpressions.Regex.Match(e.Message, "parameter \"[^\"]* (?<name>[A-Za-z_][A-Za-z0-9_]*)\"");
        return match.Success ? match.Groups["name"].Value : null;
    }

    public static string JsonName(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];

    private const int MaxDepth = 8;

    private static bool Walk(object target, string prefix, Dictionary<string, List<string>> errors, Services services, int depth)
    {
        var complete = true;
        foreach (var property in PropertiesOf(target.GetType()))
        {
            var field = prefix + JsonName(property.Info.Name);
            var value = property.Info.GetValue(target);
            if (!CheckValue(value, property, field, errors, services, depth)) complete = false;
        }
        // Cross-field rules run with the rest, so a person sees every message at once; they only need every list
        // and record they read to be there (a null would break them).
        if (complete && target is IValidatableObject rules)
        {
            foreach (var result in rules.Validate(new ValidationContext(target, services, null)))
            {
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                {
                    Add(errors, member.Length == 0 ? prefix.TrimEnd('.') : prefix + JsonName(member), result.ErrorMessage ?? UiText.Format("Err.Invalid"));
                }
            }
        }
        return complete;
    }

    /// <summary>Checks one value against its property's declarations; false when a needed value is missing.</summary>
    private static bool CheckValue(object? value, Property property, string field, Dictionary<string, List<string>> errors, Services services, int depth)
    {
        if (value is null)
        {
            if (property.Required) Add(errors, field, UiText.Format("Err.Required"));
            else if (property.NotNull) Add(errors, field, UiText.Format("Err.Null"));
            return !property.NotNull && !property.Required;
        }
        foreach (var attribute in property.Attributes)
        {
            if (Message(attribute, value) is { } message) Add(errors, field, message);
        }
        switch (value)
        {
            case string text:
                if (TextRules.Problem(text, property.FreeText) is { } problem) Add(errors, field, UiText.Format(problem));
                return true;
            case Enum e:
                if (!IsDefined(e)) Add(errors, field, UiText.Format("Err.Choice"));
                return true;
            case double d when !double.IsFinite(d):
            case float f when !float.IsFinite(f):
                Add(errors, field, UiText.Format("Err.Number"));
                return true;
            case DateTimeOffset instant:
                CheckDate(DateOnly.FromDateTime(instant.UtcDateTime), field, errors);
                return true;
            case DateTime time:
                CheckDate(DateOnly.FromDateTime(time), field, errors);
                return true;
            case DateOnly date:
                CheckDate(date, field, errors);
                return true;
            case IList list:
                // Past its limit a list is not read item by item: a 20,000-item list gets one error, not 20,000.
                if (property.MaxItems is { } max && list.Count > max) return true;
                var complete = true;
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    var itemField = $"{field}[{i}]";
                    if (item is null)
                    {
                        // A list of int? may hold nulls (a photo's unknown year); a list of names may not.
                        if (property.ItemsNullable) continue;
                        Add(errors, itemField, UiText.Format("Err.Null"));
                        complete = false;
                    }
                    else if (item is string s)
                    {
                        if (TextRules.Problem(s, property.FreeText) is { } p) Add(errors, itemField, UiText.Format(p));
                    }
                    else if (item is Enum ie)
                    {
                        if (!IsDefined(ie)) Add(errors, itemField, UiText.Format("Err.Choice"));
                    }
                    else if (IsRecord(item.GetType()) && depth < MaxDepth && !Walk(item, itemField + ".", errors, services, depth + 1))
                    {
                        complete = false;
                    }
                }
                return complete;
            default:
                if (IsRecord(value.GetType()) && depth < MaxDepth) return Walk(value, field + ".", errors, services, depth + 1);
                return true;
        }
    }

    private static void CheckDate(DateOnly date, string field, Dictionary<string, List<string>> errors)
    {
        if (date < EarliestDate || date > LatestDate) Add(errors, field, UiText.Format("Err.Date.Absurd"));
    }

    /// <summary>The message for a broken data annotation, in the reader's language; null when the value keeps it.</summary>
    private static string? Message(ValidationAttribute attribute, object value) => attribute switch
    {
        RequiredAttribute => value is string s && TextRules.IsBlank(s) ? UiText.Format("Err.Required") : null,
        MaxLengthAttribute max => value switch
        {
            string s => TextRules.Length(s) > max.Length ? UiText.Format("Err.MaxLength", max.Length) : null,
            ICollection c => c.Count > max.Length ? UiText.Format("Err.MaxItems", max.Length) : null,
            _ => null,
        },
        MinLengthAttribute min => value switch
        {
            string s => TextRules.Length(s) < min.Length ? UiText.Format("Err.MinLength", min.Length) : null,
            ICollection c => c.Count < min.Length ? UiText.Format("Err.MinItems", min.Length) : null,
            _ => null,
        },
        RangeAttribute range => value is double d && !double.IsFinite(d) ? null
            : IsValid(attribute, value) ? null : UiText.Format("Err.Range", range.Minimum, range.Maximum),
        EmailAddressAttribute => IsValid(attribute, value) ? null : UiText.Format("Err.Email"),
        // Other rules name their message by its UiText key.
        _ => IsValid(attribute, value) ? null : UiText.Format(attribute.ErrorMessage ?? "Err.Invalid"),
    };

    /// <summary>An attribute's verdict; a value it cannot even compare (1e308 against an int range overflows) breaks it.</summary>
    private static bool IsValid(ValidationAttribute attribute, object value)
    {
        try
        {
            return attribute.IsValid(value);
        }
        catch (Exception e) when (e is OverflowException or FormatException or InvalidCastException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsDefined(Enum value)
    {
        var type = value.GetType();
        if (type.IsDefined(typeof(FlagsAttribute), false))
        {
            // Through long: a negative number (-1 sets every bit) is a value too, and an undefined one.
            var all = Enum.GetValues(type).Cast<Enum>().Aggregate(0L, (bits, v) => bits | Convert.ToInt64(v, CultureInfo.InvariantCulture));
            return (Convert.ToInt64(value, CultureInfo.InvariantCulture) & ~all) == 0;
        }
        return Enum.IsDefined(type, value);
    }

    /// <summary>The app's own request and value types are walked into; framework types are not.</summary>
    private static bool IsRecord(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Rescue.", StringComparison.Ordinal) == true;

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }

    private sealed record Property(PropertyInfo Info, ValidationAttribute[] Attributes, bool Required, bool NotNull, bool FreeText, int? MaxItems, bool ItemsNullable);

    private static readonly ConcurrentDictionary<Type, Property[]> Properties = new();
    private static readonly NullabilityInfoContext Nullability = new();

    private static Property[] PropertiesOf(Type type) => Properties.GetOrAdd(type, t =>
    {
        lock (Nullability)
        {
            return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
                .Select(p =>
                {
                    var attributes = p.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
                    var nullability = Nullability.Create(p);
                    var notNull = !p.PropertyType.IsValueType && nullability.ReadState == NullabilityState.NotNull;
                    var itemsNullable = nullability.GenericTypeArguments is [{ } item] && (Nullable.GetUnderlyingType(item.Type) is not null || item.ReadState == NullabilityState.Nullable);
                    var maxItems = typeof(ICollection).IsAssignableFrom(p.PropertyType) ? attributes.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length : null;
                    return new Property(p, attributes, attributes.OfType<RequiredAttribute>().Any(), notNull, p.IsDefined(typeof(FreeTextAttribute)), maxItems, itemsNullable);
                })
                .ToArray();
        }
    });

    /// <summary>Hands the app's clocks to the validation context.</summary>
    private sealed class Services(StationClock clock) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(StationClock) ? clock : null;
    }
}

/// <summary>Marks text that may hold line breaks and tabs (descriptions, notes); every other text is one line.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FreeTextAttribute : Attribute;
