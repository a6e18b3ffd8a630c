using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Experiences.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "content_items",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    latest_version = table.Column<int>(type: "INTEGER", nullable: false),
                    draft_version = table.Column<int>(type: "INTEGER", nullable: true),
                    staging_version = table.Column<int>(type: "INTEGER", nullable: true),
                    staging_published_at = table.Column<long>(type: "INTEGER", nullable: true),
                    production_version = table.Column<int>(type: "INTEGER", nullable: true),
                    production_published_at = table.Column<long>(type: "INTEGER", nullable: true),
                    archived_at = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "content_progress",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    content_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    times_shown = table.Column<int>(type: "INTEGER", nullable: false),
                    max_step = table.Column<int>(type: "INTEGER", nullable: false),
                    first_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    dismissed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_progress", x => new { x.workspace_id, x.subject_hash, x.content_id });
                });

            migrationBuilder.CreateTable(
                name: "content_revisions",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_revisions", x => x.workspace_id);
                });

            migrationBuilder.CreateTable(
                name: "content_versions",
                columns: table => new
                {
                    content_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_versions", x => new { x.content_id, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "ix_content_items_workspace",
                table: "content_items",
                columns: new[] { "workspace_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_content_progress_content",
                table: "content_progress",
                columns: new[] { "workspace_id", "content_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "content_items");

            migrationBuilder.DropTable(
                name: "content_progress");

            migrationBuilder.DropTable(
                name: "content_revisions");

            migrationBuilder.DropTable(
                name: "content_versions");
        }
    }
}
