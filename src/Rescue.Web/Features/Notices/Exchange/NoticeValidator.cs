using System.Globalization;
using Rescue.Web.Components;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Reports;
using Rescue.Web.Hosting;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>A record that passed every check, as the notice it becomes; the status counts only when the file gave one.</summary>
internal sealed record ValidatedNotice(string Record, MissingPersonNotice Notice, bool StatusGiven);

/// <summary>What one record and its notes came to: the notice (null when refused), the errors, and the warnings of an accepted record.</summary>
internal sealed record CheckedRecord(ValidatedNotice? Notice, List<ImportError> Errors, List<ImportWarning> Warnings);

/// <summary>
/// The one place where incoming records are checked and turned into notices, whatever the format. The limits
/// and formats are the notice form's (<see cref="NoticeForm"/>), read from the same declarations (each column's
/// <see cref="NoticeColumn.MaxLength"/> from <see cref="NoticeLimits"/>, <see cref="FieldFormats"/>, the annotations
/// of <see cref="Mark"/>), so an imported notice can be edited and saved as is.
/// It remembers the ids it has seen, so a file that names a record twice has the second one refused.
/// <para>
/// Strict with what identifies or describes the person: a name or id that cannot be used, a date, sex, age or
/// mark that cannot be read, refuses the record. Lenient with the optional free text of other systems, whose
/// feeds put words where a number or an address belongs: such a value is kept in another form, cut to its limit
/// or left out, with a warning, and the person comes in.
/// </para>
/// </summary>
internal sealed class NoticeValidator(StationClock clock, string? defaultSourceName, bool pfifIds)
{
    private static readonly string[] NoticeStatusesFromPfif = ["information_sought", "is_note_author", "believed_alive", "believed_missing", "believed_dead"];
    private static readonly char[] PfifNameSeparators = ['\n', '\r'];
    private static readonly char[] ListSeparators = ['、', ',', '，', ';', '；', ' ', '\u3000', '/'];
    private static readonly string[] LocalDateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy.M.d"];

    /// <summary>How a reporter's contact that is not a phone number is kept at the end of the description.</summary>
    private const string ContactLabel = "联系电话：";

    private readonly Dictionary<(string Source, string Id), string> _seen = [];
    private readonly DateOnly _today = clock.Today;

    /// <summary>Checks one record and its notes.</summary>
    public CheckedRecord Validate(IncomingNotice incoming)
    {
        var check = new Check(incoming, clock);
        if (incoming.Problem is { } problem) check.Fail(problem.Field, problem.Reason);

        // The id is used only if the notice turns out to be new.
        var notice = new MissingPersonNotice { Id = Guid.CreateVersion7(clock.Now), Source = NoticeSource.Import, Status = NoticeStatus.Open };
        ReadIdentity(check, notice);
        notice.MissingPersonName = check.Identifying(NoticeField.FullName) ?? "";
        if (notice.MissingPersonName.Length == 0 && incoming.Problem is null) check.Fail(NoticeField.FullName, "is required");
        notice.OtherNames = check.Names(NoticeField.AlternateNames, pfifIds ? PfifNameSeparators : FieldFormats.OtherNameSeparators);
        notice.Sex = check.ParseValue(NoticeField.Sex, SexText.Parse, "must be 男/male, 女/female or 不详/other") ?? Sex.Unknown;
        notice.DateOfBirth = check.Parse(NoticeField.DateOfBirth, t => PartialDate.Parse(t) is { } d && FieldFormats.IsBirthDate(d.Earliest, _today) ? d : null,
            "must be YYYY, YYYY-MM or YYYY-MM-DD, a real date and not in the future");
        notice.AgeAtDisappearance = check.ParseValue(NoticeField.Age, ParseAge, $"must be whole years from 0 to {FieldLimits.MaxAge}");
        notice.LastSeenOn = check.ParseValue<DateOnly>(NoticeField.LastSeenDate, t => DateOnly.TryParseExact(t, LocalDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d >= FieldFormats.EarliestSeen && d <= FieldFormats.LatestSeen(_today) ? d : null,
            "must be a date written YYYY-MM-DD, from 1900 and not in the future");
        if (notice.LastSeenOn is { } seen && notice.DateOfBirth is { } born && seen.Year < born.Year) check.Fail(NoticeField.LastSeenDate, "is before the date of birth");
        notice.LastSeenPlace = check.FreeText(NoticeField.LastSeenPlace);
        notice.LastSeenDivisionCode = check.Parse(NoticeField.LastSeenDivisionCode, t => FieldFormats.IsDivisionCode(t) ? t : null, "must be 6, 9 or 12 digits");
        notice.HeightCm = check.ParseValue(NoticeField.HeightCm, t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= FieldLimits.MinHeightCm and <= FieldLimits.MaxHeightCm ? h : (int?)null,
            $"must be whole centimetres from {FieldLimits.MinHeightCm} to {FieldLimits.MaxHeightCm}");
        notice.Build = check.FreeText(NoticeField.Build);
        notice.Marks = check.Marks(NoticeField.Marks);
        notice.Dialect = check.FreeText(NoticeField.Dialect);
        notice.Hometown = check.FreeText(NoticeField.Hometown);
        notice.Disabilities = check.ParseValue(NoticeField.Disabilities, ParseDisabilities, "must be 智力, 精神, 听力 or 言语 (intellectual, mental, hearing, speech), several separated by 、") ?? Disabilities.None;
        notice.Clothing = check.FreeText(NoticeField.Clothing);
        notice.ReporterName = check.FreeText(NoticeField.AuthorName);
        notice.ReporterRelationship = check.FreeText(NoticeField.ReporterRelationship);
        (notice.ReporterPhone, notice.Circumstances) = check.PhoneAndDescription(NoticeField.AuthorPhone, NoticeField.Description);
        notice.PoliceCaseNumber = check.Code(NoticeField.PoliceCaseNumber);
        notice.SourceUrl = check.Address(NoticeField.SourceUrl);
        notice.SourceDate = check.ParseValue<DateTimeOffset>(NoticeField.SourceDate, ParseInstant, "must be a date and time in ISO 8601 form (2026-03-01T08:30:00+08:00)");
        notice.PhotoUrl = check.Address(NoticeField.PhotoUrl);
        notice.ExpiresAt = check.ParseValue<DateTimeOffset>(NoticeField.ExpiryDate, ParseInstant, "must be a date and time in ISO 8601 form (2026-03-01T08:30:00+08:00)");
        var status = check.ParseValue<NoticeStatus>(NoticeField.Status, ParseStatus, "must be 寻找中/open, 已找到/found or 已撤回/withdrawn");

        var refused = check.Errors.Count > 0;
        if (!refused && notice.SourceRecordId is { } id)
        {
            if (_seen.TryGetValue((notice.SourceName!, id), out var first))
            {
                check.Fail(NoticeField.SourceRecordId, $"the file already has this record ({first}); only the first is imported");
                refused = true;
            }
            else
            {
                _seen[(notice.SourceName!, id)] = incoming.Record;
            }
        }

        var notes = ValidateNotes(incoming, check, refused);
        if (refused) return new(null, check.Errors, []);
        notice.Notes = notes;
        // PFIF: the latest note decides (by source_date, then by order in the file); a note saying the author met
        // the person, or is the person, means found. believed_dead is not proof: the notice stays open with the note.
        if (notes.Count > 0)
        {
            var latest = notes.Index().OrderBy(n => n.Item.SourceDate ?? DateTimeOffset.MinValue).ThenBy(n => n.Index).Last().Item;
            status = latest.Found == true || latest.PfifStatus == "is_note_author" ? NoticeStatus.Found : NoticeStatus.Open;
        }
        notice.Status = status ?? NoticeStatus.Open;
        return new(new ValidatedNotice(incoming.Record, notice, status is not null), check.Errors, check.Warnings);
    }

    private void ReadIdentity(Check check, MissingPersonNotice notice)
    {
        var id = check.Identifying(NoticeField.SourceRecordId);
        if (id is null)
        {
            if (check.Incoming.Problem is null) check.Fail(NoticeField.SourceRecordId, "is required: without the source's id a re-import could not update this notice");
            return;
        }
        if (pfifIds)
        {
            // PFIF ids are domain/local-id; the domain is the home repository, which is our source name.
            var slash = id.IndexOf('/');
            if (slash <= 0 || slash == id.Length - 1 || ImportText.Longer(id[..slash], NoticeLimits.SourceName))
            {
                check.Fail(NoticeField.SourceRecordId, "must be a domain name, a slash and the record's id (example.org/p123)");
                return;
            }
            notice.SourceName = id[..slash];
            notice.SourceRecordId = id[(slash + 1)..];
            return;
        }
        notice.SourceName = check.Identifying(NoticeField.SourceName) ?? defaultSourceName;
        notice.SourceRecordId = id;
        if (string.IsNullOrEmpty(notice.SourceName)) check.Fail(NoticeField.SourceName, "is required: give a source name for the file");
        // An export names the record source/id, as PFIF does: a slash in the name would move it into the id.
        else if (notice.SourceName.Contains('/')) check.Fail(NoticeField.SourceName, "cannot contain /");
    }

    private List<NoticeNote> ValidateNotes(IncomingNotice incoming, Check check, bool personRefused)
    {
        var errors = check.Errors;
        var notes = new List<NoticeNote>(incoming.Notes.Count);
        var ids = new HashSet<string>();
        foreach (var note in incoming.Notes)
        {
            if (personRefused)
            {
                errors.Add(new(note.Record, "person_record_id", "not imported: its person record was refused"));
                continue;
            }
            var count = errors.Count;
            if (note.Record.Length == 0 || ImportText.Longer(note.Record, NoticeLimits.SourceRecordId)) errors.Add(new(note.Record, "note_record_id", $"is required, up to {NoticeLimits.SourceRecordId} characters"));
            else if (ImportText.HasControl(note.Record, allowLayout: false)) errors.Add(new(note.Record, "note_record_id", UiText.Format("ImportErrorControlCharacters")));
            else if (!ids.Add(note.Record)) errors.Add(new(note.Record, "note_record_id", "appears twice for this person; only the first is imported"));
            var status = Trimmed(note.Status);
            if (status is not null && !NoticeStatusesFromPfif.Contains(status)) errors.Add(new(note.Record, "status", $"must be one of {string.Join(", ", NoticeStatusesFromPfif)}"));
            bool? found = Trimmed(note.AuthorMadeContact) switch
            {
                null => null,
                "true" => true,
                "false" => false,
                _ => Fail(errors, note.Record, note.AuthorMadeContactName, "must be true or false"),
            };
            DateTimeOffset? sourceDate = null;
            if (Trimmed(note.SourceDate) is { } date)
            {
                sourceDate = ParseInstant(date);
                if (sourceDate is null) errors.Add(new(note.Record, "source_date", "must be a date and time in the form 2026-03-01T08:30:00Z"));
            }
            if (errors.Count > count) continue;
            var text = check.FreeText(note.Record, "text", note.Text, int.MaxValue) ?? "";
            if (check.FreeText(note.Record, "last_known_location", note.LastKnownLocation, int.MaxValue) is { } location)
            {
                text = text.Length == 0 ? $"最后已知位置：{location}" : $"{text}\n最后已知位置：{location}";
            }
            notes.Add(new NoticeNote
            {
                SourceRecordId = note.Record,
                PfifStatus = status,
                Found = found,
                AuthorName = check.FreeText(note.Record, "author_name", note.AuthorName, NoticeLimits.NoteAuthorName),
                Text = check.Cut(note.Record, "text", text, NoticeLimits.NoteText)!,
                SourceDate = sourceDate,
            });
        }
        return notes;
    }

    private static bool? Fail(List<ImportError> errors, string record, string field, string reason)
    {
        errors.Add(new(record, field, reason));
        return null;
    }

    private static NoticeStatus? ParseStatus(string text) => text.ToLowerInvariant() switch
    {
        "寻找中" or "open" => NoticeStatus.Open,
        "已找到" or "found" => NoticeStatus.Found,
        "已撤回" or "withdrawn" => NoticeStatus.Withdrawn,
        _ => null,
    };

    /// <summary>Whole years; a PFIF range such as 30-40 is read as its middle.</summary>
    private static int? ParseAge(string text)
    {
        var dash = text.IndexOf('-', 1);
        if (dash > 0)
        {
            return ParseAge(text[..dash]) is { } low && ParseAge(text[(dash + 1)..]) is { } high && low <= high ? (low + high + 1) / 2 : null;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age <= FieldLimits.MaxAge ? age : null;
    }

    private static Disabilities? ParseDisabilities(string text)
    {
        var result = Disabilities.None;
        foreach (var word in text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            Disabilities? one = word.ToLowerInvariant().Replace("残疾", "") switch
            {
                "智力" or "intellectual" => Disabilities.Intellectual,
                "精神" or "mental" => Disabilities.Mental,
                "听力" or "hearing" => Disabilities.Hearing,
                "言语" or "speech" => Disabilities.Speech,
                "无" or "none" => Disabilities.None,
                _ => null,
            };
            if (one is null) return null;
            result |= one.Value;
        }
        return result;
    }

    private static string? ParseUrl(string text) =>
        !ImportText.Longer(text, NoticeLimits.Address) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? text : null;

    /// <summary>An instant; PFIF times without an offset are UTC (the spec's rule), other files' are the station's local time.</summary>
    private DateTimeOffset? ParseInstant(string text)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)) return null;
        if (parsed.Kind != DateTimeKind.Unspecified) return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).ToUniversalTime();
        return pfifIds ? new DateTimeOffset(parsed, TimeSpan.Zero) : clock.FromLocal(parsed).ToUniversalTime();
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The errors and warnings of one record, named as the file names its fields.</summary>
    private sealed class Check(IncomingNotice incoming, StationClock clock)
    {
        public IncomingNotice Incoming { get; } = incoming;

        public List<ImportError> Errors { get; } = [];

        public List<ImportWarning> Warnings { get; } = [];

        public void Fail(NoticeField field, string reason) => Fail(Incoming.Names[field], reason);

        public void Fail(string field, string reason) => Errors.Add(new(Incoming.Record, field, reason));

        private void Warn(NoticeField field, string reason) => Warnings.Add(new(Incoming.Record, Incoming.Names[field], reason));

        /// <summary>The most characters the field takes: the notice's own limit (see <see cref="NoticeColumns"/>).</summary>
        private static int Limit(NoticeField field) => NoticeColumns.Of(field).MaxLength ?? throw new InvalidOperationException($"{field} has no length limit");

        /// <summary>A value that names the person or the record: one line of text, without control characters, within its limit.</summary>
        public string? Identifying(NoticeField field)
        {
            var maxLength = Limit(field);
            var text = Trimmed(Incoming[field]);
            if (text is null) return null;
            if (ImportText.HasControl(text, allowLayout: false)) Fail(field, UiText.Format("ImportErrorControlCharacters"));
            else if (ImportText.Longer(text, maxLength)) Fail(field, $"at most {maxLength} characters");
            return text;
        }

        /// <summary>The value without control characters (other systems' text holds NUL and the like), with a warning when there were any.</summary>
        private string? Value(NoticeField field) => FreeText(Incoming.Record, Incoming.Names[field], Incoming[field], int.MaxValue);

        /// <summary>Optional free text: control characters removed and the rest cut to its limit, each with a warning.</summary>
        public string? FreeText(NoticeField field) => FreeText(Incoming.Record, Incoming.Names[field], Incoming[field], Limit(field));

        /// <summary>Free text of <paramref name="record"/> (the person, or one of its notes).</summary>
        public string? FreeText(string record, string field, string? value, int maxLength)
        {
            var text = Trimmed(value);
            if (text is not null && ImportText.HasControl(text, allowLayout: true))
            {
                Warnings.Add(new(record, field, UiText.Format("ImportWarningControlCharacters")));
                text = Trimmed(ImportText.WithoutControls(text));
            }
            return Cut(record, field, text, maxLength);
        }

        public string? Cut(string record, string field, string? text, int maxLength)
        {
            if (text is null || !ImportText.Longer(text, maxLength)) return text;
            Warnings.Add(new(record, field, UiText.Format("ImportWarningCut", maxLength)));
            return ImportText.Cut(text, maxLength);
        }

        /// <summary>A code such as a case number: cut, it would name another case, so one too long is left out.</summary>
        public string? Code(NoticeField field)
        {
            var maxLength = Limit(field);
            var text = Value(field);
            if (text is null || !ImportText.Longer(text, maxLength)) return text;
            Warn(field, UiText.Format("ImportWarningLeftOutTooLong", maxLength));
            return null;
        }

        /// <summary>An http or https address; anything else (n/a, a word, a file path) is left out: it would be a broken or unsafe link.</summary>
        public string? Address(NoticeField field)
        {
            if (Value(field) is not { } text) return null;
            if (ParseUrl(text) is { } url) return url;
            Warn(field, UiText.Format("ImportWarningNotAnAddress"));
            return null;
        }

        /// <summary>
        /// The phone number, and the description. A contact that is not a phone number ("call the Red Cross desk")
        /// is still how to reach the family: it is kept at the end of the description, where staff read it and the
        /// edit form accepts it, when the file carries a description; otherwise it is left out.
        /// </summary>
        public (string? Phone, string? Description) PhoneAndDescription(NoticeField phoneField, NoticeField descriptionField)
        {
            var phone = Value(phoneField);
            var description = Value(descriptionField);
            if (phone is not null && (!FieldFormats.IsPhone(phone) || ImportText.Longer(phone, Limit(phoneField))))
            {
                if (Incoming.Names.Carries(descriptionField))
                {
                    description = description is null ? ContactLabel + phone : $"{description}\n{ContactLabel}{phone}";
                    Warn(phoneField, UiText.Format("ImportWarningPhoneKept", Incoming.Names[descriptionField]));
                }
                else
                {
                    Warn(phoneField, UiText.Format("ImportWarningPhoneLeftOut"));
                }
                phone = null;
            }
            return (phone, Cut(Incoming.Record, Incoming.Names[descriptionField], description, Limit(descriptionField)));
        }

        public T? ParseValue<T>(NoticeField field, Func<string, T?> parse, string reason) where T : struct
        {
            if (Value(field) is not { } text) return null;
            var value = parse(text);
            if (value is null) Fail(field, reason);
            return value;
        }

        public T? Parse<T>(NoticeField field, Func<string, T?> parse, string reason) where T : class
        {
            if (Value(field) is not { } text) return null;
            var value = parse(text);
            if (value is null) Fail(field, reason);
            return value;
        }

        /// <summary>Other names identify the person as the name does, within the notice form's limits.</summary>
        public List<string> Names(NoticeField field, char[] separators)
        {
            if (Trimmed(Incoming[field]) is not { } text) return [];
            var names = FieldFormats.SplitOtherNames(text, separators);
            if (names.Any(n => ImportText.HasControl(n, allowLayout: false))) Fail(field, UiText.Format("ImportErrorControlCharacters"));
            else if (names.Any(n => ImportText.Longer(n, FieldLimits.OtherName))) Fail(field, $"each name at most {FieldLimits.OtherName} characters");
            else if (names.Count > FieldLimits.OtherNames) Fail(field, $"at most {FieldLimits.OtherNames} names, this has {names.Count}");
            return names;
        }

        /// <summary>部位:类型[:描述] entries, each checked as the notice form checks a mark (its annotations).</summary>
        public List<Mark> Marks(NoticeField field)
        {
            if (Value(field) is not { } text) return [];
            var marks = new List<Mark>();
            foreach (var (entry, mark) in Mark.ReadList(text))
            {
                if (mark is null || RequestValidation.Errors(mark, clock).Count > 0)
                {
                    Fail(field, $"'{ImportText.Cut(entry, 60)}' is not 部位:类型 or 部位:类型:描述 (up to {FieldLimits.MarkBodyLocation}, {FieldLimits.MarkKind} and {FieldLimits.MarkDescription} characters)");
                    continue;
                }
                marks.Add(mark);
            }
            if (marks.Count > FieldLimits.Marks) Fail(field, $"at most {FieldLimits.Marks} marks, this has {marks.Count}");
            return marks;
        }
    }
}
