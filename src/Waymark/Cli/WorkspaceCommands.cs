using System.CommandLine;
using System.Text.Json;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Cli;

internal static class WorkspaceCommands
{
    private static readonly Argument<string> Name = new("name") { Description = "Workspace name" };

    public static Command Create()
    {
        var create = new Command("create", "Create a workspace and print its write key and server key (shown once; only their hashes are kept)")
        {
            Name, CommonOptions.Json, CommonOptions.Data, CommonOptions.Database,
        };
        create.SetAction(CreateAsync);

        var list = new Command("list", "List workspaces (never their keys)") { CommonOptions.Json, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);

        return new Command("workspace", "Create and list workspaces") { create, list };
    }

    private static async Task<int> CreateAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var name = parse.GetValue(Name)!;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            await Console.Error.WriteLineAsync("waymark: a workspace name is 1 to 200 characters.");
            return 2;
        }

        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var created = await host.Services.GetRequiredService<WorkspaceService>().CreateAsync(name, cancellationToken: cancellationToken);
        if (parse.GetValue(CommonOptions.Json))
        {
            // The documented shape, spaced as in the docs, so scripts that match it literally keep working.
            Console.WriteLine($"{{\"workspaceId\": {Quote(created.WorkspaceId)}, \"writeKey\": {Quote(created.WriteKey)}, \"serverKey\": {Quote(created.ServerKey)}}}");
            return 0;
        }

        Console.WriteLine($"""
            Workspace created: {created.WorkspaceId}

              Write key (browser SDK and tracking clients): {created.WriteKey}
              Server key (server API; keep it secret):       {created.ServerKey}

            These keys are shown only now. Waymark keeps only their hashes.
            """);
        return 0;
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        var workspaces = await host.Services.GetRequiredService<WorkspaceService>().ListAsync(cancellationToken);
        if (parse.GetValue(CommonOptions.Json))
        {
            Console.WriteLine(JsonSerializer.Serialize(workspaces.Select(w => new { workspaceId = w.WorkspaceId, name = w.Name, createdAt = w.CreatedAt, activeKeys = w.ActiveKeys })));
            return 0;
        }

        if (workspaces.Count == 0)
        {
            Console.WriteLine("No workspaces yet. Create one with: waymark workspace create NAME");
            return 0;
        }

        Console.WriteLine($"{"ID",-22} {"CREATED",-20} {"KEYS",4}  NAME");
        foreach (var w in workspaces)
        {
            Console.WriteLine($"{w.WorkspaceId,-22} {w.CreatedAt:yyyy-MM-dd HH:mm}{"",4} {w.ActiveKeys,4}  {w.Name}");
        }

        return 0;
    }
}
