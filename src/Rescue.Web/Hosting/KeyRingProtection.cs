using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Rescue.Web.Hosting;

/// <summary>
/// The <c>Rescue:KeyProtection</c> section: the certificate that encrypts the data-protection key ring at rest, so a
/// copy of the key folder alone opens nothing (docs/deployment-keys.md).
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "Rescue:KeyProtection";

    /// <summary>A PKCS#12 file (.pfx, .p12) or a PEM certificate; kept outside the data directory in a real deployment.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PKCS#12 file's password.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key, when it is not in the PEM certificate's own file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Certificates replaced by a rotation: they no longer encrypt new keys but still open the keys they did.</summary>
    public List<string> PreviousCertificatePaths { get; set; } = [];
}

/// <summary>
/// Encrypts the key ring (each key's XML in the key folder) with a certificate, and decrypts it with that certificate
/// or any previous one. On Linux there is no machine key store to fall back on: without a certificate the keys lie
/// in plain XML, and anyone with the folder could open every sealed field and secret key.
/// </summary>
public static class KeyRingProtection
{
    /// <summary>Where the certificate made on first start lives when configuration names none: beside the key folder, not in it.</summary>
    public static string GeneratedCertificatePath(string dataDirectory) =>
        Path.Combine(Path.GetFullPath(dataDirectory), "key-ring-certificate.pem");

    /// <summary>
    /// Protects the ring with the configured certificate, or with one made in the data directory on first start (the
    /// returned warning says a real deployment must name one kept elsewhere; null when a certificate is configured).
    /// </summary>
    public static string? ProtectKeyRing(this IDataProtectionBuilder builder, IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        string? warning = null;
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            certificate = Load(options.CertificatePath, options.CertificatePassword, options.KeyPath);
        }
        else
        {
            var path = GeneratedCertificatePath(dataDirectory);
            certificate = File.Exists(path) ? Load(path, null, null) : Create(path);
            warning = $"The data-protection key ring is encrypted with {path}, made by Rescue beside the keys: a copy of the whole " +
                $"data directory opens it. A real deployment names a certificate kept elsewhere in {KeyProtectionOptions.Section}:CertificatePath " +
                "(docs/deployment-keys.md).";
        }
        if (!certificate.HasPrivateKey) throw new InvalidOperationException($"The key-ring certificate {certificate.Subject} has no private key: the keys it encrypts could not be read again.");
        var previous = options.PreviousCertificatePaths.Select(p => Load(p, options.CertificatePassword, null));
        // Encrypting needs the public key alone; decrypting looks the certificate up in the X.509 stores unless it is
        // given here, and a Linux service account's store is empty: so every certificate that may have encrypted a key is given.
        builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. previous]);
        return warning;
    }

    private static X509Certificate2 Load(string path, string? password, string? keyPath)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"{KeyProtectionOptions.Section}: no certificate at {path}.");
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet)
            : X509Certificate2.CreateFromPemFile(path, keyPath);
    }

    /// <summary>A self-signed RSA certificate (the key-ring encryption is RSA key transport) with its key, PEM, readable by the owner alone.</summary>
    private static X509Certificate2 Create(string path)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Rescue key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var pem = certificate.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n";
        SecretKeys.WriteOnce(path, System.Text.Encoding.ASCII.GetBytes(pem));
        return Load(path, null, null);
    }
}

/// <summary>What the key ring's protection has to say at start: a warning when the certificate was made beside the keys.</summary>
public sealed record KeyRingStatus(string? Warning);
