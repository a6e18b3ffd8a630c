using System.CommandLine;
using Waymark.Storage;

namespace Waymark.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply database migrations (run once before starting PostgreSQL nodes; serve does it itself on the embedded default)")
        {
            CommonOptions.Data, CommonOptions.Database,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = await CliHost.StartAsync(parse, migrateEmbedded: false, cancellationToken);
            var applied = await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
            Console.WriteLine(applied == 0 ? "The database schema is up to date." : $"Applied {applied} migration(s).");
            return 0;
        });
        return command;
    }
}
