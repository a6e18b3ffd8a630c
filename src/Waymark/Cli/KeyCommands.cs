using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Callers;

namespace Waymark.Cli;

/// <summary><c>waymark keys list|create|revoke|rotate-write</c>: the operator's side of the Keys page.</summary>
internal static class KeyCommands
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id (ws_...)", Required = true };

    private static readonly Option<string> Name = new("--name") { Description = "What the key is for, e.g. 'billing backend'", Required = true };

    private static readonly Option<string[]> Scopes = new("--scope") { Description = "A permission the key carries; repeat for several (e.g. --scope data:read --scope audit:read)", Required = true, AllowMultipleArgumentsPerToken = true };

    private static readonly Option<DateTimeOffset?> Expires = new("--expires") { Description = "When the key stops working (ISO 8601, e.g. 2027-06-30). Default: never" };

    private static readonly Argument<long> KeyId = new("id") { Description = "The key's id, as 'waymark keys list' shows it" };

    private static readonly Option<double> Overlap = new("--overlap-hours") { Description = "How long the current write key keeps working (0 to 720 hours)", DefaultValueFactory = _ => 24 };

    public static Command Create()
    {
        var list = new Command("list", "List a workspace's keys: prefix, scopes, state and last use (never secrets)") { Workspace, CommonOptions.Json, CommonOptions.Data, CommonOptions.Database };
        list.SetAction(ListAsync);
        var create = new Command("create", "Create a scoped server key and print its secret once") { Workspace, Name, Scopes, Expires, CommonOptions.Json, CommonOptions.Data, CommonOptions.Database };
        create.SetAction(CreateAsync);
        var revoke = new Command("revoke", "Revoke a key; it fails from its next request") { Workspace, KeyId, CommonOptions.Data, CommonOptions.Database };
        revoke.SetAction(RevokeAsync);
        var rotate = new Command("rotate-write", "Issue a new write key; the current one keeps working for the overlap, then stops") { Workspace, Overlap, CommonOptions.Json, CommonOptions.Data, CommonOptions.Database };
        rotate.SetAction(RotateAsync);
        return new Command("keys", "Manage a workspace's write and server keys") { list, create, revoke, rotate };
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var keys = await host.Services.GetRequiredService<KeyService>().ListAsync(workspaceId, cancellationToken);
        if (parse.GetValue(CommonOptions.Json))
        {
            Console.WriteLine(JsonSerializer.Serialize(keys.Select(k => new { id = k.Id, kind = k.Kind.ToString().ToLowerInvariant(), name = k.Name, prefix = k.Prefix, scopes = k.Scopes, state = k.State, createdAt = k.CreatedAt, expiresAt = k.ExpiresAt, lastUsedAt = k.LastUsedAt })));
            return 0;
        }

        Console.WriteLine($"{"ID",6}  {"KIND",-6}  {"PREFIX",-10}  {"STATE",-8}  {"LAST USED",-16}  NAME / SCOPES");
        foreach (var k in keys)
        {
            Console.WriteLine($"{k.Id,6}  {k.Kind.ToString().ToLowerInvariant(),-6}  {k.Prefix,-10}  {k.State,-8}  {k.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",-16}  {k.Name}: {string.Join(' ', k.Scopes)}");
        }

        return 0;
    }

    private static async Task<int> CreateAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<KeyService>().CreateServerKeyAsync(Caller.Operator(), workspaceId, parse.GetValue(Name), parse.GetValue(Scopes), parse.GetValue(Expires), cancellationToken);
        return await PrintCreatedAsync(parse, outcome.Value, outcome.Refusal?.Detail);
    }

    private static async Task<int> RevokeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var outcome = await host.Services.GetRequiredService<KeyService>().RevokeAsync(Caller.Operator(), workspaceId, parse.GetValue(KeyId), cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            await Console.Error.WriteLineAsync("waymark: " + refusal.Detail);
            return 1;
        }

        Console.WriteLine($"Key {outcome.Value!.Id} ({outcome.Value.Prefix}…) is revoked; it fails from its next request.");
        return 0;
    }

    private static async Task<int> RotateAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var host = await CliHost.StartAsync(parse, migrateEmbedded: true, cancellationToken);
        if (await CliHost.FindWorkspaceAsync(host, parse.GetValue(Workspace)!, cancellationToken) is not { } workspaceId)
        {
            return 1;
        }

        var hours = parse.GetValue(Overlap);
        var outcome = await host.Services.GetRequiredService<KeyService>().RotateWriteKeyAsync(Caller.Operator(), workspaceId, TimeSpan.FromHours(double.IsFinite(hours) ? hours : -1), cancellationToken);
        return await PrintCreatedAsync(parse, outcome.Value, outcome.Refusal?.Detail);
    }

    private static async Task<int> PrintCreatedAsync(ParseResult parse, CreatedKey? created, string? error)
    {
        if (created is null)
        {
            await Console.Error.WriteLineAsync("waymark: " + error);
            return 1;
        }

        if (parse.GetValue(CommonOptions.Json))
        {
            Console.WriteLine(JsonSerializer.Serialize(new { id = created.Key.Id, kind = created.Key.Kind.ToString().ToLowerInvariant(), scopes = created.Key.Scopes, expiresAt = created.Key.ExpiresAt, secret = created.Secret }));
            return 0;
        }

        Console.WriteLine($"""
            Key {created.Key.Id} created ({created.Key.Kind.ToString().ToLowerInvariant()}; {string.Join(' ', created.Key.Scopes)}).

              {created.Secret}

            This secret is shown only now. Waymark keeps only its hash.
            """);
        return 0;
    }
}
