using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "blind_index",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    term = table.Column<byte[]>(type: "BLOB", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    trait_key = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blind_index", x => new { x.workspace_id, x.term, x.subject_hash });
                });

            migrationBuilder.CreateTable(
                name: "companies",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sealed_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    public_traits = table.Column<string>(type: "TEXT", nullable: true),
                    sealed_traits = table.Column<byte[]>(type: "BLOB", nullable: true),
                    sealed_phi_traits = table.Column<byte[]>(type: "BLOB", nullable: true),
                    first_seen = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen = table.Column<long>(type: "INTEGER", nullable: false),
                    event_count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_companies", x => new { x.workspace_id, x.subject_hash });
                });

            // WITHOUT ROWID: the deduplication keys form one B-tree instead of a rowid table plus an index.
            migrationBuilder.Sql("CREATE TABLE event_ids (workspace_id INTEGER NOT NULL, message_key INTEGER NOT NULL, CONSTRAINT PK_event_ids PRIMARY KEY (workspace_id, message_key)) WITHOUT ROWID;");

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    company_hash = table.Column<byte[]>(type: "BLOB", nullable: true),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: true),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    public_data = table.Column<string>(type: "TEXT", nullable: true),
                    sealed_data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sealed_phi = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "memberships",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    company_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_memberships", x => new { x.workspace_id, x.user_hash, x.company_hash });
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    sealed_id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    public_traits = table.Column<string>(type: "TEXT", nullable: true),
                    sealed_traits = table.Column<byte[]>(type: "BLOB", nullable: true),
                    sealed_phi_traits = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => new { x.workspace_id, x.subject_hash });
                });

            migrationBuilder.CreateIndex(
                name: "ix_blind_index_subject",
                table: "blind_index",
                columns: new[] { "workspace_id", "subject_hash" });

            migrationBuilder.CreateIndex(
                name: "ix_events_company",
                table: "events",
                columns: new[] { "workspace_id", "company_hash" },
                filter: "company_hash IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_events_subject",
                table: "events",
                columns: new[] { "workspace_id", "subject_hash", "seq" });

            migrationBuilder.CreateIndex(
                name: "ix_memberships_company",
                table: "memberships",
                columns: new[] { "workspace_id", "company_hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blind_index");

            migrationBuilder.DropTable(
                name: "companies");

            migrationBuilder.DropTable(
                name: "event_ids");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "memberships");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
