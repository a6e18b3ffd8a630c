using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EventsByNameWithPublicValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_name",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_name",
                table: "events",
                columns: new[] { "workspace_id", "type", "name", "timestamp", "subject_hash", "public_data" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_name",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_name",
                table: "events",
                columns: new[] { "workspace_id", "type", "name", "timestamp", "subject_hash" });
        }
    }
}
