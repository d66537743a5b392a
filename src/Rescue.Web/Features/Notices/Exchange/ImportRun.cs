using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Notices.Exchange;

/// <summary>
/// One import of one file: how far it has committed, so that importing the same file again after an
/// interruption continues after the last committed batch. Updated in the same transaction as each batch.
/// </summary>
public class ImportRun
{
    public Guid Id { get; set; }

    /// <summary>The file's SHA-256 (hex): the same bytes, format and source resume an unfinished run.</summary>
    public string FileSha256 { get; set; } = "";

    public string FileName { get; set; } = "";

    public ImportFormat Format { get; set; }

    /// <summary>The source name given for a CSV or Excel file (PFIF files name theirs in each record id).</summary>
    public string SourceName { get; set; } = "";

    /// <summary>How many records, from the start of the file, have their outcome committed.</summary>
    public long RecordsCommitted { get; set; }

    public int Accepted { get; set; }

    public int Refused { get; set; }

    public int Unchanged { get; set; }

    public string StartedBy { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.ToTable("ImportRuns");
        builder.Property(r => r.FileSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.FileName).HasMaxLength(260);
        builder.Property(r => r.Format).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.SourceName).HasMaxLength(200);
        builder.Property(r => r.StartedBy).HasMaxLength(64);
        builder.HasIndex(r => r.FileSha256);
    }
}
