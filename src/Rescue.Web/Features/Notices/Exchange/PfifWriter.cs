using System.Globalization;
using System.Text;
using System.Xml;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// The product's one PFIF 1.4 writer: the notices' export and the announcements' export both write through it, so the
/// elements come in the order the schema gives, times in one form, and characters XML cannot hold are left out alike.
/// </summary>
internal sealed class PfifWriter : IAsyncDisposable
{
    public static readonly string Namespace = NoticeFile.PfifNamespaces[^1];

    private readonly XmlWriter _xml;
    private readonly string? _extensionNamespace;

    private PfifWriter(XmlWriter xml, string? extensionNamespace) => (_xml, _extensionNamespace) = (xml, extensionNamespace);

    /// <summary>Starts a document on <paramref name="output"/>; its extension elements, if any, go in <paramref name="extensionNamespace"/> (prefix rescue).</summary>
    public static async Task<PfifWriter> StartAsync(Stream output, string? extensionNamespace = null)
    {
        var xml = XmlWriter.Create(output, new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) });
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync("pfif", "pfif", Namespace);
        if (extensionNamespace is not null) await xml.WriteAttributeStringAsync("xmlns", "rescue", null, extensionNamespace);
        return new PfifWriter(xml, extensionNamespace);
    }

    /// <summary>Opens a person element with its standard fields; extension fields and notes follow, then <see cref="EndPersonAsync"/>.</summary>
    public async Task StartPersonAsync(PfifPerson p)
    {
        await _xml.WriteStartElementAsync("pfif", "person", Namespace);
        await Element("person_record_id", p.PersonRecordId);
        await Element("entry_date", Instant(p.EntryDate));
        await Element("expiry_date", Instant(p.ExpiryDate));
        await Element("author_name", p.AuthorName);
        await Element("author_phone", p.AuthorPhone);
        await Element("source_name", p.SourceName);
        await Element("source_date", Instant(p.SourceDate));
        await Element("source_url", p.SourceUrl);
        await Element("full_name", p.FullName);
        await Element("alternate_names", p.AlternateNames);
        await Element("description", p.Description);
        await Element("sex", p.Sex);
        await Element("date_of_birth", p.DateOfBirth);
        await Element("age", p.Age);
        await Element("home_city", p.HomeCity);
        await Element("photo_url", p.PhotoUrl);
    }

    /// <summary>A field PFIF has no element for, in the extension namespace given at the start.</summary>
    public Task ExtensionAsync(string name, string? value) =>
        Element("rescue", name, _extensionNamespace ?? throw new InvalidOperationException("the document was started without an extension namespace"), value);

    public async Task NoteAsync(PfifNote n)
    {
        await _xml.WriteStartElementAsync("pfif", "note", Namespace);
        await Element("note_record_id", n.NoteRecordId);
        await Element("person_record_id", n.PersonRecordId);
        await Element("entry_date", Instant(n.EntryDate));
        await Element("author_name", n.AuthorName);
        await Element("source_date", Instant(n.SourceDate));
        await Element("author_made_contact", n.AuthorMadeContact switch { true => "true", false => "false", null => null });
        await Element("status", n.Status);
        await Element("text", n.Text);
        await _xml.WriteEndElementAsync();
    }

    public Task EndPersonAsync() => _xml.WriteEndElementAsync();

    public async ValueTask DisposeAsync()
    {
        await _xml.WriteEndElementAsync();
        await _xml.WriteEndDocumentAsync();
        await _xml.FlushAsync();
        await _xml.DisposeAsync();
    }

    /// <summary>UTC to the second, as PFIF writes times (the notices' CSV uses the same form, which the importer reads exactly).</summary>
    public static string? Instant(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private Task Element(string name, string? value) => Element("pfif", name, Namespace, value);

    /// <summary>Writes an element when there is a value; characters XML cannot hold (control characters) are left out.</summary>
    private async Task Element(string prefix, string name, string ns, string? value)
    {
        if (value is null) return;
        if (!value.All(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))) value = string.Concat(value.Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)));
        await _xml.WriteElementStringAsync(prefix, name, ns, value);
    }
}

/// <summary>A PFIF 1.4 person record's standard fields, the ones Rescue writes; null fields are left out.</summary>
internal sealed record PfifPerson(string PersonRecordId, DateTimeOffset EntryDate, string SourceName, DateTimeOffset SourceDate)
{
    public DateTimeOffset? ExpiryDate { get; init; }

    public string? AuthorName { get; init; }

    public string? AuthorPhone { get; init; }

    public string? SourceUrl { get; init; }

    public string? FullName { get; init; }

    /// <summary>One name a line.</summary>
    public string? AlternateNames { get; init; }

    public string? Description { get; init; }

    /// <summary>male, female or other.</summary>
    public string? Sex { get; init; }

    public string? DateOfBirth { get; init; }

    /// <summary>Whole years, or a range such as 40-50.</summary>
    public string? Age { get; init; }

    public string? HomeCity { get; init; }

    public string? PhotoUrl { get; init; }
}

/// <summary>A PFIF 1.4 note: what someone learned about a person, with a status such as believed_alive.</summary>
internal sealed record PfifNote(string NoteRecordId, string PersonRecordId, DateTimeOffset EntryDate, DateTimeOffset SourceDate, string Text)
{
    public string? AuthorName { get; init; }

    public bool? AuthorMadeContact { get; init; }

    public string? Status { get; init; }
}
