using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Postgres
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
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    term = table.Column<byte[]>(type: "bytea", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    trait_key = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blind_index", x => new { x.workspace_id, x.term, x.subject_hash });
                });

            migrationBuilder.CreateTable(
                name: "companies",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_id = table.Column<byte[]>(type: "bytea", nullable: false),
                    public_traits = table.Column<string>(type: "text", nullable: true),
                    sealed_traits = table.Column<byte[]>(type: "bytea", nullable: true),
                    sealed_phi_traits = table.Column<byte[]>(type: "bytea", nullable: true),
                    first_seen = table.Column<long>(type: "bigint", nullable: false),
                    last_seen = table.Column<long>(type: "bigint", nullable: false),
                    event_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_companies", x => new { x.workspace_id, x.subject_hash });
                });

            migrationBuilder.CreateTable(
                name: "event_ids",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    message_key = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_ids", x => new { x.workspace_id, x.message_key });
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    company_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    type = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    timestamp = table.Column<long>(type: "bigint", nullable: false),
                    received_at = table.Column<long>(type: "bigint", nullable: false),
                    public_data = table.Column<string>(type: "text", nullable: true),
                    sealed_data = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_phi = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_events", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "memberships",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    user_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    company_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_memberships", x => new { x.workspace_id, x.user_hash, x.company_hash });
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    sealed_id = table.Column<byte[]>(type: "bytea", nullable: false),
                    public_traits = table.Column<string>(type: "text", nullable: true),
                    sealed_traits = table.Column<byte[]>(type: "bytea", nullable: true),
                    sealed_phi_traits = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
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
