using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DataSubjectRights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "deletion_ledger",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    job_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deletion_ledger", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "event_retention",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    days = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_run_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_retention", x => x.workspace_id);
                });

            migrationBuilder.CreateTable(
                name: "subject_export_chunks",
                columns: table => new
                {
                    export_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    seq = table.Column<int>(type: "INTEGER", nullable: false),
                    sealed_content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subject_export_chunks", x => new { x.export_id, x.seq });
                });

            migrationBuilder.CreateTable(
                name: "subject_exports",
                columns: table => new
                {
                    export_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    format = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    job_id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    size_bytes = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subject_exports", x => x.export_id);
                });

            migrationBuilder.CreateTable(
                name: "subject_suppressions",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    suppressed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    dropped_events = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subject_suppressions", x => new { x.workspace_id, x.subject_hash });
                });

            migrationBuilder.CreateIndex(
                name: "ix_deletion_ledger_subject",
                table: "deletion_ledger",
                columns: new[] { "workspace_id", "subject_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_subject_exports_job",
                table: "subject_exports",
                column: "job_id");

            migrationBuilder.CreateIndex(
                name: "ix_subject_exports_subject",
                table: "subject_exports",
                columns: new[] { "workspace_id", "subject_hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deletion_ledger");

            migrationBuilder.DropTable(
                name: "event_retention");

            migrationBuilder.DropTable(
                name: "subject_export_chunks");

            migrationBuilder.DropTable(
                name: "subject_exports");

            migrationBuilder.DropTable(
                name: "subject_suppressions");
        }
    }
}
