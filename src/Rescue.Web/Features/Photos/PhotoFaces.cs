namespace Rescue.Web.Features.Photos;

/// <summary>The faces found in one photo (boxes and quality, never the embeddings) and where the search for them stands.</summary>
public sealed record PhotoFaces(Guid PhotoId, int Width, int Height, FaceStatus Status, IReadOnlyList<FaceItem> Faces);

/// <summary>One face found in a photo: its box in the photo's upright pixels, its quality, and whether it is the person.</summary>
public sealed record FaceItem(Guid Id, int FaceIndex, float X, float Y, float Side, float DetectorScore, float Sharpness,
    float YawDegrees, float RollDegrees, bool CutOff, bool Usable, bool IsPerson, string ModelVersion);
