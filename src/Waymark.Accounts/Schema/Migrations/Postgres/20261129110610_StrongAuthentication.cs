using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Accounts.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StrongAuthentication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "suspended_at",
                table: "workspace_members",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "suspended_reason",
                table: "workspace_members",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "totp_last_step",
                table: "accounts",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "method",
                table: "account_sessions",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "account_passkeys",
                columns: table => new
                {
                    credential_id = table.Column<byte[]>(type: "bytea", maxLength: 1024, nullable: false),
                    account_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_passkeys", x => x.credential_id);
                    table.ForeignKey(
                        name: "FK_account_passkeys_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sign_in_throttles",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    last_failure_at = table.Column<long>(type: "bigint", nullable: false),
                    locked_until = table.Column<long>(type: "bigint", nullable: false),
                    locked_permanently = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sign_in_throttles", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "workspace_security_policies",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    require_mfa = table.Column<bool>(type: "boolean", nullable: false),
                    require_sso = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_security_policies", x => x.workspace_id);
                });

            migrationBuilder.CreateTable(
                name: "workspace_sso_connections",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    issuer = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    client_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    client_secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    email_domains = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    default_role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_sso_connections", x => x.workspace_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_account_passkeys_account_id",
                table: "account_passkeys",
                column: "account_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_passkeys");

            migrationBuilder.DropTable(
                name: "sign_in_throttles");

            migrationBuilder.DropTable(
                name: "workspace_security_policies");

            migrationBuilder.DropTable(
                name: "workspace_sso_connections");

            migrationBuilder.DropColumn(
                name: "suspended_at",
                table: "workspace_members");

            migrationBuilder.DropColumn(
                name: "suspended_reason",
                table: "workspace_members");

            migrationBuilder.DropColumn(
                name: "totp_last_step",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "method",
                table: "account_sessions");
        }
    }
}
