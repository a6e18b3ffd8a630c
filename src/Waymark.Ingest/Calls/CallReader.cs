using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Waymark.Ingest.Calls;

/// <summary>
/// Reads and validates calls in the Segment Tracking API shape and in Userpilot's HTTP API shape.
/// Reasons name the offending field, never its value (it may be personal).
/// </summary>
internal static class CallReader
{
    public static IncomingCall? ReadSegment(JsonElement element, CallType? fixedType, int index, List<CallError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(index, "Each call must be a JSON object."));
            return null;
        }

        if (JsonMarshal.GetRawUtf8Value(element).Length > IngestLimits.MaxEventBytes)
        {
            errors.Add(new(index, $"The call is larger than {IngestLimits.MaxEventBytes / 1024} KB."));
            return null;
        }

        var type = fixedType;
        if (type is null)
        {
            var typeName = element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            type = CallTypeNames.FromWire(typeName);
            if (type is null)
            {
                errors.Add(new(index, "'type' must be one of identify, track, page, screen, group, alias."));
                return null;
            }
        }

        var before = errors.Count;
        var userId = ReadId(element, "userId", index, errors);
        var anonymousId = ReadId(element, "anonymousId", index, errors);
        var groupId = ReadId(element, "groupId", index, errors);
        var previousId = ReadId(element, "previousId", index, errors);
        var messageId = ReadString(element, "messageId", IngestLimits.MaxIdLength, index, errors);
        var traits = ReadObject(element, "traits", index, errors);
        var properties = ReadObject(element, "properties", index, errors);
        CheckAnswerText(properties, "properties", index, errors);
        var context = ReadObject(element, "context", index, errors);
        var timestamp = ReadTimestamp(element, index, errors);
        string? name = null;
        switch (type)
        {
            case CallType.Track:
                name = ReadString(element, "event", IngestLimits.MaxNameLength, index, errors);
                if (string.IsNullOrEmpty(name) && errors.Count == before)
                {
                    errors.Add(new(index, "A track call needs 'event', the event name."));
                }

                break;
            case CallType.Page or CallType.Screen:
                name = ReadString(element, "name", IngestLimits.MaxNameLength, index, errors);
                break;
            case CallType.Group when groupId is null && errors.Count == before:
                errors.Add(new(index, "A group call needs 'groupId'."));
                break;
            case CallType.Alias when (previousId is null || userId is null) && errors.Count == before:
                errors.Add(new(index, "An alias call needs 'previousId' and 'userId'."));
                break;
        }

        if (userId is null && anonymousId is null && errors.Count == before)
        {
            errors.Add(new(index, "Every call needs 'userId' or 'anonymousId'."));
        }

        if (errors.Count != before)
        {
            return null;
        }

        return new IncomingCall
        {
            Type = type.Value,
            UserId = userId,
            AnonymousId = anonymousId,
            GroupId = groupId,
            PreviousId = previousId,
            MessageId = messageId,
            Name = name,
            Traits = traits,
            Properties = properties,
            Context = context,
            Timestamp = timestamp,
        };
    }

    /// <summary>Userpilot's <c>POST /v1/identify {user_id, metadata, company: {id, ...}}</c>: an identify, plus a group call when a company is given.</summary>
    public static IReadOnlyList<IncomingCall> ReadUserpilotIdentify(JsonElement element, List<CallError> errors)
    {
        if (!RequireObject(element, errors))
        {
            return [];
        }

        var userId = ReadId(element, "user_id", 0, errors);
        var metadata = ReadObject(element, "metadata", 0, errors);
        var company = ReadObject(element, "company", 0, errors);
        string? companyId = null;
        if (company is { } c)
        {
            companyId = ReadId(c, "id", 0, errors);
            if (companyId is null && errors.Count == 0)
            {
                errors.Add(new(0, "'company' needs an 'id'."));
            }
        }

        if (userId is null && errors.Count == 0)
        {
            errors.Add(new(0, "'user_id' is required."));
        }

        if (errors.Count > 0)
        {
            return [];
        }

        var calls = new List<IncomingCall> { new() { Type = CallType.Identify, UserId = userId, Traits = metadata } };
        if (companyId is not null)
        {
            // The company's own id is its key, not one of its traits.
            var traits = JsonSerializer.SerializeToElement(company!.Value.EnumerateObject().Where(p => p.Name != "id").ToDictionary(p => p.Name, p => p.Value));
            calls.Add(new() { Type = CallType.Group, UserId = userId, GroupId = companyId, Traits = traits });
        }

        return calls;
    }

    /// <summary>Userpilot's <c>POST /v1/companies/identify {company_id, metadata}</c>.</summary>
    public static IReadOnlyList<IncomingCall> ReadUserpilotCompany(JsonElement element, List<CallError> errors)
    {
        if (!RequireObject(element, errors))
        {
            return [];
        }

        var companyId = ReadId(element, "company_id", 0, errors);
        var metadata = ReadObject(element, "metadata", 0, errors);
        if (companyId is null && errors.Count == 0)
        {
            errors.Add(new(0, "'company_id' is required."));
        }

        return errors.Count > 0 ? [] : [new() { Type = CallType.Group, GroupId = companyId, Traits = metadata, CompanyOnly = true }];
    }

    /// <summary>Userpilot's <c>POST /v1/track {user_id, event_name, metadata}</c>.</summary>
    public static IReadOnlyList<IncomingCall> ReadUserpilotTrack(JsonElement element, List<CallError> errors)
    {
        if (!RequireObject(element, errors))
        {
            return [];
        }

        var userId = ReadId(element, "user_id", 0, errors);
        var name = ReadString(element, "event_name", IngestLimits.MaxNameLength, 0, errors);
        var metadata = ReadObject(element, "metadata", 0, errors);
        CheckAnswerText(metadata, "metadata", 0, errors);
        if (errors.Count == 0 && userId is null)
        {
            errors.Add(new(0, "'user_id' is required."));
        }

        if (errors.Count == 0 && string.IsNullOrEmpty(name))
        {
            errors.Add(new(0, "'event_name' is required."));
        }

        return errors.Count > 0 ? [] : [new() { Type = CallType.Track, UserId = userId, Name = name, Properties = metadata }];
    }

    private static bool RequireObject(JsonElement element, List<CallError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(0, "The body must be a JSON object."));
            return false;
        }

        if (JsonMarshal.GetRawUtf8Value(element).Length > IngestLimits.MaxEventBytes)
        {
            errors.Add(new(0, $"The call is larger than {IngestLimits.MaxEventBytes / 1024} KB."));
            return false;
        }

        return true;
    }

    private static string? ReadId(JsonElement element, string field, int index, List<CallError> errors)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string? id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (id is null)
        {
            errors.Add(new(index, $"'{field}' must be a string or a number."));
            return null;
        }

        if (id.Length > IngestLimits.MaxIdLength)
        {
            errors.Add(new(index, $"'{field}' is longer than {IngestLimits.MaxIdLength} characters."));
            return null;
        }

        return id.Length == 0 ? null : id;
    }

    private static string? ReadString(JsonElement element, string field, int maxLength, int index, List<CallError> errors)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(index, $"'{field}' must be a string."));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength)
        {
            errors.Add(new(index, $"'{field}' is longer than {maxLength} characters."));
            return null;
        }

        return text;
    }

    private static JsonElement? ReadObject(JsonElement element, string field, int index, List<CallError> errors)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(index, $"'{field}' must be a JSON object."));
            return null;
        }

        return value;
    }

    private static void CheckAnswerText(JsonElement? properties, string field, int index, List<CallError> errors)
    {
        if (properties is { } p && p.TryGetProperty(IngestLimits.AnswerTextProperty, out var text) && text.ValueKind == JsonValueKind.String
            && text.GetString()!.Length > IngestLimits.MaxAnswerTextLength)
        {
            errors.Add(new(index, $"'{field}.{IngestLimits.AnswerTextProperty}' is longer than {IngestLimits.MaxAnswerTextLength} characters, the most a survey's text answer holds. Shorten it to {IngestLimits.MaxAnswerTextLength} characters, as the SDK does."));
        }
    }

    private static DateTimeOffset? ReadTimestamp(JsonElement element, int index, List<CallError> errors)
    {
        foreach (var field in (ReadOnlySpan<string>)["timestamp", "originalTimestamp"])
        {
            if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return parsed;
            }

            errors.Add(new(index, $"'{field}' must be an ISO 8601 date-time string."));
            return null;
        }

        return null;
    }
}
