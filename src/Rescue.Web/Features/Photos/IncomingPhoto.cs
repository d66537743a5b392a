namespace Rescue.Web.Features.Photos;

/// <summary>A photo as it arrives: the form field that names it in errors, and its content (opened as often as needed).</summary>
public sealed record IncomingPhoto(string Field, Func<Stream> Open)
{
    /// <summary>The files of a page's form, skipping the empty part a browser sends when no file was chosen.</summary>
    public static List<IncomingPhoto> FromForm(IEnumerable<IFormFile>? files) =>
        (files ?? []).Where(f => f.Length > 0 || f.FileName.Length > 0)
            .Select((f, i) => new IncomingPhoto($"photos[{i}]", f.OpenReadStream)).ToList();
}
