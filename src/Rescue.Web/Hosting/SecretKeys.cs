using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Rescue.Web.Hosting;

/// <summary>
/// Stable secret keys kept outside the database, one per use (the public forms' sender hash, the audit trail's MAC,
/// the lookup hash of ID numbers): each is made once at random and stored in the key folder of the data directory,
/// sealed by the data-protection key ring. So a key is as safe at rest as the ring, outlives the ring's own
/// rotation (old ring keys stay to unseal it), and a copy of the database alone cannot recompute any keyed hash.
/// </summary>
public sealed class SecretKeys(IDataProtectionProvider protection, IOptions<RescueOptions> options)
{
    /// <summary>The public forms' keyed hash of a sender's address (<see cref="PublicSenders"/>).</summary>
    public const string Senders = "senders";

    /// <summary>The keyed hash an ID number is looked up by (<see cref="SealedFields.IdLookup"/>).</summary>
    public const string IdLookup = "id-lookup";

    /// <summary>The audit trail's MAC of each entry's hash (<see cref="Features.Audit.AuditChain"/>).</summary>
    public const string Audit = "audit";

    /// <summary>The keyed hash of the e-mail address a failed sign-in tried (<see cref="Features.Users.PasswordSignIn"/>).</summary>
    public const string SignIns = "sign-ins";

    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _keys = new();

    /// <summary>The folder the data-protection key ring and these keys live in.</summary>
    public static string FolderOf(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "keys");

    /// <summary>The 32-byte key named <paramref name="name"/>, made on first use.</summary>
    public byte[] Get(string name) =>
        _keys.GetOrAdd(name, n => new Lazy<byte[]>(() => LoadOrCreate(n))).Value;

    private byte[] LoadOrCreate(string name)
    {
        var protector = protection.CreateProtector("Rescue.SecretKeys", name);
        var path = Path.Combine(FolderOf(options.Value.DataDirectory), "secrets", name + ".key");
        if (!File.Exists(path)) WriteOnce(path, protector.Protect(RandomNumberGenerator.GetBytes(32)));
        return protector.Unprotect(File.ReadAllBytes(path));
    }

    /// <summary>
    /// Writes a new private file (0600) whole, unless one is there: two instances starting together both read the
    /// first one written.
    /// </summary>
    internal static void WriteOnce(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temp, create))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }
}
