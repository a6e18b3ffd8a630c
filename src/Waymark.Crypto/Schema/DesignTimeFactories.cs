using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Crypto.Schema;

internal sealed class SqliteCryptoDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCryptoDbContext>
{
    public SqliteCryptoDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteCryptoDbContext>(FeatureSchema.HistoryTableOf("crypto")));
}

internal sealed class PostgresCryptoDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCryptoDbContext>
{
    public PostgresCryptoDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresCryptoDbContext>(FeatureSchema.HistoryTableOf("crypto")));
}
