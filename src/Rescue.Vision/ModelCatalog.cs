using System.Security.Cryptography;

namespace Rescue.Vision;

/// <summary>A model file that failed verification: missing, not in the manifest, altered or unloadable.</summary>
public sealed class ModelVerificationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The model files of <c>manifest.tsv</c>, each read once and checked against its SHA-256.</summary>
internal sealed class ModelCatalog
{
    public const string ManifestFileName = "manifest.tsv";

    private readonly Dictionary<string, string> _expectedSha256 = new(StringComparer.Ordinal);
    private readonly string _directory;

    public ModelCatalog(string directory)
    {
        _directory = directory;
        var manifest = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifest))
            throw new ModelVerificationException($"The model manifest {manifest} is missing; run infra/models/fetch.sh.");
        foreach (var line in File.ReadLines(manifest))
        {
            // Columns: file, package, path inside the package, sha256. The first line is the header.
            var columns = line.Split('\t');
            if (columns.Length < 4 || columns[0] is "file" || columns[0].StartsWith('#')) continue;
            _expectedSha256[columns[0]] = columns[3].Trim().ToLowerInvariant();
        }
    }

    /// <summary>
    /// The bytes of <paramref name="fileName"/> after checking them against the manifest. The session is
    /// built from these very bytes, so the file cannot change between the check and the load.
    /// </summary>
    public byte[] ReadVerified(string fileName, out string sha256)
    {
        var path = Path.Combine(_directory, fileName);
        if (!_expectedSha256.TryGetValue(fileName, out var expected))
            throw new ModelVerificationException($"Model {fileName} is not listed in {Path.Combine(_directory, ManifestFileName)}.");
        if (!File.Exists(path))
            throw new ModelVerificationException($"Model {path} is missing; run infra/models/fetch.sh.");
        var bytes = File.ReadAllBytes(path);
        sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (sha256 != expected)
        {
            throw new ModelVerificationException(
                $"Model {path} is corrupt or not the expected file: SHA-256 {sha256} ({bytes.Length} bytes), " +
                $"manifest says {expected}. Delete it and run infra/models/fetch.sh.");
        }
        return bytes;
    }
}
