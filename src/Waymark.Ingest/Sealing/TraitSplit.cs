using System.Buffers;
using System.Text.Json;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Ingest.Sealing;

/// <summary>Sorts one event's properties and traits by data class, reusing its lists across events.</summary>
internal sealed class TraitSplit
{
    private readonly List<JsonProperty>[] _properties = [[], [], []];
    private readonly List<JsonProperty>[] _traits = [[], [], []];

    public bool HasPhi => _properties[(int)DataClass.Phi].Count + _traits[(int)DataClass.Phi].Count > 0;

    public void Reset(DataClassMap classes, JsonElement? properties, JsonElement? traits)
    {
        Fill(_properties, classes, properties);
        Fill(_traits, classes, traits);
    }

    public string? PublicJson()
    {
        if (_properties[(int)DataClass.Public].Count + _traits[(int)DataClass.Public].Count == 0)
        {
            return null;
        }

        return System.Text.Encoding.UTF8.GetString(Write(DataClass.Public));
    }

    public byte[] PhiJson() => Write(DataClass.Phi);

    public void WritePersonal(Utf8JsonWriter writer) => WriteSections(writer, DataClass.Personal);

    private byte[] Write(DataClass dataClass)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteSections(writer, dataClass);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void WriteSections(Utf8JsonWriter writer, DataClass dataClass)
    {
        WriteSection(writer, EventPayload.Properties, _properties[(int)dataClass]);
        WriteSection(writer, EventPayload.Traits, _traits[(int)dataClass]);
    }

    private static void WriteSection(Utf8JsonWriter writer, string name, List<JsonProperty> properties)
    {
        if (properties.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var property in properties)
        {
            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void Fill(List<JsonProperty>[] lists, DataClassMap classes, JsonElement? source)
    {
        foreach (var list in lists)
        {
            list.Clear();
        }

        if (source is not { } element)
        {
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            lists[(int)classes.Classify(property.Name)].Add(property);
        }
    }
}
