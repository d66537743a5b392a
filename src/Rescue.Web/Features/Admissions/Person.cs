using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Admissions;

/// <summary>One individual (受助人员) across all their admissions.</summary>
public class Person
{
    public Guid Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When the person's identity was established (a notice confirmed as theirs); their face signatures leave the
    /// index at once and are deleted once the biometric retention period has passed since then.
    /// </summary>
    public DateTimeOffset? IdentifiedAt { get; set; }

    /// <summary>The notice whose confirmation established the identity.</summary>
    public Guid? IdentifiedByNoticeId { get; set; }

    public List<Admission> Admissions { get; set; } = [];
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("People");
        // Biometric retention and the public set's version read by it.
        builder.HasIndex(p => p.IdentifiedAt);
    }
}

/// <summary>The last case number given in a year; one row a year, advanced atomically.</summary>
public class CaseNumberCounter
{
    public int Year { get; set; }

    public int Last { get; set; }
}

internal sealed class CaseNumberCounterConfiguration : IEntityTypeConfiguration<CaseNumberCounter>
{
    public void Configure(EntityTypeBuilder<CaseNumberCounter> builder) => builder.HasKey(c => c.Year);
}
