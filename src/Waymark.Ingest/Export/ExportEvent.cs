using System.Text.Json;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Sealing;

namespace Waymark.Ingest.Export;

/// <summary>
/// One stored event, opened: what <see cref="Reading.SubjectReader"/> answers for it, without building a JSON tree per
/// event (exports are hot: a hundred thousand events in a second). Properties and traits merge the public, personal and
/// PHI parts in that order, a later part's value replacing an earlier one's, as the reader does. Reused from row to row.
/// </summary>
internal sealed class ExportEvent : IDisposable
{
    private JsonDocument? _sealed;
    private JsonDocument? _public;
    private JsonDocument? _phi;

    public long Ordinal { get; private set; }

    public CallType Type { get; private set; }

    public string? Name { get; private set; }

    public DateTimeOffset Timestamp { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public List<ExportValue> Properties { get; } = [];

    public List<ExportValue> Traits { get; } = [];

    /// <summary>The sealed payload's root: ids (<see cref="EventPayload"/> names) and the context.</summary>
    public JsonElement Payload => _sealed!.RootElement;

    public JsonElement? Field(string name) =>
        Payload.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public void Load(long ordinal, CallType type, string? name, long timestamp, long receivedAt, string? publicData, byte[] sealedData, byte[]? phi, bool includePhi, SortedSet<string> disclosedPhi)
    {
        Release();
        Ordinal = ordinal;
        Type = type;
        Name = name;
        Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestamp);
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(receivedAt);
        _sealed = JsonDocument.Parse(sealedData);
        _public = publicData is null ? null : JsonDocument.Parse(publicData);
        _phi = phi is null ? null : JsonDocument.Parse(phi);
        Properties.Clear();
        Traits.Clear();
        Merge(Properties, EventPayload.Properties, includePhi, disclosedPhi);
        Merge(Traits, EventPayload.Traits, includePhi, disclosedPhi);
    }

    public void Dispose() => Release();

    private void Merge(List<ExportValue> target, string section, bool includePhi, SortedSet<string> disclosedPhi)
    {
        Add(target, _public, section, false, null);
        Add(target, _sealed, section, false, null);
        Add(target, _phi, section, !includePhi, includePhi ? disclosedPhi : null);
    }

    private static void Add(List<ExportValue> target, JsonDocument? source, string section, bool masked, SortedSet<string>? disclosed)
    {
        if (source is null || !source.RootElement.TryGetProperty(section, out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var merging = target.Count > 0;
        foreach (var property in values.EnumerateObject())
        {
            var value = new ExportValue(property.Name, property.Value, masked);
            disclosed?.Add(property.Name);
            var index = merging ? target.FindIndex(v => string.Equals(v.Key, value.Key, StringComparison.Ordinal)) : -1;
            if (index >= 0)
            {
                target[index] = value;
            }
            else
            {
                target.Add(value);
            }
        }
    }

    private void Release()
    {
        _sealed?.Dispose();
        _public?.Dispose();
        _phi?.Dispose();
        _sealed = _public = _phi = null;
    }
}
