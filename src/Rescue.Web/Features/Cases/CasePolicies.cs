using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Audit;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Cases;

/// <summary>
/// Reads and changes the station's <see cref="CasePolicy"/> (the one row the migration seeds with the national defaults).
/// A change names the <see cref="CasePolicy.UpdatedAt"/> it was made on, so two administrators editing at once do not
/// overwrite each other without knowing: the second is refused and shown what the first saved.
/// </summary>
public sealed class CasePolicies(RescueDbContext db, StationClock clock, AuditLog audit)
{
    /// <summary>The values, in the order the settings page shows them.</summary>
    private static readonly PropertyInfo[] Values = typeof(CasePolicyValues).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.IsDefined(typeof(RangeAttribute))).OrderBy(p => p.MetadataToken).ToArray();

    private static readonly CasePolicyValues National = new();

    /// <summary>New values for every setting, with the <see cref="CasePolicy.UpdatedAt"/> of the ones they replace.</summary>
    public sealed class Change : CasePolicyValues
    {
        /// <summary>As read with the values being changed (null while they are the national defaults, never edited).</summary>
        public DateTimeOffset? UpdatedAt { get; set; }
    }

    /// <summary>A change's outcome: saved, or refused because another administrator saved first; <see cref="Current"/> is what is stored now.</summary>
    public sealed record Outcome(bool Saved, PolicyView Current);

    public async Task<CasePolicy> CurrentAsync(CancellationToken ct) =>
        await db.CasePolicies.AsNoTracking().SingleOrDefaultAsync(ct) ?? new CasePolicy();

    /// <summary>The stored values with, for each, its unit, its national default and the legal source of that default.</summary>
    public async Task<PolicyView> ViewAsync(CancellationToken ct) => View(await CurrentAsync(ct));

    public async Task<Outcome> UpdateAsync(Change change, Actor actor, CancellationToken ct)
    {
        RequestValidation.Validate(change, clock);
        // PostgreSQL keeps microseconds: the instant sent back with the next change must compare equal to the stored one.
        var now = clock.Now;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await CurrentAsync(ct);
        // The condition is checked again on the row as the update finds it, so of two saves at once one alone passes.
        var saved = await db.CasePolicies.Where(p => p.Id == before.Id && p.UpdatedAt == change.UpdatedAt).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.ReceptionCheckHours, change.ReceptionCheckHours)
            .SetProperty(p => p.DnaRequestWorkingDays, change.DnaRequestWorkingDays)
            .SetProperty(p => p.DnaResultMonths, change.DnaResultMonths)
            .SetProperty(p => p.StrandedAfterDays, change.StrandedAfterDays)
            .SetProperty(p => p.StrandedReviewWorkingDays, change.StrandedReviewWorkingDays)
            .SetProperty(p => p.SettlementAfterDays, change.SettlementAfterDays)
            .SetProperty(p => p.SettlementApplicationDays, change.SettlementApplicationDays)
            .SetProperty(p => p.SelfDepartureMinAge, change.SelfDepartureMinAge)
            .SetProperty(p => p.SelfDepartureMaxCash, change.SelfDepartureMaxCash)
            .SetProperty(p => p.BedCapacity, change.BedCapacity)
            .SetProperty(p => p.UpdatedBy, actor.Id)
            .SetProperty(p => p.UpdatedAt, now), ct);
        if (saved == 0) return new(false, await ViewAsync(ct));
        audit.Add(AuditAction.Update, nameof(CasePolicy), before.Id, Differences(before, change));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(true, await ViewAsync(ct));
    }

    private static PolicyView View(CasePolicy policy) => new(policy, Values.Select(p => new PolicySetting(
        p.Name,
        Number(p.GetValue(policy)),
        Number(p.GetValue(National)),
        CasePolicyValues.Units[p.Name]["Unit.".Length..],
        CasePolicyValues.Sources[p.Name],
        Convert.ToDecimal(p.GetCustomAttribute<RangeAttribute>()!.Minimum, CultureInfo.InvariantCulture),
        Convert.ToDecimal(p.GetCustomAttribute<RangeAttribute>()!.Maximum, CultureInfo.InvariantCulture))).ToList());

    /// <summary>What changed, for the audit entry: "DnaRequestWorkingDays 7→10; BedCapacity –→13".</summary>
    private static string Differences(CasePolicyValues before, CasePolicyValues after)
    {
        var changed = Values.Where(p => Number(p.GetValue(before)) != Number(p.GetValue(after)))
            .Select(p => $"{p.Name} {Shown(p.GetValue(before))}→{Shown(p.GetValue(after))}").ToList();
        return changed.Count == 0 ? "no value changed" : string.Join("; ", changed);
    }

    private static decimal? Number(object? value) => value is null ? null : Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    private static string Shown(object? value) => Number(value)?.ToString(CultureInfo.InvariantCulture) ?? "–";
}

/// <summary>The station's policy as the settings page and the API show it.</summary>
public sealed record PolicyView(CasePolicy Values, IReadOnlyList<PolicySetting> Settings);

/// <summary>One policy value: its name (as in <see cref="CasePolicyValues"/>), the station's value, the national default, its unit, its legal source and its limits.</summary>
public sealed record PolicySetting(string Name, decimal? Value, decimal? NationalDefault, string Unit, string Source, decimal Min, decimal Max);
