using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "event_counts",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    day = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    last_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_counts", x => new { x.workspace_id, x.subject_hash, x.name, x.day });
                });

            migrationBuilder.CreateIndex(
                name: "ix_event_counts_name",
                table: "event_counts",
                columns: new[] { "workspace_id", "name", "day" });

            // Events stored before the counts existed are counted once here, so segments see the whole history.
            migrationBuilder.Sql("""
                INSERT INTO event_counts (workspace_id, subject_hash, name, day, count, last_at)
                SELECT workspace_id, subject_hash, name, CAST(timestamp / 86400000 AS INTEGER), COUNT(*), MAX(timestamp)
                FROM events WHERE type = 2 AND name IS NOT NULL AND timestamp >= 0
                GROUP BY workspace_id, subject_hash, name, CAST(timestamp / 86400000 AS INTEGER)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_counts");
        }
    }
}
