using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.StaffAccess.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "support_tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    operator_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    duration_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_by_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    decided_by_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: true),
                    ended_by_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ended_by_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    end_reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_support_tickets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_support_tickets_operator_state",
                table: "support_tickets",
                columns: new[] { "operator_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_support_tickets_workspace_state",
                table: "support_tickets",
                columns: new[] { "workspace_id", "state" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "support_tickets");
        }
    }
}
