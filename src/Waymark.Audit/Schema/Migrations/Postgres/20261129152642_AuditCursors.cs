using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Audit.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditCursors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_cursors",
                columns: table => new
                {
                    consumer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_cursors", x => new { x.consumer, x.workspace_id });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_cursors");
        }
    }
}
