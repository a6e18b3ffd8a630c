using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Waymark.Incidents.Tests.Support;

/// <summary>
/// A customer's webhook endpoint: Kestrel on 127.0.0.1, checking each POST's <c>Waymark-Signature</c> the way
/// docs/incidents.md tells customers to, and keeping the events whose signature is valid. It can be told to fail.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private int _badSignatures;
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The secret to verify with; until it is set every request is refused.</summary>
    public string? Secret { get; set; }

    /// <summary>When set, every request is answered 500 (a customer's endpoint that is down).</summary>
    public bool Failing { get; set; }

    public int BadSignatures => Volatile.Read(ref _badSignatures);

    public int Requests => Volatile.Read(ref _requests);

    public Uri Url { get; private set; } = null!;

    public IReadOnlyCollection<JsonObject> Events => _events;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Verifies as documented: recompute HMAC-SHA256(secret, "t.body"), compare in constant time, refuse stale timestamps.</summary>
    public static bool Verify(string secret, string? header, byte[] body, TimeSpan maxAge, DateTimeOffset now)
    {
        var parts = (header ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        byte[] given;
        try
        {
            given = Convert.FromHexString(v1);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(expected, given) && (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= maxAge;
    }

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Failing)
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        // The server under test runs on a movable clock, so the age check allows for how far a test moved it.
        if (Secret is null || !Verify(Secret, context.Request.Headers["Waymark-Signature"], body, TimeSpan.FromDays(1), TimeProvider.System.GetUtcNow()))
        {
            Interlocked.Increment(ref _badSignatures);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        _events.Enqueue(JsonNode.Parse(body)!.AsObject());
        return Results.NoContent();
    }
}
