using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Firewall.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "firewall_allow_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    surface = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    cidr = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_firewall_allow_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "firewall_rate_limits",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    write_key_per_minute = table.Column<int>(type: "INTEGER", nullable: true),
                    server_key_per_minute = table.Column<int>(type: "INTEGER", nullable: true),
                    workspace_per_minute = table.Column<int>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_firewall_rate_limits", x => x.workspace_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_firewall_allow_rules_workspace",
                table: "firewall_allow_rules",
                columns: new[] { "workspace_id", "surface" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "firewall_allow_rules");

            migrationBuilder.DropTable(
                name: "firewall_rate_limits");
        }
    }
}
