using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rescue.Web.Data;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;

namespace Rescue.Testing.Fuzzing;

/// <summary>
/// Sends an input through the path that stores it: a photo through <see cref="PhotoStore.AcceptAsync"/> into a
/// throwaway folder, a notice file through <see cref="NoticeImporter"/> into the database of
/// <paramref name="services"/>. For an input the checks refused, counts what was stored anyway: the files in a
/// folder only refused photos are sent to, and the notices, notes, changes (and, for a file refused whole, import
/// runs) that appeared.
/// </summary>
public sealed class FuzzStorage(IServiceProvider services, string folder)
{
    private readonly PhotoStore _refusedPhotos = new(Options.Create(new RescueOptions { DataDirectory = Path.Combine(folder, "refused") }));
    private readonly PhotoStore _acceptedPhotos = new(Options.Create(new RescueOptions { DataDirectory = Path.Combine(folder, "accepted") }));

    /// <summary>What was stored from <paramref name="input"/> when the checks refused it (0 otherwise); throws what the path throws, refusals aside.</summary>
    public async Task<int> StoreAsync(FuzzInput input, FuzzOutcome checkedAs, CancellationToken ct)
    {
        var refused = checkedAs == FuzzOutcome.Refused;
        if (input.IsPhoto) return await PhotoAsync(input, refused, ct);
        return await NoticesAsync(input, refused, ct);
    }

    private async Task<int> PhotoAsync(FuzzInput input, bool refused, CancellationToken ct)
    {
        var store = refused ? _refusedPhotos : _acceptedPhotos;
        try
        {
            await store.AcceptAsync(new MemoryStream(input.Bytes), "photos[0]", ct);
        }
        catch (ValidationFailedException)
        {
        }
        return refused && Directory.Exists(store.Root) ? Directory.EnumerateFiles(store.Root, "*", SearchOption.AllDirectories).Count() : 0;
    }

    private async Task<int> NoticesAsync(FuzzInput input, bool refused, CancellationToken ct)
    {
        var before = await CountAsync(ct);
        var refusedWhole = false;
        await using (var scope = services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<NoticeImporter>();
            try
            {
                await importer.ImportAsync(new MemoryStream(input.Bytes), new ImportRequest($"fuzz-{input.Index}.{input.Format.ToString().ToLowerInvariant()}", SourceName: "fuzz"), "fuzz", null, ct);
            }
            catch (ImportFileException)
            {
                refusedWhole = true;
            }
        }
        if (!refused) return 0;
        var after = await CountAsync(ct);
        return after.Records - before.Records + (refusedWhole ? after.Runs - before.Runs : 0);
    }

    private async Task<(int Records, int Runs)> CountAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RescueDbContext>();
        var records = await db.Notices.CountAsync(ct) + await db.NoticeNotes.CountAsync(ct) + await db.Changes.CountAsync(ct);
        return (records, await db.ImportRuns.CountAsync(ct));
    }
}
