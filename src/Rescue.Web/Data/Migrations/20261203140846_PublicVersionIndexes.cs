using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublicVersionIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_People_IdentifiedAt",
                table: "People",
                column: "IdentifiedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Announcements_UpdatedAt",
                table: "Announcements",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_UpdatedAt",
                table: "Admissions",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_People_IdentifiedAt",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_Announcements_UpdatedAt",
                table: "Announcements");

            migrationBuilder.DropIndex(
                name: "IX_Admissions_UpdatedAt",
                table: "Admissions");
        }
    }
}
