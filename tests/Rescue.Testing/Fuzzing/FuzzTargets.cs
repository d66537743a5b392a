using Microsoft.Extensions.Options;
using Rescue.Vision;
using Rescue.Web.Features.Notices.Exchange;
using Rescue.Web.Features.Photos;
using Rescue.Web.Hosting;

namespace Rescue.Testing.Fuzzing;

/// <summary>
/// Feeds an input, in this process, through what the endpoints run on an upload before anything is stored: a
/// photo through every check of <see cref="PhotoStore"/> (its full decode included) and, once accepted, through
/// the face worker's decoder; a notice file through the importer's reader and the validator of every record.
/// A refusal is the outcome <see cref="FuzzOutcome.Refused"/>; any other exception is a crash.
/// </summary>
public sealed class FuzzTargets(string folder)
{
    private readonly PhotoStore _photos = new(Options.Create(new RescueOptions { DataDirectory = folder }));
    private readonly StationClock _clock = new(TimeProvider.System, Options.Create(new RescueOptions()));
    private readonly int _faceDecodeSide = new VisionOptions().MaxDecodeSide;

    public async Task<FuzzOutcome> FeedAsync(FuzzInput input, CancellationToken ct) =>
        input.IsPhoto ? await PhotoAsync(input.Bytes, ct) : Notices(input.Bytes, ct);

    private async Task<FuzzOutcome> PhotoAsync(byte[] bytes, CancellationToken ct)
    {
        try
        {
            await _photos.CheckAsync(new MemoryStream(bytes), "photos[0]", ct);
        }
        catch (ValidationFailedException)
        {
            return FuzzOutcome.Refused;
        }
        // The face worker decodes the stored evidence again; null (undecodable) is its own answer, not a crash.
        var decoded = PhotoDecoder.Decode(bytes, _faceDecodeSide);
        decoded?.Image.Dispose();
        return FuzzOutcome.Accepted;
    }

    /// <summary>Accepted when at least one record would be imported; refused when the file or every record is.</summary>
    private FuzzOutcome Notices(byte[] bytes, CancellationToken ct)
    {
        try
        {
            var file = NoticeFile.Open(new MemoryStream(bytes), format: null);
            var validator = new NoticeValidator(_clock, "fuzz", file.Format == ImportFormat.Pfif);
            var valid = 0;
            foreach (var record in file.Records)
            {
                ct.ThrowIfCancellationRequested();
                if (validator.Validate(record).Notice is not null) valid++;
            }
            return valid > 0 ? FuzzOutcome.Accepted : FuzzOutcome.Refused;
        }
        catch (ImportFileException)
        {
            return FuzzOutcome.Refused;
        }
    }
}
