using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FaceSignatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FaceStatus",
                table: "Photos",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.CreateTable(
                name: "FaceJobs",
                columns: table => new
                {
                    PhotoId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnqueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    FailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceJobs", x => x.PhotoId);
                    table.ForeignKey(
                        name: "FK_FaceJobs_Photos_PhotoId",
                        column: x => x.PhotoId,
                        principalTable: "Photos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FaceSignatures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PhotoId = table.Column<Guid>(type: "uuid", nullable: false),
                    FaceIndex = table.Column<int>(type: "integer", nullable: false),
                    BoxX = table.Column<float>(type: "real", nullable: false),
                    BoxY = table.Column<float>(type: "real", nullable: false),
                    BoxSide = table.Column<float>(type: "real", nullable: false),
                    DetectorScore = table.Column<float>(type: "real", nullable: false),
                    Sharpness = table.Column<float>(type: "real", nullable: false),
                    YawDegrees = table.Column<float>(type: "real", nullable: false),
                    RollDegrees = table.Column<float>(type: "real", nullable: false),
                    CutOff = table.Column<bool>(type: "boolean", nullable: false),
                    Usable = table.Column<bool>(type: "boolean", nullable: false),
                    IsPerson = table.Column<bool>(type: "boolean", nullable: false),
                    Embedding = table.Column<float[]>(type: "real[]", nullable: false),
                    ModelVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceSignatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FaceSignatures_Photos_PhotoId",
                        column: x => x.PhotoId,
                        principalTable: "Photos",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FaceJobs_NotBefore",
                table: "FaceJobs",
                column: "NotBefore",
                filter: "\"FailedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_FaceSignatures_PhotoId_FaceIndex",
                table: "FaceSignatures",
                columns: new[] { "PhotoId", "FaceIndex" },
                unique: true);

            // Photos stored before faces were found: queue them, so none stays without signatures.
            migrationBuilder.Sql("""
                INSERT INTO "FaceJobs" ("PhotoId", "EnqueuedAt", "NotBefore", "Attempts")
                SELECT "Id", now(), now(), 0 FROM "Photos" WHERE "OwnerKind" IN ('Admission', 'Notice');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FaceJobs");

            migrationBuilder.DropTable(
                name: "FaceSignatures");

            migrationBuilder.DropColumn(
                name: "FaceStatus",
                table: "Photos");
        }
    }
}
