using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FaceSignatureBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // real[] → bytea of big-endian float4 values (SignatureBytes); a transform cannot hold a subquery, so
            // the values go through a new column. Rows up to 4 KB stay in the table (no TOAST lookup per signature).
            migrationBuilder.Sql("""
                ALTER TABLE "FaceSignatures" ADD COLUMN "EmbeddingBytes" bytea;
                UPDATE "FaceSignatures" SET "EmbeddingBytes" = COALESCE(
                    (SELECT string_agg(float4send(u.v), ''::bytea ORDER BY u.i) FROM unnest("Embedding") WITH ORDINALITY AS u(v, i)), ''::bytea);
                ALTER TABLE "FaceSignatures" DROP COLUMN "Embedding";
                ALTER TABLE "FaceSignatures" RENAME COLUMN "EmbeddingBytes" TO "Embedding";
                ALTER TABLE "FaceSignatures" ALTER COLUMN "Embedding" SET NOT NULL;
                ALTER TABLE "FaceSignatures" ALTER COLUMN "Embedding" SET STORAGE MAIN;
                ALTER TABLE "FaceSignatures" SET (toast_tuple_target = 4080);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "FaceSignatures" RESET (toast_tuple_target);
                ALTER TABLE "FaceSignatures" ADD COLUMN "EmbeddingFloats" real[];
                UPDATE "FaceSignatures" SET "EmbeddingFloats" = ARRAY(
                    SELECT (CASE WHEN n < 0 THEN -1 ELSE 1 END * CASE WHEN (n >> 23) & 255 = 0 THEN (n & 8388607) * 2 ^ -149
                            ELSE (1 + (n & 8388607) / 8388608.0) * 2 ^ (((n >> 23) & 255) - 127) END)::real
                    FROM (SELECT ('x' || encode(substring("Embedding" FROM g * 4 + 1 FOR 4), 'hex'))::bit(32)::int AS n, g
                          FROM generate_series(0, length("Embedding") / 4 - 1) AS g) AS b ORDER BY g);
                ALTER TABLE "FaceSignatures" DROP COLUMN "Embedding";
                ALTER TABLE "FaceSignatures" RENAME COLUMN "EmbeddingFloats" TO "Embedding";
                ALTER TABLE "FaceSignatures" ALTER COLUMN "Embedding" SET NOT NULL;
                """);
        }
    }
}
