using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StaysExitsSettlement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Placement",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Stage",
                table: "Admissions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Reception");

            migrationBuilder.CreateTable(
                name: "CasePolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ReceptionCheckHours = table.Column<int>(type: "integer", nullable: false),
                    DnaRequestWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    DnaResultMonths = table.Column<int>(type: "integer", nullable: false),
                    StrandedAfterDays = table.Column<int>(type: "integer", nullable: false),
                    StrandedReviewWorkingDays = table.Column<int>(type: "integer", nullable: false),
                    SettlementAfterDays = table.Column<int>(type: "integer", nullable: false),
                    SettlementApplicationDays = table.Column<int>(type: "integer", nullable: false),
                    SelfDepartureMinAge = table.Column<int>(type: "integer", nullable: false),
                    SelfDepartureMaxCash = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    BedCapacity = table.Column<int>(type: "integer", nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CasePolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocalDays",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    IsWorkingDay = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalDays", x => x.Day);
                });

            migrationBuilder.CreateTable(
                name: "SettlementSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AdmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Office = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DocumentSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DocumentContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DocumentName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HukouName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    HukouDateOfBirth = table.Column<DateOnly>(type: "date", nullable: true),
                    IdNumber = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    IdValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    InsuranceNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    InsuranceYear = table.Column<int>(type: "integer", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementSteps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StayEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AdmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FromStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ToStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ExitKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StayEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StayExits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AdmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Destination = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Escorted = table.Column<bool>(type: "boolean", nullable: false),
                    EscortedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DeclarationSigned = table.Column<bool>(type: "boolean", nullable: false),
                    Ticket = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Cash = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: true),
                    CashReceipt = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    RelativeName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Relationship = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    RelativeDocumentType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    RelativeDocumentNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    VerifiedBy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Belongings = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StayExits", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "CasePolicies",
                columns: new[] { "Id", "BedCapacity", "DnaRequestWorkingDays", "DnaResultMonths", "ReceptionCheckHours", "SelfDepartureMaxCash", "SelfDepartureMinAge", "SettlementAfterDays", "SettlementApplicationDays", "StrandedAfterDays", "StrandedReviewWorkingDays", "UpdatedAt", "UpdatedBy" },
                values: new object[] { 1, null, 7, 1, 24, 20m, 16, 90, 30, 10, 5, null, null });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementSteps_AdmissionId_Kind",
                table: "SettlementSteps",
                columns: new[] { "AdmissionId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SettlementSteps_On",
                table: "SettlementSteps",
                column: "On");

            migrationBuilder.CreateIndex(
                name: "IX_StayEvents_AdmissionId_At",
                table: "StayEvents",
                columns: new[] { "AdmissionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_StayEvents_ToStage_At",
                table: "StayEvents",
                columns: new[] { "ToStage", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_StayExits_AdmissionId",
                table: "StayExits",
                column: "AdmissionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StayExits_ExitedAt",
                table: "StayExits",
                column: "ExitedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CasePolicies");

            migrationBuilder.DropTable(
                name: "LocalDays");

            migrationBuilder.DropTable(
                name: "SettlementSteps");

            migrationBuilder.DropTable(
                name: "StayEvents");

            migrationBuilder.DropTable(
                name: "StayExits");

            migrationBuilder.DropColumn(
                name: "Placement",
                table: "Admissions");

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "Admissions");
        }
    }
}
