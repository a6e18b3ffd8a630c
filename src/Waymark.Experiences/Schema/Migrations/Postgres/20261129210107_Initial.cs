using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Experiences.Schema.Migrations.Postgres
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
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    latest_version = table.Column<int>(type: "integer", nullable: false),
                    draft_version = table.Column<int>(type: "integer", nullable: true),
                    staging_version = table.Column<int>(type: "integer", nullable: true),
                    staging_published_at = table.Column<long>(type: "bigint", nullable: true),
                    production_version = table.Column<int>(type: "integer", nullable: true),
                    production_published_at = table.Column<long>(type: "bigint", nullable: true),
                    archived_at = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "content_progress",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    content_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    times_shown = table.Column<int>(type: "integer", nullable: false),
                    max_step = table.Column<int>(type: "integer", nullable: false),
                    first_seen_at = table.Column<long>(type: "bigint", nullable: false),
                    last_seen_at = table.Column<long>(type: "bigint", nullable: false),
                    completed_at = table.Column<long>(type: "bigint", nullable: true),
                    dismissed_at = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_progress", x => new { x.workspace_id, x.subject_hash, x.content_id });
                });

            migrationBuilder.CreateTable(
                name: "content_revisions",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    revision = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_content_revisions", x => x.workspace_id);
                });

            migrationBuilder.CreateTable(
                name: "content_versions",
                columns: table => new
                {
                    content_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
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
