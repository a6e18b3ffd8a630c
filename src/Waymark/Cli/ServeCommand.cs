using System.CommandLine;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Accounts.Setup;
using Waymark.Crypto.MasterKeys;
using Waymark.Firewall.Transport;
using Waymark.Hosting;
using Waymark.Storage;

namespace Waymark.Cli;

internal static class ServeCommand
{
    private static readonly Option<string?> Urls = new("--urls") { Description = "Addresses to listen on, e.g. http://127.0.0.1:5080. Default: http://localhost:5080" };

    private static readonly Option<FileInfo?> TlsCertificate = new("--tls-cert") { Description = "Serve HTTPS with this certificate: PEM (with --tls-key) or .pfx (password in WAYMARK_TLS__PASSWORD); listen on an https:// address with --urls" };

    private static readonly Option<FileInfo?> TlsKey = new("--tls-key") { Description = "The PEM private key of --tls-cert" };

    private static readonly Option<string> RoleOption = new Option<string>("--role") { Description = "Run one role only: ingest, app or worker. Default: all roles in one process", DefaultValueFactory = _ => "all" }
        .AcceptOnlyFromAmong("all", "ingest", "app", "worker");

    public static Command Create()
    {
        var command = new Command("serve", "Start Waymark: every role in one process on the embedded default, or one role with --role")
        {
            CommonOptions.Data, CommonOptions.Database, Urls, RoleOption, TlsCertificate, TlsKey,
        };
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The TLS options given on the command line, over those of files and the environment.</summary>
    private static Dictionary<string, string?> TlsConfiguration(ParseResult parse)
    {
        var configuration = new Dictionary<string, string?>();
        if (parse.GetValue(TlsCertificate) is { } certificate)
        {
            configuration[TlsOptions.Section + ":" + nameof(TlsOptions.CertificatePath)] = certificate.FullName;
        }

        if (parse.GetValue(TlsKey) is { } key)
        {
            configuration[TlsOptions.Section + ":" + nameof(TlsOptions.KeyPath)] = key.FullName;
        }

        return configuration;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = new ServeSettings
        {
            DataDirectory = parse.GetValue(CommonOptions.Data),
            Database = parse.GetValue(CommonOptions.Database),
            Urls = parse.GetValue(Urls) ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? "http://localhost:5080",
            Role = Enum.Parse<Role>(parse.GetValue(RoleOption) ?? "all", ignoreCase: true),
            Configuration = TlsConfiguration(parse),
        };
        WebApplication built;
        try
        {
            built = WaymarkApplication.Build(settings);
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync("waymark: " + exception.Message);
            return 1;
        }

        await using var app = built;
        try
        {
            await WaymarkApplication.PrepareAsync(app, cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync("waymark: " + exception.Message);
            return 1;
        }

        var masterKey = app.Services.GetRequiredService<MasterKey>();
        if (masterKey.CreatedByThisProcess)
        {
            await Console.Error.WriteLineAsync(MasterKeyWarning.Text(masterKey.KeyFile));
        }

        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var database = app.Services.GetRequiredService<WaymarkDatabase>();
        Console.WriteLine($"Waymark is running ({settings.Role.ToString().ToLowerInvariant()}) on {string.Join(", ", addresses)}; database: {Describe(database)}. Press Ctrl+C to stop.");
        if (settings.Role.HasFlag(Role.App))
        {
            await PrintSetupLinkAsync(app, addresses, cancellationToken);
        }

        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Until the first owner exists, every start prints a fresh one-time setup link (there is never a default password).</summary>
    private static async Task PrintSetupLinkAsync(WebApplication app, ICollection<string> addresses, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<InstanceSetup>().IssueTokenAsync(cancellationToken);
        if (token is null)
        {
            return;
        }

        var configured = app.Services.GetRequiredService<IOptions<AccountsOptions>>().Value.PublicUrl;
        var baseUrl = !string.IsNullOrWhiteSpace(configured) ? configured.TrimEnd('/') : (addresses.FirstOrDefault() ?? "http://localhost:5080").Replace("://[::]", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
        Console.WriteLine($"""

            ┌─ Set up Waymark ────────────────────────────────────────────────────────────
            │ No owner exists yet. Open this one-time link to create the first owner:
            │
            │   {baseUrl}/setup?token={token}
            │
            │ The link works once. A restart before setup prints a new one (the old one stops working).
            └─────────────────────────────────────────────────────────────────────────────
            """);
    }

    private static string Describe(WaymarkDatabase database) =>
        database.Provider == DatabaseProvider.Sqlite ? $"SQLite at {database.SqliteFile}" : "PostgreSQL";
}
