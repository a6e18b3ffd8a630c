using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Workspaces.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HipaaMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "hipaa_mode",
                table: "workspaces",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "hipaa_mode",
                table: "workspaces");
        }
    }
}
