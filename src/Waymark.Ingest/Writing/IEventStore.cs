namespace Waymark.Ingest.Writing;

/// <summary>Writes a group of requests in one transaction and says, per request, how many events were new.</summary>
internal interface IEventStore : IAsyncDisposable
{
    Task<WriteOutcome[]> WriteAsync(IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken);
}
