using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.AccessReviews.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_review_campaigns",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    subject_account_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    subject_event_at = table.Column<long>(type: "INTEGER", nullable: true),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    overdue_recorded_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_review_campaigns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "access_review_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    campaign_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    account_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    key_id = table.Column<long>(type: "INTEGER", nullable: true),
                    key_prefix = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    key_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    key_scopes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    facts = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_review_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "access_review_schedules",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    every_months = table.Column<int>(type: "INTEGER", nullable: false),
                    due_days = table.Column<int>(type: "INTEGER", nullable: false),
                    next_due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_review_schedules", x => x.workspace_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_access_review_campaigns_due",
                table: "access_review_campaigns",
                columns: new[] { "completed_at", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_access_review_campaigns_workspace",
                table: "access_review_campaigns",
                columns: new[] { "workspace_id", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_access_review_items_campaign",
                table: "access_review_items",
                column: "campaign_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_review_campaigns");

            migrationBuilder.DropTable(
                name: "access_review_items");

            migrationBuilder.DropTable(
                name: "access_review_schedules");
        }
    }
}
