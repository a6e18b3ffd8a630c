using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Experiences.Schema;

internal sealed class SqliteExperiencesDesignTimeFactory : IDesignTimeDbContextFactory<SqliteExperiencesDbContext>
{
    public SqliteExperiencesDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteExperiencesDbContext>(FeatureSchema.HistoryTableOf("experiences")));
}

internal sealed class PostgresExperiencesDesignTimeFactory : IDesignTimeDbContextFactory<PostgresExperiencesDbContext>
{
    public PostgresExperiencesDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresExperiencesDbContext>(FeatureSchema.HistoryTableOf("experiences")));
}
