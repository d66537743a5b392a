using System.Xml;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// PFIF 1.2, 1.3 and 1.4 documents: person records with their notes, nested or at the top level. The whole
/// document is read before anything is returned, so a document that is not well-formed stores nothing.
/// </summary>
internal static class PfifNoticeReader
{
    public static XmlReaderSettings Settings(bool leaveOpen) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        // Other systems' XML holds control characters (&#0;, a stray escape) that XML 1.0 forbids: read them, and
        // let the import remove them from free text with a warning or refuse a name or id that has one.
        CheckCharacters = false,
        CloseInput = !leaveOpen,
    };

    public static NoticeFile Read(Stream stream)
    {
        try
        {
            using var xml = XmlReader.Create(stream, Settings(leaveOpen: true));
            xml.MoveToContent();
            var ns = xml.NamespaceURI;
            if (xml.LocalName != "pfif" || !NoticeFile.PfifNamespaces.Contains(ns))
            {
                throw new ImportFileException($"the root element is <{xml.Name}>, not <pfif> of PFIF 1.2, 1.3 or 1.4");
            }
            var document = new Document(ns);
            if (!xml.IsEmptyElement)
            {
                xml.ReadStartElement();
                while (xml.NodeType != XmlNodeType.EndElement)
                {
                    if (xml.NodeType != XmlNodeType.Element) xml.Read();
                    else if (xml.NamespaceURI == ns && xml.LocalName == "person") document.ReadPerson(xml);
                    else if (xml.NamespaceURI == ns && xml.LocalName == "note") document.TopLevelNotes.Add(document.ReadNote(xml));
                    else xml.Skip();
                }
            }
            // Reading to the end is what finds a document cut off in transit.
            while (xml.Read())
            {
            }
            return document.Finish();
        }
        catch (XmlException e)
        {
            throw new ImportFileException($"not well-formed XML (is the file complete?): {e.Message}", e);
        }
    }

    /// <summary>One document being read: its persons in order, and notes waiting for their person.</summary>
    private sealed class Document(string ns)
    {
        private readonly List<IncomingNotice> _persons = [];
        private readonly Dictionary<string, IncomingNotice> _byId = [];
        private readonly FieldNames _names = Names(ns);

        public List<(string PersonId, IncomingNote Note)> TopLevelNotes { get; } = [];

        public void ReadPerson(XmlReader xml)
        {
            var fields = new Dictionary<string, string>();
            var extension = new Dictionary<NoticeField, string>();
            var notes = new List<IncomingNote>();
            ReadChildren(xml, child =>
            {
                if (child.NamespaceURI == ns && child.LocalName == "note") notes.Add(ReadNote(child).Note);
                else if (child.NamespaceURI == ns) fields[child.LocalName] = child.ReadElementContentAsString();
                else if (child.NamespaceURI == NoticeColumns.ExtensionNamespace && Extension(child.LocalName) is { } field)
                {
                    extension[field] = child.ReadElementContentAsString();
                    _names[field] = child.LocalName;
                }
                else child.Skip();
            });

            var id = fields.GetValueOrDefault("person_record_id")?.Trim() ?? "";
            var person = new IncomingNotice(id.Length > 0 ? id : $"person {_persons.Count + 1}", _names)
            {
                [NoticeField.SourceRecordId] = id,
                [NoticeField.FullName] = fields.GetValueOrDefault("full_name") is { Length: > 0 } full ? full : JoinName(Given(fields), Family(fields)),
                [NoticeField.AlternateNames] = fields.GetValueOrDefault("alternate_names"),
                [NoticeField.Sex] = fields.GetValueOrDefault("sex"),
                [NoticeField.DateOfBirth] = fields.GetValueOrDefault("date_of_birth"),
                [NoticeField.Age] = fields.GetValueOrDefault("age"),
                [NoticeField.Hometown] = JoinPlace(fields.GetValueOrDefault("home_state"), fields.GetValueOrDefault("home_city")),
                [NoticeField.Description] = fields.GetValueOrDefault("description") ?? fields.GetValueOrDefault("other"),
                [NoticeField.AuthorName] = fields.GetValueOrDefault("author_name"),
                [NoticeField.AuthorPhone] = fields.GetValueOrDefault("author_phone"),
                [NoticeField.SourceUrl] = fields.GetValueOrDefault("source_url"),
                [NoticeField.SourceDate] = fields.GetValueOrDefault("source_date"),
                [NoticeField.PhotoUrl] = fields.GetValueOrDefault("photo_url"),
                [NoticeField.ExpiryDate] = fields.GetValueOrDefault("expiry_date"),
            };
            foreach (var (field, value) in extension) person[field] = value;
            person.Notes.AddRange(notes);
            _persons.Add(person);
            if (id.Length > 0) _byId.TryAdd(id, person);
        }

        public (string PersonId, IncomingNote Note) ReadNote(XmlReader xml)
        {
            var fields = new Dictionary<string, string>();
            ReadChildren(xml, child =>
            {
                if (child.NamespaceURI == ns) fields[child.LocalName] = child.ReadElementContentAsString();
                else child.Skip();
            });
            var note = new IncomingNote(fields.GetValueOrDefault("note_record_id")?.Trim() ?? "")
            {
                Status = fields.GetValueOrDefault("status"),
                AuthorMadeContact = fields.GetValueOrDefault("author_made_contact") ?? fields.GetValueOrDefault("found"),
                AuthorMadeContactName = fields.ContainsKey("found") ? "found" : "author_made_contact",
                AuthorName = fields.GetValueOrDefault("author_name"),
                Text = fields.GetValueOrDefault("text"),
                SourceDate = fields.GetValueOrDefault("source_date"),
                LastKnownLocation = fields.GetValueOrDefault("last_known_location"),
            };
            return (fields.GetValueOrDefault("person_record_id")?.Trim() ?? "", note);
        }

        /// <summary>Top-level notes join their person; a note whose person is not in the document is refused.</summary>
        public NoticeFile Finish()
        {
            var errors = new List<ImportError>();
            foreach (var (personId, note) in TopLevelNotes)
            {
                if (_byId.TryGetValue(personId, out var person)) person.Notes.Add(note);
                else errors.Add(new(note.Record, "person_record_id", "no person record with this id in the file (notes are imported with their person)"));
            }
            return new NoticeFile(ImportFormat.Pfif, _names, _persons, errors, []);
        }

        private static void ReadChildren(XmlReader xml, Action<XmlReader> child)
        {
            if (xml.IsEmptyElement)
            {
                xml.Read();
                return;
            }
            xml.ReadStartElement();
            while (xml.NodeType != XmlNodeType.EndElement)
            {
                if (xml.NodeType == XmlNodeType.Element) child(xml);
                else xml.Read();
            }
            xml.ReadEndElement();
        }

        /// <summary>PFIF records are whole: every standard field is carried, an absent element meaning empty.</summary>
        private static FieldNames Names(string ns)
        {
            var names = new FieldNames
            {
                [NoticeField.SourceName] = "person_record_id",
                [NoticeField.SourceRecordId] = "person_record_id",
                [NoticeField.Status] = "status",
            };
            foreach (var column in NoticeColumns.All.Where(c => c.Pfif is not null)) names[column.Field] = column.Pfif!;
            if (ns != NoticeFile.PfifNamespaces[^1]) names[NoticeField.Description] = "other";
            return names;
        }

        private static NoticeField? Extension(string name) =>
            NoticeColumns.All.FirstOrDefault(c => c.Pfif is null && c.English == name && c.Field is not (NoticeField.SourceName or NoticeField.SourceRecordId or NoticeField.Status))?.Field;

        private static string? Given(Dictionary<string, string> f) => f.GetValueOrDefault("given_name") ?? f.GetValueOrDefault("first_name");

        private static string? Family(Dictionary<string, string> f) => f.GetValueOrDefault("family_name") ?? f.GetValueOrDefault("last_name");

        /// <summary>Chinese names are written family name first, without a space; others given name first.</summary>
        private static string? JoinName(string? given, string? family)
        {
            given = given?.Trim();
            family = family?.Trim();
            if (string.IsNullOrEmpty(given) || string.IsNullOrEmpty(family)) return string.IsNullOrEmpty(given) ? family : given;
            return IsHan(given) || IsHan(family) ? family + given : $"{given} {family}";
        }

        private static string? JoinPlace(string? state, string? city)
        {
            state = state?.Trim();
            city = city?.Trim();
            if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(city) || city.StartsWith(state, StringComparison.Ordinal)) return string.IsNullOrEmpty(city) ? state : city;
            return IsHan(state) || IsHan(city) ? state + city : $"{city}, {state}";
        }

        private static bool IsHan(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');
    }
}
