using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Analytics.Schema.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivityPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_periods",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "INTEGER", nullable: false),
                    subject_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    period = table.Column<short>(type: "INTEGER", nullable: false),
                    start_day = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_periods", x => new { x.workspace_id, x.subject_hash, x.period, x.start_day });
                });

            // Weeks (1, Monday first) and months (2) of the days already recorded, once.
            migrationBuilder.Sql("""
                INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day)
                SELECT DISTINCT workspace_id, subject_hash, 1, (day + 3) / 7 * 7 - 3 FROM activity_days
                """);
            migrationBuilder.Sql("""
                INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day)
                SELECT DISTINCT workspace_id, subject_hash, 2, CAST(strftime('%s', date(day * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400 FROM activity_days
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_periods");
        }
    }
}
