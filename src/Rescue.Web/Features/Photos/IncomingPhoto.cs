namespace Rescue.Web.Features.Photos;

/// <summary>A photo as it arrives: the form field that names it in errors, and its content (opened as often as needed).</summary>
public sealed record IncomingPhoto(string Field, Func<Stream> Open);
