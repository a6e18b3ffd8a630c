using Microsoft.EntityFrameworkCore;

namespace Waymark.Storage;

/// <summary>
/// Options for <c>dotnet ef migrations add</c>, which builds each provider's context without a running host.
/// The connection strings are never opened.
/// </summary>
public static class DesignTimeContexts
{
    public static DbContextOptions<T> Sqlite<T>(string historyTable)
        where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(historyTable)).Options;

    public static DbContextOptions<T> Postgres<T>(string historyTable)
        where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseNpgsql("Host=localhost;Database=design-time", o => o.MigrationsHistoryTable(historyTable)).Options;
}
