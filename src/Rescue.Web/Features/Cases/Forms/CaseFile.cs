using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rescue.Web.Data;
using Rescue.Web.Features.Admissions;
using Rescue.Web.Features.Photos;
using Rescue.Web.Features.Reports;
using Rescue.Web.Features.Settlement;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;
using Rescue.Web.Hosting.Pdf;

namespace Rescue.Web.Features.Cases.Forms;

/// <summary>Everything the case forms print of one stay, read once: the forms are drawn from it and nothing else.</summary>
public sealed record CaseFile(
    string Station,
    Admission Admission,
    CaseFile.ReportSource? Report,
    byte[]? Photo,
    IReadOnlyList<StayEvent> History,
    IReadOnlyList<CaseTask> Tasks,
    StayExit? Exit,
    IReadOnlyList<SettlementStep> Steps)
{
    /// <summary>Who brought the person, from the discovery report the admission came with.</summary>
    public sealed record ReportSource(string Agency, string OfficerName, HowFound HowFound, DateTimeOffset FoundAt, string Place, string? HandoverFormNumber);

    public SettlementStep? Step(SettlementStepKind kind) => Steps.FirstOrDefault(s => s.Kind == kind);
}

/// <summary>Reads a stay's <see cref="CaseFile"/>; its photo only as far as the one printing may see it.</summary>
public sealed class CaseFiles(RescueDbContext db, PrintedPhotos photos, Stays stays, SealedFields sealedFields)
{
    /// <summary>The stay's file; null when there is no such stay.</summary>
    public async Task<CaseFile?> LoadAsync(Guid admissionId, ClaimsPrincipal viewer, CancellationToken ct)
    {
        var admission = (await db.Admissions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == admissionId, ct))?.Open(sealedFields);
        if (admission is null) return null;
        var report = admission.ReportId is { } reportId
            ? await db.Reports.AsNoTracking().Where(r => r.Id == reportId)
                .Select(r => new CaseFile.ReportSource(r.Agency.Name, r.OfficerName, r.HowFound, r.FoundAt, r.PlaceText, r.HandoverFormNumber))
                .SingleOrDefaultAsync(ct)
            : null;
        var photoId = await db.Photos.Where(p => p.OwnerKind == PhotoOwner.Admission && p.OwnerId == admissionId)
            .OrderBy(p => p.Position).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        return new CaseFile(
            await Station.NameAsync(db, ct),
            admission,
            report,
            photoId is { } id ? await photos.ReadAsync(viewer, id, PhotoVariant.Display, ct) : null,
            await stays.HistoryAsync(admissionId, ct),
            await db.CaseTasks.AsNoTracking().Where(t => t.AdmissionId == admissionId).OrderBy(t => t.DueAt).ToListAsync(ct),
            (await db.StayExits.AsNoTracking().SingleOrDefaultAsync(e => e.AdmissionId == admissionId, ct))?.Open(sealedFields),
            // In the steps' order: the kind is stored by name, which sorts otherwise.
            [.. (await db.SettlementSteps.AsNoTracking().Where(s => s.AdmissionId == admissionId).ToListAsync(ct)).Select(s => s.Open(sealedFields)).OrderBy(s => s.Kind)]);
    }

    /// <summary>The forms that apply to the stay now (<see cref="CaseForms.Apply"/>); empty when there is no such stay.</summary>
    public async Task<IReadOnlyList<CaseForm>> ApplicableAsync(Guid admissionId, CancellationToken ct)
    {
        var stay = await db.Admissions.Where(a => a.Id == admissionId)
            .Select(a => new
            {
                a.Stage,
                Exit = db.StayExits.Where(e => e.AdmissionId == a.Id).Select(e => (ExitKind?)e.Kind).FirstOrDefault(),
                Settling = db.SettlementSteps.Any(s => s.AdmissionId == a.Id),
            })
            .SingleOrDefaultAsync(ct);
        return stay is null ? [] : CaseForms.Apply(stay.Stage, stay.Exit, stay.Settling);
    }
}
