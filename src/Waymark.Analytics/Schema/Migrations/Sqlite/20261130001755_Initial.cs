using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Analytics.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_days",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_days", x => new { x.workspace_id, x.subject_hash, x.day });
                });

            // Days of events stored before this rollup existed, once: from event_counts (same days, far fewer rows than
            // the event log), which the ingest schema, migrated before this one, already holds.
            migrationBuilder.Sql("""
                INSERT INTO activity_days (workspace_id, subject_hash, day)
                SELECT DISTINCT workspace_id, subject_hash, day FROM event_counts
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_days");
        }
    }
}
