using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Matching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "IdentifiedAt",
                table: "People",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "IdentifiedByNoticeId",
                table: "People",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "Notices",
                type: "timestamp with time zone",
                nullable: true);

            // Notices closed before this migration count their retention from their last update.
            migrationBuilder.Sql("""UPDATE "Notices" SET "ClosedAt" = "UpdatedAt" WHERE "Status" IN ('Found', 'Withdrawn', 'Expired')""");

            migrationBuilder.CreateTable(
                name: "ConsumerCursors",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Transaction = table.Column<ulong>(type: "xid8", nullable: false),
                    ChangeId = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsumerCursors", x => x.Consumer);
                });

            migrationBuilder.CreateTable(
                name: "MatchCandidates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AdmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    NoticeId = table.Column<Guid>(type: "uuid", nullable: true),
                    EarlierAdmissionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Total = table.Column<double>(type: "double precision", nullable: false),
                    RerankProbability = table.Column<double>(type: "double precision", nullable: true),
                    RerankVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Sources = table.Column<int>(type: "integer", nullable: false),
                    Minor = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AdmissionFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OtherFingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ScoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Parts = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchCandidates", x => x.Id);
                    table.CheckConstraint("CK_MatchCandidates_OneOther", "(\"NoticeId\" IS NULL) <> (\"EarlierAdmissionId\" IS NULL)");
                });

            migrationBuilder.CreateTable(
                name: "PersonLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AdmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromPersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    ToPersonId = table.Column<Guid>(type: "uuid", nullable: false),
                    CandidateId = table.Column<Guid>(type: "uuid", nullable: true),
                    LinkedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UndoneBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MatchCandidates_AdmissionId_EarlierAdmissionId",
                table: "MatchCandidates",
                columns: new[] { "AdmissionId", "EarlierAdmissionId" },
                unique: true,
                filter: "\"EarlierAdmissionId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_MatchCandidates_AdmissionId_NoticeId",
                table: "MatchCandidates",
                columns: new[] { "AdmissionId", "NoticeId" },
                unique: true,
                filter: "\"NoticeId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_MatchCandidates_NoticeId",
                table: "MatchCandidates",
                column: "NoticeId");

            migrationBuilder.CreateIndex(
                name: "IX_MatchCandidates_Status_Total",
                table: "MatchCandidates",
                columns: new[] { "Status", "Total" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonLinks_AdmissionId",
                table: "PersonLinks",
                column: "AdmissionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsumerCursors");

            migrationBuilder.DropTable(
                name: "MatchCandidates");

            migrationBuilder.DropTable(
                name: "PersonLinks");

            migrationBuilder.DropColumn(
                name: "IdentifiedAt",
                table: "People");

            migrationBuilder.DropColumn(
                name: "IdentifiedByNoticeId",
                table: "People");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Notices");
        }
    }
}
