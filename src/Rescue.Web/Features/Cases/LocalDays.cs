using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Components;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// The <see cref="WorkingCalendar"/> with the station's <see cref="LocalDay"/>s as stored now (a singleton). Every use
/// asks PostgreSQL for a fingerprint of the local days (one row, a few bytes) and rebuilds the calendar only when it
/// changed: an administrator's change counts from the next deadline on, in this instance and in every other one
/// sharing the database, with no interval to wait and no message between instances.
/// </summary>
public sealed class WorkingCalendars(ChinaHolidays national)
{
    private volatile Built? _built;

    private sealed record Built(string Fingerprint, WorkingCalendar Calendar);

    /// <summary>The calendar to count with now, reading through <paramref name="db"/> (the caller's context and transaction).</summary>
    public async Task<WorkingCalendar> CurrentAsync(RescueDbContext db, CancellationToken ct)
    {
        var fingerprint = await db.Database.SqlQuery<string>($"""
            SELECT coalesce(md5(string_agg("Day"::text || ':' || "IsWorkingDay"::text, ',' ORDER BY "Day")), '') AS "Value" FROM "LocalDays"
            """).SingleAsync(ct);
        if (_built is { } built && built.Fingerprint == fingerprint) return built.Calendar;
        // A change between the two reads leaves a calendar newer than its fingerprint: the next use rebuilds it again.
        var calendar = new WorkingCalendar(national, await db.LocalDays.AsNoTracking().ToListAsync(ct));
        _built = new(fingerprint, calendar);
        return calendar;
    }
}

/// <summary>The one writer of <see cref="LocalDay"/>s: an administrator declares a day a local holiday or a working day, or removes it; each with an audit entry.</summary>
public sealed class LocalDays(RescueDbContext db, StationClock clock, AuditLog audit)
{
    /// <summary>What the station declares a day to be.</summary>
    public sealed class Declaration
    {
        /// <summary>True: worked although the national calendar has it off (补班); false: a local holiday.</summary>
        public bool IsWorkingDay { get; set; }

        [Required, MaxLength(LocalDay.NameLength)]
        public string Name { get; set; } = "";
    }

    public Task<List<LocalDay>> ListAsync(CancellationToken ct) => db.LocalDays.AsNoTracking().OrderBy(d => d.Day).ToListAsync(ct);

    /// <summary>Declares <paramref name="day"/>, replacing what was declared for it.</summary>
    public async Task<LocalDay> SetAsync(DateOnly day, Declaration declaration, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(declaration, clock);
        CheckDay(day);
        var local = new LocalDay(day, declaration.IsWorkingDay, declaration.Name.Trim()) { CreatedBy = actor.Id, CreatedAt = clock.Now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var replaced = await db.LocalDays.Where(d => d.Day == day).ExecuteDeleteAsync(ct);
        db.LocalDays.Add(local);
        audit.Add(replaced > 0 ? AuditAction.Update : AuditAction.Create, nameof(LocalDay), day.ToString("yyyy-MM-dd"),
            $"{(local.IsWorkingDay ? "working day" : "local holiday")} {local.Name}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return local;
    }

    /// <summary>Removes what was declared for <paramref name="day"/>; false when nothing was.</summary>
    public async Task<bool> RemoveAsync(DateOnly day, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.LocalDays.Where(d => d.Day == day).ExecuteDeleteAsync(ct);
        if (removed == 0) return false;
        audit.Add(AuditAction.Delete, nameof(LocalDay), day.ToString("yyyy-MM-dd"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static void CheckDay(DateOnly day)
    {
        if (day < RequestValidation.EarliestDate || day > RequestValidation.LatestDate) throw new ValidationFailedException("day", UiText.Format("Err.Date.Absurd"));
    }
}
