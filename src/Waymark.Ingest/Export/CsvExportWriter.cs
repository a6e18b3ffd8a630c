using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Sealing;

namespace Waymark.Ingest.Export;

/// <summary>
/// The CSV layout (documented in <c>docs/data-subjects.md</c>): one value per row,
/// <c>section,seq,type,timestamp,received_at,field,key,value</c>. Keys and values are JSON-encoded, so every stored
/// value round-trips exactly (a string stays a string, a number a number, an object an object), and no cell a
/// spreadsheet reads can start with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>: a JSON string cell starts with a quote.
/// An empty value cell is a PHI value withheld from a caller without <c>phi:read</c>.
/// </summary>
internal sealed class CsvExportWriter : ExportWriter
{
    private static readonly byte[] Header = "section,seq,type,timestamp,received_at,field,key,value\r\n"u8.ToArray();
    private static readonly SearchValues<byte> NeedsQuotes = SearchValues.Create(",\"\r\n"u8);

    private readonly Stream _output;
    private readonly bool _company;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt * 2);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _prefix = new byte[128];
    private readonly Dictionary<string, byte[]> _keyCells = new(StringComparer.Ordinal);
    private int _prefixLength;

    public CsvExportWriter(Stream output, SubjectKind kind)
    {
        _output = output;
        _company = kind == SubjectKind.Company;
        _json = new Utf8JsonWriter(_scratch, WriterOptions);
    }

    public override async Task WriteStartAsync(ExportSubject subject, CancellationToken cancellationToken)
    {
        _buffer.Write(Header);
        SetPrefix("profile,,,,,"u8);
        if (subject.User is { } user)
        {
            Row("user_id"u8, null).String(user.UserId);
            Profile(user.Traits, user.MaskedTraits, user.FirstSeen, user.LastSeen, user.EventCount);
            SetPrefix("membership,,,,,"u8);
            foreach (var company in user.CompanyIds)
            {
                Row("company_id"u8, null).String(company);
            }
        }
        else if (subject.Company is { } company)
        {
            Row("company_id"u8, null).String(company.CompanyId);
            Row("user_count"u8, null).Number(company.UserCount);
            Profile(company.Traits, company.MaskedTraits, company.FirstSeen, company.LastSeen, company.EventCount);
        }

        await FlushAsync(cancellationToken);
    }

    public override ValueTask WriteEventAsync(ExportEvent current, CancellationToken cancellationToken)
    {
        EventPrefix(current);
        if (current.Name is { } name && !_company)
        {
            Row(current.Type == CallType.Track ? "event"u8 : "name"u8, null).String(name);
        }

        Field("message_id"u8, current, EventPayload.MessageId);
        if (!_company)
        {
            Field("user_id"u8, current, EventPayload.UserId);
            Field("anonymous_id"u8, current, EventPayload.AnonymousId);
        }

        Field("group_id"u8, current, EventPayload.GroupId);
        if (!_company)
        {
            Field("previous_id"u8, current, EventPayload.PreviousId);
            Values("properties"u8, current.Properties);
        }

        Values("traits"u8, current.Traits);
        if (!_company && current.Field(EventPayload.Context) is { ValueKind: JsonValueKind.Object } context)
        {
            foreach (var property in context.EnumerateObject())
            {
                Row("context"u8, property.Name).Element(property.Value);
            }
        }

        return _buffer.WrittenCount >= FlushAt ? new ValueTask(FlushAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public override Task WriteEndAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public override ValueTask DisposeAsync() => _json.DisposeAsync();

    private void Profile(JsonObject traits, IReadOnlyList<string> masked, DateTimeOffset? firstSeen, DateTimeOffset? lastSeen, long eventCount)
    {
        Row("first_seen"u8, null).Time(firstSeen);
        Row("last_seen"u8, null).Time(lastSeen);
        Row("event_count"u8, null).Number(eventCount);
        foreach (var (key, value) in traits)
        {
            var row = Row("traits"u8, key);
            if (value is null && masked.Contains(key, StringComparer.Ordinal))
            {
                row.Withheld();
            }
            else
            {
                row.Node(value);
            }
        }
    }

    private void Field(ReadOnlySpan<byte> field, ExportEvent current, string name)
    {
        if (current.Field(name) is { } value)
        {
            Row(field, null).Element(value);
        }
    }

    private void Values(ReadOnlySpan<byte> field, List<ExportValue> values)
    {
        foreach (var value in values)
        {
            var row = Row(field, value.Key);
            if (value.Masked)
            {
                row.Withheld();
            }
            else
            {
                row.Element(value.Value);
            }
        }
    }

    private void SetPrefix(ReadOnlySpan<byte> prefix)
    {
        prefix.CopyTo(_prefix);
        _prefixLength = prefix.Length;
    }

    private void EventPrefix(ExportEvent current)
    {
        var span = _prefix.AsSpan();
        var length = 0;
        "event,"u8.CopyTo(span);
        length += 6;
        current.Ordinal.TryFormat(span[length..], out var written, provider: CultureInfo.InvariantCulture);
        length += written;
        span[length++] = (byte)',';
        length += Encoding.UTF8.GetBytes(current.Type.ToWire(), span[length..]);
        span[length++] = (byte)',';
        length += FormatTime(current.Timestamp, span[length..]);
        span[length++] = (byte)',';
        length += FormatTime(current.ReceivedAt, span[length..]);
        span[length++] = (byte)',';
        _prefixLength = length;
    }

    /// <summary>Starts a row: the prefix, the field name and the JSON-encoded key; the returned value ends it.</summary>
    private ValueCell Row(ReadOnlySpan<byte> field, string? key)
    {
        _buffer.Write(_prefix.AsSpan(0, _prefixLength));
        _buffer.Write(field);
        _buffer.Write(","u8);
        if (key is not null)
        {
            _buffer.Write(KeyCell(key));
        }

        _buffer.Write(","u8);
        return new ValueCell(this);
    }

    /// <summary>The key's cell, encoded once: an export repeats the same few keys on most of its rows.</summary>
    private byte[] KeyCell(string key)
    {
        if (!_keyCells.TryGetValue(key, out var cell))
        {
            BeginJson();
            _json.WriteStringValue(key);
            _json.Flush();
            var encoded = new ArrayBufferWriter<byte>(_scratch.WrittenCount + 8);
            Cell(_scratch.WrittenSpan, encoded);
            cell = encoded.WrittenSpan.ToArray();
            // Keys sent by clients are unbounded in number; past this many, the rare ones are encoded each time.
            if (_keyCells.Count < 10_000)
            {
                _keyCells[key] = cell;
            }
        }

        return cell;
    }

    private void BeginJson()
    {
        _scratch.ResetWrittenCount();
        _json.Reset(_scratch);
    }

    private void EndJsonCell()
    {
        _json.Flush();
        Cell(_scratch.WrittenSpan);
    }

    private void EndRow() => _buffer.Write("\r\n"u8);

    private void Cell(ReadOnlySpan<byte> value) => Cell(value, _buffer);

    private static void Cell(ReadOnlySpan<byte> value, ArrayBufferWriter<byte> target)
    {
        if (value.IndexOfAny(NeedsQuotes) < 0)
        {
            target.Write(value);
            return;
        }

        target.Write("\""u8);
        while (true)
        {
            var quote = value.IndexOf((byte)'"');
            if (quote < 0)
            {
                target.Write(value);
                break;
            }

            target.Write(value[..(quote + 1)]);
            target.Write("\""u8);
            value = value[(quote + 1)..];
        }

        target.Write("\""u8);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount > 0)
        {
            await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
        }
    }

    private static int FormatTime(DateTimeOffset time, Span<byte> destination)
    {
        time.UtcDateTime.TryFormat(destination, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>The value cell of a row being written; each method writes it and ends the row.</summary>
    private readonly ref struct ValueCell(CsvExportWriter writer)
    {
        public void Element(JsonElement value)
        {
            // Stored JSON is compact, so without escapes its text is exactly what the writer would produce: copy it.
            var raw = JsonMarshal.GetRawUtf8Value(value);
            if (raw.IndexOf((byte)'\\') < 0)
            {
                writer.Cell(raw);
                writer.EndRow();
                return;
            }

            writer.BeginJson();
            value.WriteTo(writer._json);
            writer.EndJsonCell();
            writer.EndRow();
        }

        public void Node(JsonNode? value)
        {
            writer.BeginJson();
            if (value is null)
            {
                writer._json.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer._json);
            }

            writer.EndJsonCell();
            writer.EndRow();
        }

        public void String(string value)
        {
            writer.BeginJson();
            writer._json.WriteStringValue(value);
            writer.EndJsonCell();
            writer.EndRow();
        }

        public void Number(long value)
        {
            writer.BeginJson();
            writer._json.WriteNumberValue(value);
            writer.EndJsonCell();
            writer.EndRow();
        }

        public void Time(DateTimeOffset? value)
        {
            if (value is { } time)
            {
                Span<byte> text = stackalloc byte[32];
                var length = FormatTime(time, text);
                writer.BeginJson();
                writer._json.WriteStringValue(text[..length]);
                writer.EndJsonCell();
            }
            else
            {
                writer._buffer.Write("null"u8);
            }

            writer.EndRow();
        }

        public void Withheld() => writer.EndRow();
    }
}
