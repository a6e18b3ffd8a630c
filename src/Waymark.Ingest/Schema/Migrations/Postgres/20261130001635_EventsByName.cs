using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventsByName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Analytics reads track events by name and time; the index also holds the subject so those reads need
            // no event row (see IngestDbContext).
            migrationBuilder.CreateIndex(
                name: "ix_events_name",
                table: "events",
                columns: new[] { "workspace_id", "type", "name", "timestamp", "subject_hash" });

            // The name index of the daily counts now covers trends and event cohorts (subject and count added).
            migrationBuilder.DropIndex(
                name: "ix_event_counts_name",
                table: "event_counts");

            migrationBuilder.CreateIndex(
                name: "ix_event_counts_name",
                table: "event_counts",
                columns: new[] { "workspace_id", "name", "day", "subject_hash", "count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_name",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_event_counts_name",
                table: "event_counts");

            migrationBuilder.CreateIndex(
                name: "ix_event_counts_name",
                table: "event_counts",
                columns: new[] { "workspace_id", "name", "day" });
        }
    }
}
