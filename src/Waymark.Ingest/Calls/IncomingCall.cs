using System.Text.Json;

namespace Waymark.Ingest.Calls;

/// <summary>One validated call, whichever API shape (Segment or Userpilot) it arrived in.</summary>
internal sealed class IncomingCall
{
    public required CallType Type { get; init; }

    public string? UserId { get; init; }

    public string? AnonymousId { get; init; }

    public string? GroupId { get; init; }

    public string? PreviousId { get; init; }

    public string? MessageId { get; init; }

    /// <summary>The event name of a track call, or the page/screen name.</summary>
    public string? Name { get; init; }

    public JsonElement? Traits { get; init; }

    public JsonElement? Properties { get; init; }

    public JsonElement? Context { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>A company update with no user behind it (Userpilot's companies/identify): changes the company, stores no event.</summary>
    public bool CompanyOnly { get; init; }
}

/// <summary>Why one call of a request was refused; <see cref="Index"/> is its position in the batch.</summary>
internal sealed record CallError(int Index, string Reason);
