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
            migrationBuilder.CreateIndex(
                name: "ix_events_name",
                table: "events",
                columns: new[] { "workspace_id", "name", "timestamp", "subject_hash" },
                filter: "type = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_name",
                table: "events");
        }
    }
}
