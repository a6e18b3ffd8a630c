using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Incidents.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "incident_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    incident_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: true),
                    summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "incident_settings",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    webhook_url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    webhook_secret = table.Column<byte[]>(type: "BLOB", nullable: true),
                    escalation_contacts = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    acknowledge_within_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_settings", x => x.workspace_id);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    grouping_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    detector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    signal_count = table.Column<int>(type: "INTEGER", nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_signal_at = table.Column<long>(type: "INTEGER", nullable: false),
                    acknowledged_at = table.Column<long>(type: "INTEGER", nullable: true),
                    acknowledged_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    resolve_note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    notified_at = table.Column<long>(type: "INTEGER", nullable: true),
                    escalation_step = table.Column<int>(type: "INTEGER", nullable: false),
                    last_escalated_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_incident_events_incident",
                table: "incident_events",
                columns: new[] { "incident_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_grouping",
                table: "incidents",
                columns: new[] { "workspace_id", "grouping_key", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_state",
                table: "incidents",
                columns: new[] { "state", "severity" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_workspace",
                table: "incidents",
                columns: new[] { "workspace_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incident_events");

            migrationBuilder.DropTable(
                name: "incident_settings");

            migrationBuilder.DropTable(
                name: "incidents");
        }
    }
}
