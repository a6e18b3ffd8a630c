using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Waymark.Api;

/// <summary>
/// A database that cannot be reached for a moment (a PostgreSQL failover, an exhausted pool) answers 503 with
/// <c>Retry-After</c> and a problem saying to retry, not a bare 500: clients and load balancers then retry, and
/// ingest retries are safe because each <c>messageId</c> is stored once.
/// </summary>
public sealed class DatabaseUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsTransient(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        await Problems.Create(
                StatusCodes.Status503ServiceUnavailable,
                "database-unavailable",
                "Database unavailable",
                "The database could not be reached for a moment (for example during a failover). Retry in a second; ingest requests are safe to repeat with the same messageIds.")
            .ExecuteAsync(httpContext);
        return true;
    }

    private static bool IsTransient(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DbException { IsTransient: true } or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
