using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Ingest.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IdentityVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "identity_verification",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    sealed_secret = table.Column<byte[]>(type: "bytea", nullable: true),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_verification", x => x.workspace_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "identity_verification");
        }
    }
}
