using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "NameAsTold",
                table: "Admissions",
                newName: "Hair");

            migrationBuilder.AddColumn<string>(
                name: "Aliases_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "Aliases_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Belongings",
                table: "Admissions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Build",
                table: "Admissions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Circumstances",
                table: "Admissions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Clothing",
                table: "Admissions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Contacts",
                table: "Admissions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CreatedAt",
                table: "Admissions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "Admissions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "DateOfBirth",
                table: "Admissions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dialect_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "Dialect_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Disability",
                table: "Admissions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EstimatedAgeMax",
                table: "Admissions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EstimatedAgeMin",
                table: "Admissions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FingerprintsTaken",
                table: "Admissions",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HealthNotes",
                table: "Admissions",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HeightCm",
                table: "Admissions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HukouPlace_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "HukouPlace_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdNumber_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "IdNumber_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "Language_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Marks",
                table: "Admissions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MentalState",
                table: "Admissions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Minor",
                table: "Admissions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Name_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "Name_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PersonId",
                table: "Admissions",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<bool>(
                name: "Pregnant",
                table: "Admissions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "ReportId",
                table: "Admissions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Residence_Quality",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotCollected");

            migrationBuilder.AddColumn<string>(
                name: "Residence_Value",
                table: "Admissions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sex",
                table: "Admissions",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Unknown");

            migrationBuilder.AddColumn<string>(
                name: "Tattoos",
                table: "Admissions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "Admissions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Subject = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RemoteAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CorrelationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseNumberCounters",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseNumberCounters", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: false),
                    ResponseBody = table.Column<string>(type: "text", nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "People",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_People", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Photos",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    ByteSize = table.Column<long>(type: "bigint", nullable: false),
                    OwnerKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Photos", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    FiledBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OfficerName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    OfficerPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PlaceText = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    HowFound = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Disposition = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    HandoverFormNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    HandedOverAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    EstimatedAgeMin = table.Column<int>(type: "integer", nullable: true),
                    EstimatedAgeMax = table.Column<int>(type: "integer", nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Needs = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AdmissionId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Reports_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_PersonId",
                table: "Admissions",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_ReportId",
                table: "Admissions",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_Status",
                table: "Admissions",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_At",
                table: "AuditLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_Subject_SubjectId",
                table: "AuditLog",
                columns: new[] { "Subject", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_CreatedAt",
                table: "IdempotencyKeys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Photos_OwnerKind_OwnerId_Position",
                table: "Photos",
                columns: new[] { "OwnerKind", "OwnerId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Photos_Sha256",
                table: "Photos",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_AgencyId_CreatedAt",
                table: "Reports",
                columns: new[] { "AgencyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Status",
                table: "Reports",
                column: "Status");

            // Admissions registered before people existed: each becomes its own person, so the
            // foreign key holds and no admission is lost.
            migrationBuilder.Sql("""
                UPDATE "Admissions" SET "PersonId" = gen_random_uuid() WHERE "PersonId" = '00000000-0000-0000-0000-000000000000';
                INSERT INTO "People" ("Id", "CreatedAt") SELECT "PersonId", "AdmittedAt" FROM "Admissions"
                WHERE NOT EXISTS (SELECT 1 FROM "People" p WHERE p."Id" = "Admissions"."PersonId");
                """);

            migrationBuilder.AddForeignKey(
                name: "FK_Admissions_People_PersonId",
                table: "Admissions",
                column: "PersonId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            // Admissions that existed before: their own time, not the default of year 1 (stored as -infinity).
            migrationBuilder.Sql("""
                UPDATE "Admissions" SET "CreatedAt" = "AdmittedAt", "UpdatedAt" = "AdmittedAt" WHERE "CreatedAt" < '0002-01-01';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Admissions_People_PersonId",
                table: "Admissions");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "CaseNumberCounters");

            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "People");

            migrationBuilder.DropTable(
                name: "Photos");

            migrationBuilder.DropTable(
                name: "Reports");

            migrationBuilder.DropIndex(
                name: "IX_Admissions_PersonId",
                table: "Admissions");

            migrationBuilder.DropIndex(
                name: "IX_Admissions_ReportId",
                table: "Admissions");

            migrationBuilder.DropIndex(
                name: "IX_Admissions_Status",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Aliases_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Aliases_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Belongings",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Build",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Circumstances",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Clothing",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Contacts",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "DateOfBirth",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Dialect_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Dialect_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Disability",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "EstimatedAgeMax",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "EstimatedAgeMin",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "FingerprintsTaken",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "HealthNotes",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "HeightCm",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "HukouPlace_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "HukouPlace_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "IdNumber_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "IdNumber_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Language_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Language_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Marks",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "MentalState",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Minor",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Name_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Name_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "PersonId",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Pregnant",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "ReportId",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Residence_Quality",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Residence_Value",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Sex",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Tattoos",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Admissions");

            migrationBuilder.RenameColumn(
                name: "Hair",
                table: "Admissions",
                newName: "NameAsTold");
        }
    }
}
