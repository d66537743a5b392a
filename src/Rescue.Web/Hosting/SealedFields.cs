using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Rescue.Web.Vocabulary;

namespace Rescue.Web.Hosting;

/// <summary>The kinds of field kept sealed in the database, each under its own data-protection purpose.</summary>
public enum SealedField
{
    IdNumber = 1,
    HealthNotes = 2,
    DnaResult = 3,
    RelativeDocument = 4,
}

/// <summary>
/// Seals the most sensitive fields (ID numbers, health notes, DNA results, a relative's identity document) for the
/// database and opens them again, with ASP.NET Core Data Protection: a protector per <see cref="SealedField"/>, keys
/// from the app's key ring (itself protected at rest, docs/deployment-keys.md). The ring rotates its default key every
/// 90 days and keeps the old ones, so a value sealed under any earlier key still opens.
/// <para>
/// Each record's one writer seals (<see cref="Seal"/>) into the entity's mapped <c>Sealed…</c> property and its readers
/// open into the plain property, which EF ignores. The sealing is deliberately not an EF value converter: EF builds
/// its model once per DbContext type per process, so a converter would keep the protector of the first app built in
/// the process, and every other app (the tests run several, each with its own key ring) would seal under the wrong
/// keys. Here nothing in the model knows a key: this service is the app's own, from its own container. The plain
/// property being unmapped has two more effects worth having: EF can never write it by accident, and a query that
/// filters on it fails loudly instead of comparing ciphertext (exact lookups go through <see cref="IdLookup"/>).
/// </para>
/// <para>
/// A value stored before the fields were sealed (no data-protection header) is read as it is, so an upgraded
/// database stays readable; <c>Data/SealExistingFields</c> seals such rows at start, in batches.
/// </para>
/// </summary>
public sealed class SealedFields(IDataProtectionProvider protection, SecretKeys secrets)
{
    /// <summary>The base64url start of every data-protection payload: its magic header 0x09F0C9F0.</summary>
    public const string SealedPrefix = "CfDJ8";

    private readonly Dictionary<SealedField, IDataProtector> _protectors = Enum.GetValues<SealedField>()
        .ToDictionary(f => f, f => protection.CreateProtector("Rescue.SealedFields", f.ToString()));

    private byte[]? _lookupKey;

    public string? Seal(SealedField field, string? plain) => plain is null ? null : _protectors[field].Protect(plain);

    /// <summary>The plain value; a value stored before sealing began comes back as it was.</summary>
    public string? Open(SealedField field, string? stored) =>
        stored is null ? null : IsSealed(stored) ? _protectors[field].Unprotect(stored) : stored;

    public static bool IsSealed(string stored) => stored.StartsWith(SealedPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The keyed hash (HMAC-SHA256) an ID number is found by, exactly and without opening any row: the key is
    /// <see cref="SecretKeys.IdLookup"/>, outside the database, so a copy of the database cannot test guessed
    /// numbers (a plain hash of an 18-digit number with a checksum and a date of birth would fall to a short search).
    /// </summary>
    public byte[]? IdLookup(string? idNumber) =>
        TextRules.IsBlank(idNumber) ? null
            : HMACSHA256.HashData(_lookupKey ??= secrets.Get(SecretKeys.IdLookup), Encoding.UTF8.GetBytes(idNumber!.Trim().ToUpperInvariant()));
}
