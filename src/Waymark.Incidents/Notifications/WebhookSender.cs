using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Waymark.Incidents.Notifications;

/// <summary>
/// POSTs a signed event to a webhook, retrying a failed attempt (a network error, a timeout or a status other than
/// 2xx) a few times with a doubling wait. Answers what happened, for the timeline; never throws for a failed delivery.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptions<IncidentOptions> options, TimeProvider clock)
{
    public const string ClientName = "incident-webhooks";

    public async Task<(bool Delivered, string Summary)> SendAsync(Uri url, string secret, WebhookEvent payload, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        var attempts = Math.Max(1, options.Value.WebhookAttempts);
        var delay = options.Value.WebhookRetryDelay;
        var last = "";
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(delay, clock, cancellationToken);
                delay *= 2;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Compute(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
            try
            {
                using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return (true, $"Webhook delivered {payload.Type} (HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}, attempt {attempt.ToString(CultureInfo.InvariantCulture)})");
                }

                last = "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException e)
            {
                last = e.InnerException is WebhookTargetRefusedException refused ? refused.Message : e.HttpRequestError.ToString();
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "timed out";
            }
        }

        return (false, $"Webhook failed for {payload.Type} after {attempts.ToString(CultureInfo.InvariantCulture)} attempts (last: {last})");
    }
}
