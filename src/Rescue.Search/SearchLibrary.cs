namespace Rescue.Search;

/// <summary>
/// Rescue.Search: the vector index of face signatures, Chinese name and place normalisation, and the search
/// back-ends. It knows nothing of ASP.NET Core or EF Core; the matching feature in Rescue.Web feeds it.
/// </summary>
public static class SearchLibrary;
