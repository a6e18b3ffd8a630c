namespace Waymark.Backups.Age;

/// <summary>One recipient stanza of an age header: <c>-&gt; TYPE ARGS…</c> followed by a wrapped body.</summary>
internal sealed record AgeStanza(string Type, IReadOnlyList<string> Arguments, byte[] Body);
