namespace Rescue.Search.Tests;

public class SearchLibraryTests
{
    [Fact]
    public void The_search_library_knows_nothing_of_the_web_or_the_database()
    {
        var references = typeof(SearchLibrary).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Npgsql", StringComparison.Ordinal));
    }
}
