namespace Waymark.Workspaces.ApiKeys;

/// <summary>
/// A write key is public by nature (it ships in the browser) and may only send events;
/// a server key stays on the customer's servers and may read and manage data.
/// </summary>
public enum ApiKeyKind
{
    Write = 1,
    Server = 2,
}
