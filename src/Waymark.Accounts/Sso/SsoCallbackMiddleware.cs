using Microsoft.AspNetCore.Http;

namespace Waymark.Accounts.Sso;

/// <summary>
/// Readies the scheme of the workspace a provider sends the browser back to, before authentication runs: the sign-in
/// may have started on another node, or before this process started, and the handler only answers a callback path
/// of a scheme it knows.
/// </summary>
internal sealed class SsoCallbackMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SsoSchemes schemes)
    {
        if (SsoSchemes.CallbackWorkspace(context.Request.Path) is { } publicId)
        {
            await schemes.SyncAsync(publicId, context.RequestAborted);
        }

        await next(context);
    }
}
