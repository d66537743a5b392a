using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rescue.Testing;
using Rescue.Web.Data;
using Rescue.Web.Hosting;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>
/// The sensitive fields at rest (Hosting/SealedFields): plain SQL sees ciphertext only, the API reads the values back,
/// an ID number is found by its keyed hash, a new default key leaves old records readable, and the key folder without
/// its certificate opens nothing (Hosting/KeyRingProtection).
/// </summary>
public class EncryptedFieldTests(RescueApp app) : IClassFixture<RescueApp>
{
    private const string HealthNotes = "高血压，每日服用硝苯地平";

    [Fact]
    public async Task Id_number_health_notes_DNA_result_and_relative_document_are_ciphertext_in_SQL_and_plain_through_the_API()
    {
        var (staff, officer) = (await app.SignedInAsync(Roles.StationStaff), await app.SignedInAsync(Roles.CaseOfficer));
        var idNumber = Cases.ResidentIdNumber("510104", new DateOnly(1958, 3, 9), "042");
        var admission = await AdmitAsync(staff, idNumber);

        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}");
        Assert.Equal(idNumber, read.GetProperty("idNumber").GetProperty("value").GetString());
        Assert.Equal(HealthNotes, read.GetProperty("healthNotes").GetString());

        var requested = await officer.PostAsJsonAsync($"/api/v1/admissions/{admission}/dna", new { policeUnit = "城东派出所", requestedOn = app.Today() });
        var dna = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var result = await officer.PostAsJsonAsync($"/api/v1/dna/{dna}/result", new { result = "NoMatch", resultOn = app.Today() });
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("NoMatch", (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/dna"))[0].GetProperty("result").GetString());

        var exit = await staff.PostAsJsonAsync($"/api/v1/admissions/{admission}/exit", new
        {
            kind = "Reunion", relativeName = "王芳", relationship = "女儿", relativeDocumentType = "居民身份证",
            relativeDocumentNumber = "51010419850101002X", verifiedBy = "Documents",
        });
        Assert.Equal(HttpStatusCode.OK, exit.StatusCode);
        var stay = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}/stay");
        Assert.Equal("51010419850101002X", stay.GetProperty("exit").GetProperty("relativeDocumentNumber").GetString());

        var stored = await RowAsync($"""
            SELECT a."IdNumber_Value", a."HealthNotes", d."Result", x."RelativeDocumentNumber", a."IdNumberLookup"
            FROM "Admissions" a JOIN "DnaRequests" d ON d."AdmissionId" = a."Id" JOIN "StayExits" x ON x."AdmissionId" = a."Id"
            WHERE a."Id" = '{admission}'
            """);
        foreach (var (column, plain) in new[] { (0, idNumber), (1, HealthNotes), (2, "NoMatch"), (3, "51010419850101002X") })
        {
            var text = (string)stored[column];
            Assert.StartsWith(SealedFields.SealedPrefix, text);
            Assert.DoesNotContain(plain, text);
        }
        Assert.Equal(32, ((byte[])stored[4]).Length);
        // The hash is keyed: not the plain SHA-256 anyone could compute from a guessed number.
        Assert.NotEqual(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idNumber)), (byte[])stored[4]);
    }

    [Fact]
    public async Task An_admission_is_found_by_its_ID_number_typed_in_either_case_through_the_lookup_hash()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var idNumber = Cases.ResidentIdNumber("110105", new DateOnly(1971, 8, 20), "013");
        var admission = await AdmitAsync(staff, idNumber);

        foreach (var typed in new[] { idNumber, idNumber.ToLowerInvariant(), " " + idNumber + " " })
        {
            var found = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions?q={Uri.EscapeDataString(typed)}");
            Assert.Contains(found.EnumerateArray(), a => a.GetProperty("id").GetGuid() == admission);
        }
        var other = Cases.ResidentIdNumber("110105", new DateOnly(1971, 8, 20), "015");
        var none = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions?q={other}");
        Assert.DoesNotContain(none.EnumerateArray(), a => a.GetProperty("id").GetGuid() == admission);
    }

    [Fact]
    public async Task A_new_default_key_seals_new_records_while_records_sealed_under_the_old_key_still_read()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var before = await AdmitAsync(staff, Cases.ResidentIdNumber("310101", new DateOnly(1966, 1, 2), "021"));
        var oldKey = KeyOf((string)(await RowAsync($"""SELECT "HealthNotes" FROM "Admissions" WHERE "Id" = '{before}'"""))[0]);

        var keys = app.Services.GetRequiredService<IKeyManager>();
        var current = keys.GetAllKeys().Single(k => k.KeyId == oldKey);
        // Activated just after the key in use, so the ring takes it as its default at once (as at a rotation).
        var newKey = keys.CreateNewKey(current.ActivationDate.AddSeconds(1), current.ActivationDate.AddDays(90));

        var after = await AdmitAsync(staff, Cases.ResidentIdNumber("310101", new DateOnly(1966, 1, 2), "037"));
        Assert.Equal(newKey.KeyId, KeyOf((string)(await RowAsync($"""SELECT "HealthNotes" FROM "Admissions" WHERE "Id" = '{after}'"""))[0]));
        Assert.Equal(oldKey, KeyOf((string)(await RowAsync($"""SELECT "HealthNotes" FROM "Admissions" WHERE "Id" = '{before}'"""))[0]));
        foreach (var id in new[] { before, after })
        {
            Assert.Equal(HealthNotes, (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{id}")).GetProperty("healthNotes").GetString());
        }
    }

    [Fact]
    public async Task A_copy_of_the_key_folder_without_the_certificate_opens_nothing()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var admission = await AdmitAsync(staff, Cases.ResidentIdNumber("440103", new DateOnly(1980, 12, 1), "055"));
        var sealedNotes = (string)(await RowAsync($"""SELECT "HealthNotes" FROM "Admissions" WHERE "Id" = '{admission}'"""))[0];

        var copy = Path.Combine(Path.GetTempPath(), "rescue-stolen-keys-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var file in Directory.GetFiles(SecretKeys.FolderOf(app.DataDirectory), "*.xml"))
            {
                var xml = File.ReadAllText(file);
                Assert.Contains("EncryptedData", xml);
                Assert.DoesNotContain("<masterKey", xml);
                Directory.CreateDirectory(copy);
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            using var thief = Protector(copy, withCertificate: false);
            Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Notes(thief).Unprotect(sealedNotes));

            // The same folder with the data directory's certificate opens it: the certificate is what was missing.
            using var owner = Protector(copy, withCertificate: true);
            Assert.Equal(HealthNotes, Notes(owner).Unprotect(sealedNotes));
        }
        finally
        {
            if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Values_stored_plain_before_sealing_began_read_as_they_are_and_are_sealed_at_start()
    {
        var staff = await app.SignedInAsync(Roles.StationStaff);
        var idNumber = Cases.ResidentIdNumber("420102", new DateOnly(1949, 10, 1), "017");
        var admission = await AdmitAsync(staff, idNumber);
        // As the EncryptedFields migration leaves a row written before it: plain values, no lookup hash.
        await RowAsync($"""
            UPDATE "Admissions" SET "IdNumber_Value" = '{idNumber}', "HealthNotes" = '{HealthNotes}', "IdNumberLookup" = NULL
            WHERE "Id" = '{admission}' RETURNING 1
            """);
        Assert.Equal(HealthNotes, (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}")).GetProperty("healthNotes").GetString());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sealedCount = await SealExistingFields.SealAsync(scope.ServiceProvider.GetRequiredService<RescueDbContext>(), scope.ServiceProvider.GetRequiredService<SealedFields>(), default);
            Assert.Equal(1, sealedCount);
        }

        var stored = await RowAsync($"""SELECT "IdNumber_Value", "HealthNotes" FROM "Admissions" WHERE "Id" = '{admission}'""");
        Assert.All(stored, value => Assert.StartsWith(SealedFields.SealedPrefix, (string)value));
        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions/{admission}");
        Assert.Equal(idNumber, read.GetProperty("idNumber").GetProperty("value").GetString());
        Assert.Equal(HealthNotes, read.GetProperty("healthNotes").GetString());
        var found = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/admissions?q={idNumber}");
        Assert.Contains(found.EnumerateArray(), a => a.GetProperty("id").GetGuid() == admission);
    }

    private ServiceProvider Protector(string keyFolder, bool withCertificate)
    {
        var services = new ServiceCollection();
        var builder = services.AddDataProtection().SetApplicationName("Rescue")
            .PersistKeysToFileSystem(new DirectoryInfo(keyFolder)).DisableAutomaticKeyGeneration();
        if (withCertificate) builder.ProtectKeyRing(new ConfigurationBuilder().Build(), app.DataDirectory);
        return services.BuildServiceProvider();
    }

    private static IDataProtector Notes(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Rescue.SealedFields", nameof(SealedField.HealthNotes));

    /// <summary>The key a data-protection payload was sealed under: the 16 bytes after its 4-byte magic header.</summary>
    private static Guid KeyOf(string payload) => new(WebEncoders.Base64UrlDecode(payload).AsSpan(4, 16));

    private async Task<Guid> AdmitAsync(HttpClient staff, string idNumber)
    {
        var created = await staff.PostAsJsonAsync("/api/v1/admissions", new
        {
            name = new { value = "王建华", quality = "Known" },
            idNumber = new { value = idNumber, quality = "Known" },
            sex = "Male",
            healthNotes = HealthNotes,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<object[]> RowAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = new object[reader.FieldCount];
        reader.GetValues(row);
        return row;
    }
}
