using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Rescue.Web.Components;
using Rescue.Web.Data;

namespace Rescue.Web.Hosting;

/// <summary>
/// Makes a POST safe to retry: the first answer to a key is stored in the same transaction as the
/// records it created, and every retry with that key gets the same answer and creates nothing.
/// </summary>
public sealed class Idempotency(RescueDbContext db, IOptions<JsonOptions> json, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";

    public const int MaxKeyLength = 100;

    /// <summary>The stored answer for this key, or null when the key is new.</summary>
    public async Task<Answer?> ReplayAsync(string scope, string? key, string requestHash, CancellationToken ct)
    {
        if (key is null) return null;
        var record = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
        if (record is null) return null;
        if (record.RequestHash != requestHash)
        {
            throw new ValidationFailedException(Header, UiText.Format("Err.KeyReused"));
        }
        return new Answer(record.StatusCode, record.ResponseBody, record.Location);
    }

    /// <summary>Serialises the answer and adds it to the unit of work, to commit with the records it describes.</summary>
    public Answer Remember(string scope, string? key, string requestHash, int statusCode, object body, string? location)
    {
        var text = JsonSerializer.Serialize(body, body.GetType(), json.Value.SerializerOptions);
        if (key is not null)
        {
            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                Scope = scope,
                Key = key,
                RequestHash = requestHash,
                StatusCode = statusCode,
                ResponseBody = text,
                Location = location,
                CreatedAt = clock.GetUtcNow(),
            });
        }
        return new Answer(statusCode, text, location);
    }

    /// <summary>True when a concurrent request with the same key committed first.</summary>
    public static bool IsKeyTaken(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "IdempotencyKeys" };

    /// <summary>Reads the key from the request; refuses keys that are empty or too long.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return null;
        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength) throw new ValidationFailedException(Header, UiText.Format("Err.KeyLength"));
        return key;
    }

    public static string Hash(params IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));

    /// <summary>Endpoint metadata: the endpoint honours <see cref="Header"/> (the OpenAPI document declares it there).</summary>
    public sealed class AcceptsKey;

    /// <summary>The body of a stored answer read back as the type it was written from, with the same JSON options.</summary>
    public T Read<T>(Answer answer) =>
        JsonSerializer.Deserialize<T>(answer.Body, json.Value.SerializerOptions)
            ?? throw new InvalidOperationException($"the stored answer is not a {typeof(T).Name}");

    /// <summary>An answer as first given, as stored: the endpoint writes it the same way the first time and on every retry.</summary>
    public sealed record Answer(int StatusCode, string Body, string? Location);
}

/// <summary>Marks an endpoint as one that honours the <c>Idempotency-Key</c> header.</summary>
public static class IdempotencyEndpoints
{
    public static TBuilder AcceptsIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Idempotency.AcceptsKey());

    /// <summary>The stored answer as an HTTP result: its status, location and body text exactly as first given.</summary>
    public static IResult AsResult(this Idempotency.Answer answer) => new StoredAnswer(answer);

    private sealed class StoredAnswer(Idempotency.Answer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = answer.StatusCode;
            if (answer.Location is not null) context.Response.Headers.Location = answer.Location;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(answer.Body);
        }
    }
}
