using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rescue.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CannotTravelAlone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CannotTravelAlone",
                table: "Admissions",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CannotTravelAlone",
                table: "Admissions");
        }
    }
}
