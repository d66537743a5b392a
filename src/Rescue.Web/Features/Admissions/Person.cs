using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rescue.Web.Features.Admissions;

/// <summary>One individual (受助人员) across all their admissions.</summary>
public class Person
{
    public Guid Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Admission> Admissions { get; set; } = [];
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder) => builder.ToTable("People");
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
