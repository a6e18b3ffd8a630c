using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Waymark.TestSupport;

namespace Waymark.Email.Tests;

/// <summary>The email library as the host composes it: configuration in, <see cref="IEmailSender"/> out, logs captured.</summary>
internal sealed class EmailHost : IDisposable
{
    private readonly ServiceProvider _services;

    public EmailHost(IReadOnlyDictionary<string, string?> configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddWaymarkEmail();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public LogCapture Logs { get; } = new();

    public IServiceProvider Services => _services;

    public IEmailSender Sender => _services.GetRequiredService<IEmailSender>();

    public void Dispose() => _services.Dispose();
}
