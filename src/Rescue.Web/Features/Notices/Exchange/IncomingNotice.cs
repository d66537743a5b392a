namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// One person record (a CSV or Excel row, a PFIF person) as read from a file, before any check: every format
/// parses into this, and <see cref="NoticeValidator"/> checks it in one place.
/// </summary>
internal sealed class IncomingNotice(string record, FieldNames names)
{
    private readonly string?[] _values = new string?[NoticeColumns.Count];

    /// <summary>How errors name the record: the 1-based data row, or the PFIF person_record_id.</summary>
    public string Record { get; } = record;

    public FieldNames Names { get; } = names;

    public string? this[NoticeField field]
    {
        get => _values[(int)field];
        set => _values[(int)field] = value;
    }

    public List<IncomingNote> Notes { get; } = [];

    /// <summary>What makes the whole record unreadable (a row cut short), found while reading it.</summary>
    public (string Field, string Reason)? Problem { get; set; }
}

/// <summary>A PFIF note as read, before any check; the element names come with it because PFIF 1.4 renamed <c>found</c>.</summary>
internal sealed class IncomingNote(string record)
{
    /// <summary>The note_record_id, which errors name.</summary>
    public string Record { get; } = record;

    public string? Status { get; set; }

    public string? AuthorMadeContact { get; set; }

    /// <summary><c>author_made_contact</c> in PFIF 1.4, <c>found</c> before.</summary>
    public string AuthorMadeContactName { get; set; } = "author_made_contact";

    public string? AuthorName { get; set; }

    public string? Text { get; set; }

    public string? SourceDate { get; set; }

    public string? LastKnownLocation { get; set; }
}
