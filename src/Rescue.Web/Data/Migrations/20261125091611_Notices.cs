using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Notices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TakenYear",
                table: "Photos",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AgeAtDisappearance",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Build",
                table: "Notices",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Circumstances",
                table: "Notices",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Clothing",
                table: "Notices",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "Notices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "DateOfBirth_Day",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DateOfBirth_Month",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DateOfBirth_Year",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Dialect",
                table: "Notices",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Disabilities",
                table: "Notices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HeightCm",
                table: "Notices",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hometown",
                table: "Notices",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastSeenDivisionCode",
                table: "Notices",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastSeenOn",
                table: "Notices",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastSeenPlace",
                table: "Notices",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Marks",
                table: "Notices",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "OtherNames",
                table: "Notices",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "PhotoUrl",
                table: "Notices",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PoliceCaseNumber",
                table: "Notices",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ReporterIdentityChecked",
                table: "Notices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReporterName",
                table: "Notices",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReporterPhone",
                table: "Notices",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReporterRelationship",
                table: "Notices",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sex",
                table: "Notices",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Unknown");

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "Notices",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "WalkIn");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SourceDate",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceName",
                table: "Notices",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceRecordId",
                table: "Notices",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceUrl",
                table: "Notices",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VettedAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VettedBy",
                table: "Notices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "NoticeNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceRecordId = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PfifStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Found = table.Column<bool>(type: "boolean", nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SourceDate = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoticeNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NoticeNotes_Notices_NoticeId",
                        column: x => x.NoticeId,
                        principalTable: "Notices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notices_SourceName_SourceRecordId",
                table: "Notices",
                columns: new[] { "SourceName", "SourceRecordId" },
                unique: true,
                filter: "\"SourceRecordId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_NoticeNotes_NoticeId_SourceRecordId",
                table: "NoticeNotes",
                columns: new[] { "NoticeId", "SourceRecordId" },
                unique: true,
                filter: "\"SourceRecordId\" IS NOT NULL");

            // Notices that existed before: their own time, not the default of year 1 (stored as -infinity).
            migrationBuilder.Sql("""
                UPDATE "Notices" SET "UpdatedAt" = "CreatedAt" WHERE "UpdatedAt" < '0002-01-01';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NoticeNotes");

            migrationBuilder.DropIndex(
                name: "IX_Notices_SourceName_SourceRecordId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "TakenYear",
                table: "Photos");

            migrationBuilder.DropColumn(
                name: "AgeAtDisappearance",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Build",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Circumstances",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Clothing",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "DateOfBirth_Day",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "DateOfBirth_Month",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "DateOfBirth_Year",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Dialect",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Disabilities",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "HeightCm",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Hometown",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "LastSeenDivisionCode",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "LastSeenOn",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "LastSeenPlace",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Marks",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "OtherNames",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "PhotoUrl",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "PoliceCaseNumber",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ReporterIdentityChecked",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ReporterName",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ReporterPhone",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "ReporterRelationship",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Sex",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "SourceDate",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "SourceName",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "SourceRecordId",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "SourceUrl",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "VettedAt",
                table: "Notices");

            migrationBuilder.DropColumn(
                name: "VettedBy",
                table: "Notices");
        }
    }
}
