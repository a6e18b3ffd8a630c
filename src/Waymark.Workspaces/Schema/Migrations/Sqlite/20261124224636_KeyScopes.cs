using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Workspaces.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KeyScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "created_by",
                table: "api_keys",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "expires_at",
                table: "api_keys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "last_used_at",
                table: "api_keys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "api_keys",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "scopes",
                table: "api_keys",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_workspace_id_created_by",
                table: "api_keys",
                columns: new[] { "workspace_id", "created_by" });

            // Keys made before scopes existed keep what they could do: write keys send events, server keys do everything.
            migrationBuilder.Sql("UPDATE api_keys SET scopes = 'events:write', name = 'Write key' WHERE kind = 1");
            migrationBuilder.Sql("UPDATE api_keys SET scopes = 'analytics:read audit:read content:edit data:delete data:read events:write keys:manage members:manage phi:read settings:manage workspace:view', name = 'Server key' WHERE kind = 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_api_keys_workspace_id_created_by",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "last_used_at",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "name",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "scopes",
                table: "api_keys");
        }
    }
}
