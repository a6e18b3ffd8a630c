using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Experiences.Schema.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SurveyAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "survey_answers",
                columns: table => new
                {
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    content_id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    question_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    answered_at = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: true),
                    choices = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_answers", x => new { x.workspace_id, x.content_id, x.question_id, x.subject_hash, x.answered_at });
                });

            migrationBuilder.CreateIndex(
                name: "ix_survey_answers_subject",
                table: "survey_answers",
                columns: new[] { "workspace_id", "subject_hash" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survey_answers");
        }
    }
}
