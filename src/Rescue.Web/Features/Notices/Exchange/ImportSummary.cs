namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>A refused record: which (row number or PFIF record id), which field (as the file names it) and why.</summary>
public sealed record ImportError(string Record, string Field, string Reason);

/// <summary>
/// An imported record with a value that was kept in another form, cut or left out (a phone field holding words, an
/// address that is not one, control characters): which record, which field (as the file names it) and what was done,
/// in the reader's language.
/// </summary>
public sealed record ImportWarning(string Record, string Field, string Reason);

/// <summary>
/// What an import did, the same for the CLI and the API. Accepted and unchanged count notices (person records
/// or rows); refused counts every refused record, notes included, so it is the number of distinct records among
/// all the errors. <see cref="Errors"/> and <see cref="Warnings"/> list the first
/// <see cref="Vocabulary.FieldLimits.ImportErrorsListed"/> and <see cref="Vocabulary.FieldLimits.ImportWarningsListed"/>
/// in file order; <see cref="ErrorCount"/> and <see cref="WarningCount"/> count them all.
/// </summary>
public sealed record ImportSummary(
    string Format,
    int Accepted,
    int Refused,
    int Unchanged,
    IReadOnlyList<ImportError> Errors,
    int ErrorCount,
    IReadOnlyList<ImportWarning> Warnings,
    int WarningCount,
    bool DryRun,
    long Records,
    long ResumedAfter,
    IReadOnlyList<string> IgnoredColumns);

/// <summary>How far an import has got, reported after each batch and every couple of seconds while reading.</summary>
public sealed record ImportProgress(long Records, int Accepted, int Refused, int Unchanged, int BatchesCommitted, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Records / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// The file cannot be read (not PFIF, truncated, binary, empty): nothing of it is stored. A CSV file is read as it
/// streams, so a row past the start that cannot be read stops the import there, keeping the batches before it.
/// </summary>
public sealed class ImportFileException(string message, Exception? inner = null) : Exception(message, inner)
{
    public bool NothingStored { get; init; } = true;
}
