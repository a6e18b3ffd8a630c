namespace Waymark.Ingest.Sealing;

/// <summary>Field names inside the sealed and public JSON of an event row; shared by the sealer and the reader.</summary>
internal static class EventPayload
{
    public const string MessageId = "m";
    public const string UserId = "u";
    public const string AnonymousId = "a";
    public const string GroupId = "g";
    public const string PreviousId = "p";
    public const string Context = "ctx";
    public const string Properties = "props";
    public const string Traits = "traits";
}
