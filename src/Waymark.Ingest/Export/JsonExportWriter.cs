using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Sealing;

namespace Waymark.Ingest.Export;

/// <summary>
/// The JSON layout: <c>{"user_id", "profile", "companies", "events"}</c> (a company: <c>{"company_id", "profile",
/// "events"}</c>), with profiles and events in the read API's shapes, masked PHI included as <c>null</c> and listed.
/// </summary>
internal sealed class JsonExportWriter : ExportWriter
{
    private readonly Utf8JsonWriter _json;
    private readonly bool _company;

    public JsonExportWriter(Stream output, SubjectKind kind)
    {
        _json = new Utf8JsonWriter(output, WriterOptions);
        _company = kind == SubjectKind.Company;
    }

    public override async Task WriteStartAsync(ExportSubject subject, CancellationToken cancellationToken)
    {
        _json.WriteStartObject();
        if (subject.User is { } user)
        {
            _json.WriteString("user_id", user.UserId);
            _json.WriteStartObject("profile");
            Profile(user.Traits, user.MaskedTraits, user.FirstSeen, user.LastSeen, user.EventCount);
            _json.WriteEndObject();
            _json.WriteStartArray("companies");
            foreach (var company in user.CompanyIds)
            {
                _json.WriteStringValue(company);
            }

            _json.WriteEndArray();
        }
        else if (subject.Company is { } company)
        {
            _json.WriteString("company_id", company.CompanyId);
            _json.WriteStartObject("profile");
            _json.WriteNumber("user_count", company.UserCount);
            Profile(company.Traits, company.MaskedTraits, company.FirstSeen, company.LastSeen, company.EventCount);
            _json.WriteEndObject();
        }

        _json.WriteStartArray("events");
        await _json.FlushAsync(cancellationToken);
    }

    public override ValueTask WriteEventAsync(ExportEvent current, CancellationToken cancellationToken)
    {
        _json.WriteStartObject();
        Field("message_id", current, EventPayload.MessageId);
        _json.WriteString("type", current.Type.ToWire());
        if (_company)
        {
            Field("group_id", current, EventPayload.GroupId);
        }
        else
        {
            _json.WriteString("event", current.Type == CallType.Track ? current.Name : null);
            _json.WriteString("name", current.Type == CallType.Track ? null : current.Name);
            Field("user_id", current, EventPayload.UserId);
            Field("anonymous_id", current, EventPayload.AnonymousId);
            Field("group_id", current, EventPayload.GroupId);
            Field("previous_id", current, EventPayload.PreviousId);
            Values("properties", "masked_properties", current.Properties);
        }

        Values("traits", "masked_traits", current.Traits);
        if (!_company)
        {
            _json.WritePropertyName("context");
            if (current.Field(EventPayload.Context) is { ValueKind: JsonValueKind.Object } context)
            {
                Write(context);
            }
            else
            {
                _json.WriteStartObject();
                _json.WriteEndObject();
            }
        }

        _json.WriteString("timestamp", current.Timestamp);
        _json.WriteString("received_at", current.ReceivedAt);
        _json.WriteEndObject();
        return _json.BytesPending >= FlushAt ? new ValueTask(_json.FlushAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public override async Task WriteEndAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken);
    }

    public override ValueTask DisposeAsync() => _json.DisposeAsync();

    private void Profile(JsonObject traits, IReadOnlyList<string> masked, DateTimeOffset? firstSeen, DateTimeOffset? lastSeen, long eventCount)
    {
        _json.WritePropertyName("traits");
        traits.WriteTo(_json);
        _json.WriteStartArray("masked_traits");
        foreach (var key in masked)
        {
            _json.WriteStringValue(key);
        }

        _json.WriteEndArray();
        Time("first_seen", firstSeen);
        Time("last_seen", lastSeen);
        _json.WriteNumber("event_count", eventCount);
    }

    private void Time(string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            _json.WriteString(name, time);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    private void Field(string name, ExportEvent current, string field)
    {
        _json.WritePropertyName(name);
        if (current.Field(field) is { } value)
        {
            Write(value);
        }
        else
        {
            _json.WriteNullValue();
        }
    }

    /// <summary>Stored JSON is compact, so without escapes its text is exactly what the writer would produce: copy it.</summary>
    private void Write(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.IndexOf((byte)'\\') < 0)
        {
            _json.WriteRawValue(raw, skipInputValidation: true);
        }
        else
        {
            value.WriteTo(_json);
        }
    }

    private void Values(string name, string maskedName, List<ExportValue> values)
    {
        _json.WriteStartObject(name);
        foreach (var value in values)
        {
            _json.WritePropertyName(value.Key);
            if (value.Masked)
            {
                _json.WriteNullValue();
            }
            else
            {
                Write(value.Value);
            }
        }

        _json.WriteEndObject();
        _json.WriteStartArray(maskedName);
        if (values.Exists(v => v.Masked))
        {
            foreach (var key in values.Where(v => v.Masked).Select(v => v.Key).Order(StringComparer.Ordinal))
            {
                _json.WriteStringValue(key);
            }
        }

        _json.WriteEndArray();
    }
}
